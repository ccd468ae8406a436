import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs'
import path from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'

/** How often a wait for another process's exit looks again: it is not our child, so no event tells us. */
const EXIT_POLL_MS = 100

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return null
  }
}

/**
 * True while `pid` runs. A zombie counts as gone: an orphaned server that exited waits there for a
 * parent that may never reap it, yet `kill(pid, 0)` still succeeds.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  const stat = readOrNull(`/proc/${pid}/stat`)
  // The state letter follows the command name in parentheses, which may itself contain spaces.
  return stat === null || stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
}

/**
 * The process's arguments, or null where they cannot be read: from /proc on Linux, from `ps`
 * elsewhere (macOS), where an argument containing a space comes back as two.
 */
export function commandLine(pid: number): string[] | null {
  const raw = readOrNull(`/proc/${pid}/cmdline`)
  if (raw) return raw.split('\0').filter((part) => part !== '')
  if (existsSync('/proc')) return null
  const ps = spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' })
  const line = ps.status === 0 ? ps.stdout.trim() : ''
  return line ? line.split(/\s+/) : null
}

/**
 * `PID 123：node bff/src/main.ts`, for messages that name a process: the program's name and its
 * arguments, without the loader flags tsx adds (`--require …`, `--import …`).
 */
export function describeProcess(pid: number): string {
  const [program, ...rest] = commandLine(pid) ?? []
  if (!program) return `PID ${pid}`
  const shown = rest.filter((arg, i) => !/^--(require|import)$/.test(arg) && !/^--(require|import)$/.test(rest[i - 1] ?? ''))
  return `PID ${pid}：${[path.basename(program), ...shown].join(' ')}`
}

/** Waits until `pid` has exited; false when it still runs after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (isAlive(pid)) {
    if (Date.now() >= deadline) return false
    await delay(EXIT_POLL_MS)
  }
  return true
}

const TCP_LISTEN = '0A'

/** Socket inodes listening on `port` (from /proc/net/tcp and tcp6). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>()
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (readOrNull(table) ?? '').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/)
      const local = fields[1]
      if (!local || fields[3] !== TCP_LISTEN) continue
      if (Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port && fields[9]) inodes.add(fields[9])
    }
  }
  return inodes
}

/** The process listening on a TCP port, when this machine lets us see it (Linux, same user or root). */
export function processListeningOn(port: number): number | null {
  const inodes = listeningInodes(port)
  if (inodes.size === 0) return null
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let fds: string[]
    try {
      fds = readdirSync(`/proc/${entry}/fd`)
    } catch {
      continue
    }
    for (const fd of fds) {
      let target: string
      try {
        target = readlinkSync(`/proc/${entry}/fd/${fd}`)
      } catch {
        continue
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1]
      if (inode && inodes.has(inode)) return Number(entry)
    }
  }
  return null
}
