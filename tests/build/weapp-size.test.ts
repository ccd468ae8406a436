import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { REPO_ROOT } from '../../bff/src/run/h5-build'

const WEAPP = path.join(REPO_ROOT, 'miniapp/dist/weapp')
const MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024

function sizeOf(target: string, skip: (p: string) => boolean = () => false): number {
  if (skip(target)) return 0
  const stat = statSync(target)
  if (!stat.isDirectory()) return target.endsWith('.LICENSE.txt') ? 0 : stat.size
  return readdirSync(target).reduce((sum, entry) => sum + sizeOf(path.join(target, entry), skip), 0)
}

/**
 * The WeChat build compiles, and its main package stays under WeChat's 2 MB limit (each
 * subpackage too). Subpackage roots come from the built app.json, so the split is what ships.
 */
describe('WeChat build', () => {
  beforeAll(() => {
    const result = spawnSync('npm', ['run', 'build:weapp', '-w', 'miniapp'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'production' },
    })
    if (result.status !== 0) throw new Error(`weapp build failed:\n${result.stdout}\n${result.stderr}`)
  }, 180_000)

  it('keeps the main package and every subpackage under 2 MB', () => {
    expect(existsSync(path.join(WEAPP, 'app.json'))).toBe(true)
    const appJson = JSON.parse(readFileSync(path.join(WEAPP, 'app.json'), 'utf8')) as {
      subPackages?: { root: string }[]
      subpackages?: { root: string }[]
    }
    const roots = (appJson.subPackages ?? appJson.subpackages ?? []).map((p) => path.join(WEAPP, p.root))
    expect(roots.length).toBeGreaterThanOrEqual(2)
    const main = sizeOf(WEAPP, (p) => roots.some((r) => p === r || p === `${r}/`))
    const subs = roots.map((r) => ({ root: path.relative(WEAPP, r), bytes: sizeOf(r) }))
    process.stdout.write(
      `weapp main package: ${(main / 1024).toFixed(1)} KiB; ${subs.map((s) => `${s.root}: ${(s.bytes / 1024).toFixed(1)} KiB`).join('; ')}\n`,
    )
    expect(main).toBeLessThan(MAIN_PACKAGE_LIMIT)
    for (const s of subs) expect(s.bytes).toBeLessThan(MAIN_PACKAGE_LIMIT)
  })
})
