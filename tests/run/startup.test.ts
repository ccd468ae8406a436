import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { REPO_ROOT } from '../../bff/src/run/h5-build'
import { commandLine, isAlive, waitForExit } from '../../bff/src/run/processes'
import { freePort } from '../support/free-port'

/**
 * `npm start` as an operator meets it on a bad day: the real bff/src/main.ts in a child process
 * (`node --import tsx`, so the child's PID is the app's), with its own data folder and ports.
 */
jest.setTimeout(90_000)

const STARTED = '邻里 Linli 已启动'
/** Long enough for a first start (initdb, migrations, demo data) on a busy 2-core machine. */
const START_TIMEOUT_MS = 60_000
const EXIT_TIMEOUT_MS = 20_000

const root = mkdtempSync(path.join(tmpdir(), 'linli-run-'))
const dataDir = path.join(root, 'pg')
// Chosen by the operating system before the tests run (random picks collided with other runs).
const ports = { http: 0, pg: 0, otherHttp: 0, otherPg: 0 }

interface Run {
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
}

const running: ChildProcess[] = []

function launch(script: string, args: string[], env: Record<string, string>): Run {
  const { DATABASE_URL: _ignored, ...inherited } = process.env
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: REPO_ROOT,
    env: {
      ...inherited,
      NODE_ENV: 'development',
      WORKER: '0',
      LINLI_SKIP_H5_BUILD: '1',
      LOG_LEVEL: 'warn',
      LINLI_DATA_DIR: dataDir,
      PORT: String(ports.http),
      EMBEDDED_PG_PORT: String(ports.pg),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.push(child)
  let text = ''
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  return { child, output: () => text, exited }
}

/** Resolves when the app has printed its banner; fails with what it printed when it exits first. */
async function startApp(env: Record<string, string> = {}): Promise<Run> {
  const run = launch('bff/src/main.ts', [], env)
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not started in time:\n${run.output()}`)), START_TIMEOUT_MS)
    run.child.stdout?.on('data', () => {
      if (run.output().includes(STARTED)) {
        clearTimeout(timer)
        resolve()
      }
    })
    void run.exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`exited with ${code} before starting:\n${run.output()}`))
    })
  })
  return run
}

/** A run that must fail: its exit code and its output. */
async function failedRun(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const run = launch(script, args, env)
  const code = await run.exited
  return { code, output: run.output() }
}

function postmasterPid(): number {
  return Number.parseInt(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8'), 10)
}

/** The shell that stops `serverPid` when the app dies (see embedded.ts). */
function watchdogOf(serverPid: number): number {
  const pid = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .find((candidate) => {
      const args = commandLine(candidate) ?? []
      return args.includes('linli-pg-watchdog') && args.at(-1) === String(serverPid)
    })
  if (pid === undefined) throw new Error(`no watchdog for PostgreSQL ${serverPid}`)
  return pid
}

async function countBookings(): Promise<number> {
  const client = new pg.Client({ connectionString: `postgres://linli:linli@127.0.0.1:${ports.pg}/linli` })
  await client.connect()
  try {
    const result = await client.query<{ n: string }>('select count(*) as n from booking')
    return Number(result.rows[0]?.n)
  } finally {
    await client.end()
  }
}

/** One line of the app's own making: a Chinese reason, no stack trace. */
function expectOneClearLine(output: string, ...mentions: string[]): void {
  const line = output.split('\n').find((l) => l.startsWith('启动失败') || l.startsWith('失败'))
  expect(line).toBeDefined()
  for (const mention of mentions) expect(line).toContain(mention)
  expect(output).not.toMatch(/^\s+at /m)
  expect(output).not.toContain('undefined')
}

afterAll(async () => {
  for (const child of running) if (child.exitCode === null && child.pid !== undefined && isAlive(child.pid)) child.kill('SIGKILL')
  if (existsSync(path.join(dataDir, 'postmaster.pid'))) {
    const pid = postmasterPid()
    if (isAlive(pid)) process.kill(pid, 'SIGQUIT')
    await waitForExit(pid, EXIT_TIMEOUT_MS)
  }
  rmSync(root, { recursive: true, force: true })
})

describe('npm start after a crash and on a bad day', () => {
  beforeAll(async () => {
    for (const key of Object.keys(ports) as (keyof typeof ports)[]) ports[key] = await freePort()
  })

  let app: Run
  let bookings: number

  it('starts in a new data folder, and after kill -9 its server stops with it and a restart finds the data', async () => {
    app = await startApp()
    bookings = await countBookings()
    expect(bookings).toBeGreaterThan(0)
    const server = postmasterPid()
    app.child.kill('SIGKILL')
    await app.exited
    expect(await waitForExit(server, EXIT_TIMEOUT_MS)).toBe(true)

    app = await startApp()
    expect(await countBookings()).toBe(bookings)
  })

  it('stops a server orphaned when the app and its watchdog were both killed, and starts again', async () => {
    const server = postmasterPid()
    process.kill(watchdogOf(server), 'SIGKILL')
    app.child.kill('SIGKILL')
    await app.exited
    expect(isAlive(server)).toBe(true)

    app = await startApp()
    expect(isAlive(server)).toBe(false)
    expect(await countBookings()).toBe(bookings)
  })

  it('a second start in the same folder names the folder and the running app', async () => {
    const second = await failedRun('bff/src/main.ts', [], { PORT: String(ports.otherHttp), EMBEDDED_PG_PORT: String(ports.otherPg) })
    expect(second.code).toBe(1)
    expectOneClearLine(second.output, dataDir, `PID ${app.child.pid}`)
  })

  it('npm run db:migrate while the app runs names the folder and the running app', async () => {
    const migrate = await failedRun('bff/src/run/migrate-cli.ts', ['latest'], {})
    expect(migrate.code).toBe(1)
    expectOneClearLine(migrate.output, dataDir, `PID ${app.child.pid}`)
  })

  it('npm run db:backup while the app runs reads its server and writes the file', async () => {
    const file = path.join(root, 'running.backup.gz')
    const backup = launch('bff/src/run/migrate-cli.ts', ['backup', file], {})
    expect(await backup.exited).toBe(0)
    expect(backup.output()).toContain(`已备份到 ${file}`)
    expect(existsSync(file)).toBe(true)
    expect(await countBookings()).toBe(bookings)
  })

  it('the PostgreSQL port in use is one line naming the port and its setting', async () => {
    const other = await failedRun('bff/src/main.ts', [], { LINLI_DATA_DIR: path.join(root, 'other-pg'), PORT: String(ports.otherHttp) })
    expect(other.code).toBe(1)
    expectOneClearLine(other.output, `端口 ${ports.pg}`, 'EMBEDDED_PG_PORT')
  })

  it('the HTTP port in use is one line naming the port, before any database or build work', async () => {
    const otherDir = path.join(root, 'http-pg')
    const other = await failedRun('bff/src/main.ts', [], { LINLI_DATA_DIR: otherDir, EMBEDDED_PG_PORT: String(ports.otherPg) })
    expect(other.code).toBe(1)
    expectOneClearLine(other.output, `HTTP 端口 ${ports.http}`, 'PORT')
    expect(existsSync(otherDir)).toBe(false)
  })

  it('SIGTERM stops the app and its server and frees the folder', async () => {
    const server = postmasterPid()
    app.child.kill('SIGTERM')
    expect(await app.exited).toBe(0)
    expect(await waitForExit(server, EXIT_TIMEOUT_MS)).toBe(true)
    expect(existsSync(`${dataDir}.lock`)).toBe(false)
    expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false)
  })
})
