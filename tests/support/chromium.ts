import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)

// An ES module that jest's sandbox cannot import(): a child Node unpacks it and prints the path.
const UNPACK = "import('@sparticuz/chromium').then((m) => m.default.executablePath()).then((p) => console.log(p))"

/**
 * The browser the browser tests drive: `CHROMIUM_PATH` when set (a system Chromium), otherwise the
 * Chromium that ships inside the npm package `@sparticuz/chromium` — brotli-packed in the package,
 * unpacked to the temp folder on first use (≈ 2 s; nothing is downloaded). `npm ci` is all it needs.
 */
export async function resolveChromium(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH
  const { stdout } = await run(process.execPath, ['-e', UNPACK], { cwd: __dirname })
  return stdout.trim()
}

/** How every headless run here starts it (browser tests and the bench's Lighthouse). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
