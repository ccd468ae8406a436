import { seedDemoHistory } from '../../bff/src/demo/history'
import { seedDemo } from '../../bff/src/demo/seed'
import { useTestContext } from '../support/context'
import { sessionFor } from '../support/factories'

const ctx = useTestContext()

/**
 * Every operation of the API document, called by every kind of caller with hostile values in each
 * path parameter, query parameter and body field: nothing may answer 5xx, and every error is JSON
 * with a code. Deterministic (a seeded generator), so a failure names a request that can be replayed.
 */

/** Requests per operation per caller: enough to reach every field of every body several times. */
const ROUNDS_PER_OPERATION = 8

interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  items?: JsonSchema
  enum?: unknown[]
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  format?: string
}
interface Operation {
  'x-access'?: unknown
  parameters?: { name: string; in: 'path' | 'query' | 'header'; schema?: JsonSchema }[]
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> }
}

// Strings people (and attackers) type: control characters, lone surrogates, huge, SQL, odd dates.
const HOSTILE_STRINGS = [
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  '\u0007\u001b[31m',
  '\ud800',
  'x'.repeat(20_000),
  "'; drop table booking; --",
  '%00',
  '../../etc/passwd',
  '5000-01-01',
  '0000-00-00',
  '2026-02-30',
  '2026-13-01',
  '1899-12-31',
  '24:61',
  '-1',
  '1e309',
  '00000000-0000-4000-8000-000000000000',
  'not-a-uuid',
  '😀'.repeat(300),
]
const HOSTILE_VALUES: unknown[] = [
  ...HOSTILE_STRINGS,
  null,
  0,
  -1,
  1e308,
  Number.MAX_SAFE_INTEGER,
  1.5,
  true,
  [],
  {},
  [null],
  { nested: { deeper: ['x'] } },
]

/** A small seeded generator (mulberry32): the same requests on every run. */
function generator(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function pick<T>(random: () => number, values: readonly T[]): T {
  const value = values[Math.floor(random() * values.length)]
  if (value === undefined) throw new Error('pick from an empty list')
  return value
}

/** A plausible value for a schema, so that one hostile field at a time reaches the rule behind it. */
function plausible(schema: JsonSchema | undefined, random: () => number, ids: string[]): unknown {
  if (!schema) return 'x'
  const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0]
  if (variant) return plausible(variant, random, ids)
  if (schema.enum) return pick(random, schema.enum)
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, plausible(s, random, ids)]))
    case 'array':
      return [plausible(schema.items, random, ids)]
    case 'integer':
    case 'number':
      return 1
    case 'boolean':
      return true
    default:
      if (schema.format === 'uuid') return pick(random, ids)
      if (schema.format === 'date') return '2026-12-02'
      return '测试'
  }
}

/** The plausible body with one field (at any depth) replaced by a hostile value, or a hostile whole body. */
function hostileBody(schema: JsonSchema | undefined, random: () => number, ids: string[]): unknown {
  if (random() < 0.15) return pick(random, HOSTILE_VALUES)
  const body = plausible(schema, random, ids)
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body
  const keys = Object.keys(body)
  if (keys.length === 0) return { [pick(random, HOSTILE_STRINGS.slice(0, 4))]: pick(random, HOSTILE_VALUES) }
  const key = pick(random, keys)
  const value = (body as Record<string, unknown>)[key]
  const nested = value && typeof value === 'object' && !Array.isArray(value) && random() < 0.5
  return {
    ...body,
    [key]: nested ? { ...(value as object), [pick(random, Object.keys(value as object).concat('x'))]: pick(random, HOSTILE_VALUES) } : pick(random, HOSTILE_VALUES),
  }
}

/** A path segment as a client would send it; a lone surrogate goes as the invalid UTF-8 bytes it would be. */
function segment(value: string): string {
  try {
    return encodeURIComponent(value)
  } catch {
    return '%ED%A0%80'
  }
}

describe('fuzzing every operation', () => {
  it('answers every hostile request with a coded 4xx (or a success), never a 5xx', async () => {
    await seedDemo(ctx.db, ctx.deps.cipher)
    await seedDemoHistory(ctx.db, ctx.deps.cipher, new Date())
    const personas = await ctx.db.selectFrom('app_user').select(['id', 'demo_persona']).where('demo_persona', 'is not', null).execute()
    // Real ids (each caller's own bookings among them) let a hostile value in another field reach
    // the rule behind it instead of stopping at "not found".
    const shared = [
      ...(await ctx.db.selectFrom('service').select('id').limit(4).execute()).map((r) => r.id),
      ...(await ctx.db.selectFrom('community').select('id').limit(2).execute()).map((r) => r.id),
      ...(await ctx.db.selectFrom('rectification_case').select('id').limit(2).execute()).map((r) => r.id),
    ]
    const callers: { userId: string | null; ids: string[] }[] = [{ userId: null, ids: shared }]
    for (const p of personas) {
      const own = await ctx.db.selectFrom('booking').select('id').where('booked_by', '=', p.id).limit(6).execute()
      callers.push({ userId: p.id, ids: [...shared, ...own.map((r) => r.id)] })
    }

    const doc = await (await ctx.request('/api/openapi.json')).json()
    const random = generator(20261201)
    const failures: string[] = []
    let sent = 0
    const answered = new Set<number>()
    // Logging out or deleting an account ends what the caller can reach: those go last.
    const ending = /logout|delete/
    const paths = Object.entries(doc.paths as Record<string, Record<string, Operation>>).sort(
      ([a], [b]) => Number(ending.test(a)) - Number(ending.test(b)),
    )
    for (const [template, operations] of paths) {
      for (const [method, op] of Object.entries(operations)) {
        const verb = method.toUpperCase()
        const bodySchema = op.requestBody?.content?.['application/json']?.schema
        for (const { userId, ids } of callers) {
          // A fresh session per operation: one a fuzzed logout ended must not turn the rest into 401s.
          const token = userId ? await sessionFor(ctx.db, userId) : undefined
          for (let round = 0; round < ROUNDS_PER_OPERATION; round++) {
            const path = template.replace(/\{\w+\}/g, () => segment(random() < 0.7 ? pick(random, ids) : pick(random, HOSTILE_STRINGS)))
            const query = new URLSearchParams()
            for (const p of op.parameters ?? []) {
              if (p.in !== 'query') continue
              const value = random() < 0.5 ? pick(random, HOSTILE_STRINGS) : plausible(p.schema, random, ids)
              query.set(p.name, String(value))
            }
            const url = `${path}${query.size > 0 ? `?${query}` : ''}`
            // Every fourth body is plausible throughout, so state changes too and later calls meet it.
            const body = round % 4 === 3 ? plausible(bodySchema, random, ids) : hostileBody(bodySchema, random, ids)
            const init = verb === 'GET' ? { token } : { method: verb, token, json: body }
            const res = await ctx.request(url, init)
            sent++
            answered.add(res.status)
            if (res.status >= 500) {
              failures.push(`${verb} ${url.slice(0, 200)} → ${res.status} ${(await res.text()).slice(0, 200)}`)
              continue
            }
            if (res.status >= 400) {
              const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null
              if (!body?.error?.code || !body.error.message) failures.push(`${verb} ${url.slice(0, 200)} → ${res.status} without a coded JSON error`)
            }
          }
        }
      }
    }
    expect(sent).toBeGreaterThan(2000)
    // The requests reached past validation and access checks, not only bounced off them.
    for (const status of [200, 400, 401, 403, 404]) expect([status, answered.has(status)]).toEqual([status, true])
    expect(failures.slice(0, 20)).toEqual([])
  }, 240_000)
})
