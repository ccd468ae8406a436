import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { commandLine, describeProcess, isAlive } from './processes'
import { OperatorError } from './operator-error'

/**
 * One Linli process at a time runs the embedded server of a data folder (`npm start`,
 * `db:migrate`, `db:restore`…). The lock is a file beside the folder holding the owner's PID and
 * its server's port; PostgreSQL's own `postmaster.pid` cannot tell a running app from one killed
 * with `kill -9` (its server outlives it), this file can: a lock whose process is gone is stale and
 * taken over. `db:backup` reads the port to join a running app's server instead.
 */
export function lockFileFor(dataDir: string): string {
  return `${dataDir}.lock`
}

const LockSchema = z.object({ pid: z.number().int().positive(), port: z.number().int().positive() })
export type DataDirOwner = z.infer<typeof LockSchema>

function readLock(lockFile: string): DataDirOwner | null {
  try {
    const parsed = LockSchema.safeParse(JSON.parse(readFileSync(lockFile, 'utf8')))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** A live process that is a Node runner, not another program that reused a dead owner's PID. */
function isLinliProcess(pid: number): boolean {
  if (pid === process.pid || !isAlive(pid)) return false
  const args = commandLine(pid)
  return args === null || /node|tsx/.test(args[0] ?? '')
}

/** The other Linli process running this folder's server, if there is one. */
export function liveOwner(dataDir: string): DataDirOwner | null {
  const owner = readLock(lockFileFor(dataDir))
  return owner && isLinliProcess(owner.pid) ? owner : null
}

/** Takes the folder's lock for a server on `port`, or says who holds it; returns the release function. */
export function lockDataDir(dataDir: string, port: number): () => void {
  const lockFile = lockFileFor(dataDir)
  mkdirSync(path.dirname(lockFile), { recursive: true })
  // Two tries: the second after removing a stale lock left by a process that died.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    let fd: number
    try {
      fd = openSync(lockFile, 'wx')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const owner = liveOwner(dataDir)
      if (owner) {
        throw new OperatorError(
          `数据目录 ${dataDir} 正被另一个邻里进程使用（${describeProcess(owner.pid)}）：先停止它（kill ${owner.pid}），或设置 LINLI_DATA_DIR 用另一个目录`,
        )
      }
      unlinkSync(lockFile)
      continue
    }
    writeSync(fd, JSON.stringify({ pid: process.pid, port }))
    closeSync(fd)
    const release = () => {
      if (readLock(lockFile)?.pid === process.pid) unlinkSync(lockFile)
      process.off('exit', release)
    }
    // Also on process.exit() from an error path; only kill -9 leaves it behind, and that is handled above.
    process.on('exit', release)
    return release
  }
  throw new OperatorError(`无法取得数据目录 ${dataDir} 的锁文件 ${lockFile}：删除它后重试`)
}
