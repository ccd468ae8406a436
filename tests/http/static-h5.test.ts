import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { useTestContext } from '../support/context'

// A small H5 build as the Taro config writes it (decision 035): hashed JS/CSS with .br/.gz beside
// them, index.html without a hash, and a hashed image without precompressed siblings.
const dir = mkdtempSync(path.join(tmpdir(), 'linli-h5-fixture-'))
const APP_JS = `console.log(${JSON.stringify('邻里'.repeat(400))})`
const INDEX = '<!doctype html><html><head><script defer src="/js/app.0a1b2c3d.js"></script></head><body></body></html>'
mkdirSync(path.join(dir, 'js'))
mkdirSync(path.join(dir, 'static/images'), { recursive: true })
writeFileSync(path.join(dir, 'index.html'), INDEX)
writeFileSync(path.join(dir, 'js/app.0a1b2c3d.js'), APP_JS)
writeFileSync(path.join(dir, 'js/app.0a1b2c3d.js.br'), brotliCompressSync(APP_JS))
writeFileSync(path.join(dir, 'js/app.0a1b2c3d.js.gz'), gzipSync(APP_JS))
writeFileSync(path.join(dir, 'js/app.0a1b2c3d.js.LICENSE.txt'), 'MIT')
writeFileSync(path.join(dir, 'static/images/home.9f8e7d6c.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]))

const ctx = useTestContext({ h5Dir: dir })
// The app has read the files at start; the folder can go with the file's tests.
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const IMMUTABLE = 'public, max-age=31536000, immutable'

describe('H5 static files', () => {
  it('sends a hashed bundle as brotli when the browser accepts br, cached a year as immutable', async () => {
    const res = await ctx.request('/js/app.0a1b2c3d.js', { headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-encoding')).toBe('br')
    expect(res.headers.get('vary')).toBe('Accept-Encoding')
    expect(res.headers.get('cache-control')).toBe(IMMUTABLE)
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/)
    const body = Buffer.from(await res.arrayBuffer())
    expect(Number(res.headers.get('content-length'))).toBe(body.length)
    expect(brotliDecompressSync(body).toString()).toBe(APP_JS)
  })

  it('sends gzip when only gzip is accepted, and identity when nothing (or q=0) is', async () => {
    const gz = await ctx.request('/js/app.0a1b2c3d.js', { headers: { 'accept-encoding': 'gzip;q=1.0, br;q=0' } })
    expect(gz.headers.get('content-encoding')).toBe('gzip')
    expect(gz.headers.get('vary')).toBe('Accept-Encoding')
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(APP_JS)

    for (const headers of [{}, { 'accept-encoding': 'identity' }] as Record<string, string>[]) {
      const plain = await ctx.request('/js/app.0a1b2c3d.js', { headers })
      expect(plain.status).toBe(200)
      expect(plain.headers.get('content-encoding')).toBeNull()
      // A cache between must still tell the encodings apart.
      expect(plain.headers.get('vary')).toBe('Accept-Encoding')
      expect(plain.headers.get('cache-control')).toBe(IMMUTABLE)
      expect(await plain.text()).toBe(APP_JS)
    }
  })

  it('gives each encoding its own ETag', async () => {
    const tags = await Promise.all(
      ['br', 'gzip', 'identity'].map(async (enc) => (await ctx.request('/js/app.0a1b2c3d.js', { headers: { 'accept-encoding': enc } })).headers.get('etag')),
    )
    expect(new Set(tags).size).toBe(3)
    for (const tag of tags) expect(tag).toMatch(/^"[^"]+"$/)
  })

  it('serves index.html at / with no-cache and an ETag, and answers 304 when it is unchanged', async () => {
    for (const p of ['/', '/index.html']) {
      const res = await ctx.request(p)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^text\/html/)
      expect(res.headers.get('cache-control')).toBe('no-cache')
      const etag = res.headers.get('etag')
      expect(etag).toMatch(/^"[^"]+"$/)
      expect(await res.text()).toBe(INDEX)

      const again = await ctx.request(p, { headers: { 'if-none-match': etag! } })
      expect(again.status).toBe(304)
      expect(again.headers.get('etag')).toBe(etag)
      expect(await again.text()).toBe('')

      const changed = await ctx.request(p, { headers: { 'if-none-match': '"an-older-build"' } })
      expect(changed.status).toBe(200)
    }
  })

  it('answers 304 for a bundle revalidated with the ETag of another encoding of it', async () => {
    const br = await ctx.request('/js/app.0a1b2c3d.js', { headers: { 'accept-encoding': 'br' } })
    const res = await ctx.request('/js/app.0a1b2c3d.js', { headers: { 'accept-encoding': 'gzip', 'if-none-match': br.headers.get('etag')! } })
    expect(res.status).toBe(304)
  })

  it('caches a hashed image as immutable, without Vary when it has no compressed sibling', async () => {
    const res = await ctx.request('/static/images/home.9f8e7d6c.png', { headers: { 'accept-encoding': 'br' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('content-encoding')).toBeNull()
    expect(res.headers.get('vary')).toBeNull()
    expect(res.headers.get('cache-control')).toBe(IMMUTABLE)
  })

  it('does not serve the precompressed files or license notes by their own names, nor missing files', async () => {
    for (const p of ['/js/app.0a1b2c3d.js.br', '/js/app.0a1b2c3d.js.gz', '/js/app.0a1b2c3d.js.LICENSE.txt', '/js/app.js', '/../package.json']) {
      expect((await ctx.request(p)).status).toBe(404)
    }
  })

  it('answers HEAD with the headers and no body', async () => {
    const res = await ctx.request('/js/app.0a1b2c3d.js', { method: 'HEAD', headers: { 'accept-encoding': 'br' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-encoding')).toBe('br')
    expect(await res.text()).toBe('')
  })

  it('leaves the API to the API', async () => {
    const res = await ctx.request('/api/v1/health')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).not.toBe(IMMUTABLE)
  })
})
