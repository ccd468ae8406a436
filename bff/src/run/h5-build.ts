import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

export const REPO_ROOT = path.resolve(__dirname, '../../..')
/** Where the H5 app is built and served from; LINLI_H5_DIR moves it (the Taro config reads it too). */
export const H5_DIR = process.env.LINLI_H5_DIR ? path.resolve(process.env.LINLI_H5_DIR) : path.join(REPO_ROOT, 'miniapp/dist/h5')

const SOURCES = ['miniapp/src', 'miniapp/config', 'miniapp/package.json', 'miniapp/babel.config.js', 'shared/src']

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0
  const stat = statSync(target)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)))
  return newest
}

/** True when dist/h5 is missing or older than any source it is built from. */
export function h5BuildIsStale(): boolean {
  const index = path.join(H5_DIR, 'index.html')
  if (!existsSync(index)) return true
  const built = statSync(index).mtimeMs
  return SOURCES.some((s) => newestMtime(path.join(REPO_ROOT, s)) > built)
}

/**
 * Builds the H5 app when it is missing or stale (≈ 20–35 s on a 2-core machine).
 * LINLI_SKIP_H5_BUILD=1 skips it: an API-only run, or a test of the runners that serves no page.
 */
export function ensureH5Build(log: (line: string) => void = console.log): void {
  if (process.env.LINLI_SKIP_H5_BUILD === '1' || !h5BuildIsStale()) return
  log('构建 H5 小程序（首次或源码有变化）…')
  // A production build whatever NODE_ENV says (Jest sets "test", which Taro takes for development).
  const result = spawnSync('npm', ['run', 'build:h5', '-w', 'miniapp'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (result.status !== 0) throw new Error('H5 build failed')
}
