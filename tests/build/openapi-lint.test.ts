import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { REPO_ROOT } from '../../bff/src/run/h5-build'
import { useTestContext } from '../support/context'

const ctx = useTestContext()
const run = promisify(execFile)
const SPECTRAL = path.join(REPO_ROOT, 'node_modules/.bin/spectral')

/**
 * The API document is a contract a client generator reads: Stoplight Spectral's `oas` ruleset
 * (operationIds, declared tags, descriptions, valid schemas …) must find nothing, warnings included.
 */
describe('OpenAPI document', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'linli-openapi-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('passes spectral:oas with no errors and no warnings', async () => {
    const res = await ctx.request('/api/openapi.json')
    expect(res.status).toBe(200)
    writeFileSync(path.join(dir, 'openapi.json'), await res.text())
    writeFileSync(path.join(dir, '.spectral.yaml'), 'extends: ["spectral:oas"]\n')
    // A finding makes spectral exit 1; its report then becomes the failure message.
    const findings = await run(
      SPECTRAL,
      ['lint', '--ruleset', path.join(dir, '.spectral.yaml'), '--fail-severity', 'warn', '--format', 'text', path.join(dir, 'openapi.json')],
      { timeout: 60_000 },
    ).then(
      () => '',
      (err: { stdout?: string }) => err.stdout || String(err),
    )
    expect(findings).toBe('')
  }, 90_000)

  it('names every operation and says which need the bearer token', async () => {
    const doc = (await (await ctx.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { operationId?: string; security?: Record<string, string[]>[]; 'x-access'?: unknown }>>
      components: { securitySchemes?: Record<string, { type: string; scheme?: string }> }
    }
    expect(doc.components.securitySchemes?.bearerAuth).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }))
    const ops = Object.values(doc.paths).flatMap((byMethod) => Object.values(byMethod))
    expect(ops.length).toBeGreaterThan(10)
    const ids = ops.map((op) => op.operationId)
    expect(new Set(ids).size).toBe(ops.length)
    const wrongSecurity = Object.entries(doc.paths).flatMap(([p, byMethod]) =>
      Object.entries(byMethod)
        .filter(([, op]) => JSON.stringify(op.security) !== JSON.stringify(op['x-access'] === 'public' ? [] : [{ bearerAuth: [] }]))
        .map(([method]) => `${method} ${p}`),
    )
    expect(wrongSecurity).toEqual([])
  })
})
