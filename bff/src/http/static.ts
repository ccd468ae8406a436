import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import type { Hono } from 'hono'
import type { AppEnv } from './env'

const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'))

/** The OpenAPI docs page, from swagger-ui-dist on disk: nothing is fetched from a CDN. */
export function mountApiDocs(app: Hono<AppEnv>): void {
  const page = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>邻里 API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`
  app.get('/api/docs', (c) => c.html(page))
  app.get('/api/docs/init.js', (c) =>
    c.body("SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#ui' })", 200, { 'content-type': 'text/javascript' }),
  )
  app.use(
    '/api/docs/assets/*',
    serveStatic({ root: path.relative(process.cwd(), SWAGGER_UI_DIR), rewriteRequestPath: (p) => p.replace('/api/docs/assets', '') }),
  )
}

/** The H5 build of the mini-program at `/`; Taro's hash router needs nothing more than index.html. */
export function mountH5(app: Hono<AppEnv>, h5Dir: string): void {
  if (!existsSync(path.join(h5Dir, 'index.html'))) return
  const root = path.relative(process.cwd(), h5Dir)
  const index = readFileSync(path.join(h5Dir, 'index.html'), 'utf8')
  app.use(
    '/*',
    serveStatic({
      root,
      onFound: (file, c) => {
        // Hashed bundles can be cached for good; index.html must always be revalidated.
        c.header('Cache-Control', file.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable')
      },
    }),
  )
  app.get('/', (c) => c.html(index, 200, { 'Cache-Control': 'no-cache' }))
}
