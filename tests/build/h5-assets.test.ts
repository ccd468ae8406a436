import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { H5_DIR, ensureH5Build } from '../../bff/src/run/h5-build'

const HASHED = /\.[0-9a-f]{8}\.(js|css)$/

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)],
  )
}

/**
 * The H5 build as the BFF serves it (decision 035): every JS/CSS file is named by its content
 * hash (so a year-long immutable cache is safe across deploys) and has the .br and .gz the server
 * sends; index.html points at hashed files only and preloads 首页's page chunk.
 */
describe('H5 build', () => {
  // The global setup has built it when stale (LINLI_SKIP_H5_BUILD=1 leaves it to the caller).
  beforeAll(() => ensureH5Build(() => undefined), 300_000)

  const scripts = () => filesUnder(H5_DIR).filter((f) => /\.(js|css)$/.test(f))

  it('names every JS and CSS file by its content hash', () => {
    const files = scripts()
    expect(files.length).toBeGreaterThan(3)
    const unhashed = files.filter((f) => !HASHED.test(f)).map((f) => path.relative(H5_DIR, f))
    expect(unhashed).toEqual([])
  })

  it('writes a .br and a .gz beside every JS and CSS file over 1 KiB, holding the same bytes', () => {
    for (const file of scripts()) {
      const body = readFileSync(file)
      if (body.length < 1024) continue
      const name = path.relative(H5_DIR, file)
      expect({ name, br: existsSync(`${file}.br`), gz: existsSync(`${file}.gz`) }).toEqual({ name, br: true, gz: true })
      expect(brotliDecompressSync(readFileSync(`${file}.br`)).equals(body)).toBe(true)
      expect(gunzipSync(readFileSync(`${file}.gz`)).equals(body)).toBe(true)
    }
  })

  it('has index.html load only hashed files, and preload the landing page (首页 at /) beside app.js', () => {
    const html = readFileSync(path.join(H5_DIR, 'index.html'), 'utf8')
    // In attributes, and in the inline scripts' lists (the app's scripts are preloaded and run by script).
    const refs = [...html.matchAll(/"(\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!)
    expect(refs.some((r) => /^\/js\/app\.[0-9a-f]{8}\.js$/.test(r))).toBe(true)
    for (const ref of refs) {
      expect(ref).toMatch(HASHED)
      expect(existsSync(path.join(H5_DIR, ref))).toBe(true)
    }
    // The inline script's map: route → the page chunk's files, preloaded for location.hash.
    const map = html.match(/<script>!function\(m\)\{.*?\}\((\{.*?\})\)<\/script>/)
    expect(map).not.toBeNull()
    const files = JSON.parse(map![1]!) as Record<string, string[]>
    expect(Object.keys(files)).toEqual(['/pages/home/index', '/pages/services/index', '/pages/me/index', '/packages/catalog/pages/service/index'])
    for (const list of Object.values(files)) {
      expect(list.some((f) => /^\/chunk\/[^/]+\.[0-9a-f]{8}\.js$/.test(f))).toBe(true)
      for (const f of list) expect(existsSync(path.join(H5_DIR, f))).toBe(true)
    }
    // Before the stylesheet link, or it would wait for the CSS.
    expect(html.indexOf('<script>!function(m)')).toBeLessThan(html.indexOf('rel="stylesheet"'))
  })
})
