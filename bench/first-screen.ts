/**
 * The H5 first screen, measured in a real browser against a running server (issue 13 item 5):
 * Lighthouse's mobile performance score and LCP on 首页, 服务 and a demo service's page, and the
 * JS/CSS the browser fetches for 首页 on a cold load (chunk list and bytes on the wire).
 *
 * It starts nothing but the browser (the Chromium from npm the browser tests use, or CHROMIUM_PATH).
 * Against `npm start` (API + H5 on one port):
 *
 *   PORT=3917 WORKER=0 npm start &            # or any running server; builds the H5 when stale
 *   npx tsx bench/first-screen.ts http://127.0.0.1:3917 [runs]
 *
 * Lighthouse 12.2.3 runs with its default mobile settings: a Moto G Power screen, simulated slow 4G
 * (150 ms RTT, 1.6 Mbit/s) and 4× CPU slowdown. Each page is measured `runs` times (default 3) and
 * the median kept, since a shared 2-core machine is noisy.
 */
import { createServer } from 'node:net'
import { type Browser, chromium } from 'playwright-core'
import { CHROMIUM_ARGS, resolveChromium } from '../tests/support/chromium'

export interface FirstScreenMetric {
  name: string
  value: number
  unit: string
  target: string
  pass: boolean
}

export interface FirstScreenOptions {
  baseUrl: string
  /** Lighthouse runs per page, median kept (default 3). */
  runs?: number
  /** Called with a line per page and the first-load chunk list. */
  log?: (line: string) => void
}

const SCORE_TARGET = 95
const LCP_TARGET_MS = 1500


function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** A demo service's id: the first service of the first community that lists one. */
async function demoServiceId(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/communities`)
  if (!res.ok) throw new Error(`GET /communities: ${res.status}`)
  const { streets } = (await res.json()) as { streets: { communities: { id: string }[] }[] }
  for (const community of streets.flatMap((s) => s.communities)) {
    const list = await fetch(`${baseUrl}/api/v1/communities/${community.id}/services`)
    if (!list.ok) continue
    const { items } = (await list.json()) as { items: { id: string }[] }
    if (items[0]) return items[0].id
  }
  throw new Error('no demo service found: is the demo district seeded?')
}

export interface FirstLoad {
  /** Every JS and CSS file fetched on a cold load, in order, with bytes on the wire (headers too). */
  files: { path: string; encoding: string; transferred: number }[]
  transferred: number
}

/** The JS and CSS a cold load of `url` fetches (until the network is idle), from CDP's byte counts. */
export async function firstLoad(browser: Browser, url: string): Promise<FirstLoad> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })
  try {
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    const requests = new Map<string, { path: string; encoding: string; type: string }>()
    const files: FirstLoad['files'] = []
    cdp.on('Network.responseReceived', (e) => {
      const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]))
      requests.set(e.requestId, { path: new URL(e.response.url).pathname, encoding: headers['content-encoding'] ?? 'identity', type: e.type })
    })
    cdp.on('Network.loadingFinished', (e) => {
      const r = requests.get(e.requestId)
      if (r && (r.type === 'Script' || r.type === 'Stylesheet')) files.push({ path: r.path, encoding: r.encoding, transferred: e.encodedDataLength })
    })
    await page.goto(url, { waitUntil: 'networkidle' })
    return { files, transferred: files.reduce((sum, f) => sum + f.transferred, 0) }
  } finally {
    await context.close()
  }
}

interface LighthouseResult {
  score: number
  lcpMs: number
  /** FCP and Total Blocking Time: what the score is mostly made of besides LCP, to tell network from script. */
  fcpMs: number
  tbtMs: number
}

async function lighthouseOnce(url: string, port: number): Promise<LighthouseResult> {
  const { default: lighthouse } = await import('lighthouse')
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] })
  const lhr = result?.lhr
  const score = lhr?.categories.performance?.score
  const lcp = lhr?.audits['largest-contentful-paint']?.numericValue
  if (typeof score !== 'number' || typeof lcp !== 'number') {
    throw new Error(`Lighthouse gave no score for ${url}: ${lhr?.runtimeError?.message ?? 'unknown error'}`)
  }
  const fcp = lhr?.audits['first-contentful-paint']?.numericValue ?? Number.NaN
  const tbt = lhr?.audits['total-blocking-time']?.numericValue ?? Number.NaN
  return { score: Math.round(score * 100), lcpMs: Math.round(lcp), fcpMs: Math.round(fcp), tbtMs: Math.round(tbt) }
}

export async function benchFirstScreen(opts: FirstScreenOptions): Promise<FirstScreenMetric[]> {
  const baseUrl = opts.baseUrl.replace(/\/$/, '')
  const runs = opts.runs ?? 3
  const log = opts.log ?? (() => undefined)
  const serviceId = await demoServiceId(baseUrl)
  const pages = [
    { name: '首页', url: `${baseUrl}/#/pages/home/index` },
    { name: '服务', url: `${baseUrl}/#/pages/services/index` },
    { name: '服务详情', url: `${baseUrl}/#/packages/catalog/pages/service/index?id=${serviceId}` },
  ]
  // Lighthouse drives the browser over a DevTools port of its own; playwright-core launches it.
  const port = await freePort()
  const browser = await chromium.launch({
    executablePath: await resolveChromium(),
    headless: true,
    args: [...CHROMIUM_ARGS, `--remote-debugging-port=${port}`],
  })
  const metrics: FirstScreenMetric[] = []
  try {
    const home = await firstLoad(browser, pages[0]!.url)
    for (const f of home.files) log(`  首页 loads ${f.path} (${f.encoding}, ${f.transferred} B)`)
    const kib = Math.round((home.transferred / 1024) * 10) / 10
    metrics.push({ name: 'H5 首页 JS+CSS transferred (cold)', value: kib, unit: 'KiB', target: 'all compressed', pass: home.files.every((f) => f.encoding !== 'identity') })
    for (const page of pages) {
      const results: LighthouseResult[] = []
      for (let i = 0; i < runs; i++) results.push(await lighthouseOnce(page.url, port))
      const score = median(results.map((r) => r.score))
      const lcp = median(results.map((r) => r.lcpMs))
      const each = (key: keyof LighthouseResult) => results.map((r) => r[key]).join('/')
      log(`  ${page.name}: Lighthouse ${each('score')} LCP ${each('lcpMs')} ms FCP ${each('fcpMs')} ms TBT ${each('tbtMs')} ms`)
      metrics.push({ name: `H5 ${page.name} Lighthouse mobile performance`, value: score, unit: 'score', target: `≥ ${SCORE_TARGET}`, pass: score >= SCORE_TARGET })
      metrics.push({ name: `H5 ${page.name} LCP (Lighthouse mobile)`, value: lcp / 1000, unit: 's', target: `≤ ${LCP_TARGET_MS / 1000}`, pass: lcp <= LCP_TARGET_MS })
    }
  } finally {
    await browser.close()
  }
  return metrics
}

if (require.main === module) {
  const baseUrl = process.argv[2] ?? 'http://127.0.0.1:3000'
  const runs = process.argv[3] ? Number(process.argv[3]) : undefined
  benchFirstScreen({ baseUrl, runs, log: (line) => console.log(line) }).then(
    (metrics) => {
      for (const m of metrics) console.log(`${m.pass ? 'PASS' : 'FAIL'}  ${m.name}: ${m.value} ${m.unit} (target ${m.target})`)
    },
    (error: unknown) => {
      console.error(error)
      process.exitCode = 1
    },
  )
}
