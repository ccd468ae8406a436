import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import type { Context, Hono } from 'hono'
import { getMimeType } from 'hono/utils/mime'
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

/** A file of the H5 build, read once at start: the build never changes under a running server. */
interface H5File {
  body: Bytes
  type: string
  /** Strong ETag of the file's bytes; each encoding gets its own (a different representation). */
  etag: string
  /** Named by its content (webpack's `[contenthash:8]`): cacheable for a year as immutable. */
  hashed: boolean
  br?: Bytes
  gzip?: Bytes
}

type Bytes = Uint8Array<ArrayBuffer>
const read = (file: string): Bytes => new Uint8Array(readFileSync(file))

/** `app.c88a10d8.js`, `7812.975e867c.css`, `home.0a1b2c3d.png`: a content hash before the extension. */
const HASHED_NAME = /\.[0-9a-f]{8,}\.[a-z0-9]+$/i

function readH5Files(dir: string, prefix = ''): Map<string, H5File> {
  const files = new Map<string, H5File>()
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    const urlPath = `${prefix}/${entry.name}`
    if (entry.isDirectory()) {
      for (const [p, f] of readH5Files(full, urlPath)) files.set(p, f)
      continue
    }
    // The precompressed siblings are found through their file, never served by their own name.
    if (/\.(br|gz)$/.test(entry.name) || entry.name.endsWith('.LICENSE.txt')) continue
    const body = read(full)
    const sibling = (ext: string) => (existsSync(full + ext) ? read(full + ext) : undefined)
    files.set(urlPath, {
      body,
      type: getMimeType(entry.name) ?? 'application/octet-stream',
      etag: createHash('sha256').update(body).digest('base64url').slice(0, 27),
      hashed: HASHED_NAME.test(entry.name),
      br: sibling('.br'),
      gzip: sibling('.gz'),
    })
  }
  return files
}

/** br or gzip when the request accepts it (q > 0) and the file has that sibling; identity otherwise. */
function pickEncoding(acceptEncoding: string | undefined, file: H5File): 'br' | 'gzip' | undefined {
  if (!acceptEncoding) return undefined
  const accepted = new Set<string>()
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name)
  }
  if (file.br && (accepted.has('br') || accepted.has('*'))) return 'br'
  if (file.gzip && (accepted.has('gzip') || accepted.has('*'))) return 'gzip'
  return undefined
}

/** True when If-None-Match names this file's ETag (any encoding of it), or is `*`. */
function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim().replace(/^W\//, '')
    return t === '*' || t.replace(/^"|"$/g, '').replace(/-(br|gzip)$/, '') === etag
  })
}

/**
 * The H5 build of the mini-program at `/` (decision 035); Taro's hash router needs nothing more
 * than index.html. Files named by their content hash are cached a year as `immutable`; the rest
 * (index.html) are `no-cache` with an ETag, so a revalidation costs a 304. JS and CSS go out as the
 * `.br` or `.gz` the build wrote beside them when the browser accepts it (`Vary: Accept-Encoding`).
 */
export function mountH5(app: Hono<AppEnv>, h5Dir: string): void {
  if (!existsSync(path.join(h5Dir, 'index.html'))) return
  const files = readH5Files(h5Dir)
  const serve = (file: H5File) => (c: Context<AppEnv>) => {
    const encoding = pickEncoding(c.req.header('accept-encoding'), file)
    const etag = `"${file.etag}${encoding ? `-${encoding}` : ''}"`
    c.header('Cache-Control', file.hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
    c.header('ETag', etag)
    if (file.br || file.gzip) c.header('Vary', 'Accept-Encoding')
    if (notModified(c.req.header('if-none-match'), file.etag)) return c.body(null, 304)
    const body = encoding === 'br' ? file.br! : encoding === 'gzip' ? file.gzip! : file.body
    c.header('Content-Type', file.type)
    c.header('Content-Length', String(body.length))
    if (encoding) c.header('Content-Encoding', encoding)
    return c.body(body, 200)
  }
  const index = files.get('/index.html')!
  app.get('/', serve(index))
  app.get('/*', (c, next) => {
    const file = files.get(c.req.path)
    return file ? serve(file)(c) : next()
  })
}
