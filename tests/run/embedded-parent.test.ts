import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startEmbeddedPostgres } from '../../bff/src/run/embedded'
import { freePort } from '../support/free-port'

/**
 * LINLI_DATA_DIR=/tmp/linli-data makes /tmp the data folder's parent: starting the server must
 * leave that folder's sticky and write bits alone (it used to set it to 0755, after which no other
 * user could create a file in /tmp, PostgreSQL's socket lock included) and add only what the
 * server, run as `postgres` under root, needs: to enter it.
 */
jest.setTimeout(90_000)

const root = mkdtempSync(path.join(tmpdir(), 'linli-parent-'))
// mkdtemp makes it 700; the server enters the folders above its parent by itself.
chmodSync(root, 0o711)
afterAll(() => rmSync(root, { recursive: true, force: true }))

async function modeAfterStart(parentMode: number): Promise<string> {
  const parent = path.join(root, parentMode.toString(8))
  mkdirSync(parent)
  // chmodSync after mkdir: mkdir's mode is masked by the umask and cannot set the sticky bit.
  chmodSync(parent, parentMode)
  const server = await startEmbeddedPostgres(path.join(parent, 'pg'), await freePort())
  await server.stop()
  return (statSync(parent).mode & 0o7777).toString(8)
}

it('leaves a parent like /tmp (1777) as it was', async () => {
  expect(await modeAfterStart(0o1777)).toBe('1777')
})

it('makes a private parent (700) enterable, not readable', async () => {
  expect(await modeAfterStart(0o700)).toBe('711')
})
