/**
 * The browser the browser tests drive: `CHROMIUM_PATH` when set (a system Chromium), otherwise the
 * Chromium that ships inside the npm package `@sparticuz/chromium` — brotli-packed in the package,
 * unpacked to the temp folder on first use (≈ 2 s; nothing is downloaded). `npm ci` is all it needs.
 */
export async function resolveChromium(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH
  // An ES module: a native dynamic import loads it from the CommonJS test setup (jest.config keeps import()).
  const { default: packaged } = await import('@sparticuz/chromium')
  return packaged.executablePath()
}
