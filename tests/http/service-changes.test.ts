import type { TopicState } from '@linli/shared'
import { useTestContext } from '../support/context'
import { createBookableService, createCommunity, createService, createStreet, createUser, sessionFor } from '../support/factories'

const ctx = useTestContext()
const FAR = new Date('2030-01-01')

let communityId: string
let staff: string
let otherStaff: string
let resident: string
let categoryId: string
let lunchId: string

const NEW_HOURS = [
  { weekday: 1, startTime: '11:00', endTime: '13:00', capacity: 30 },
  { weekday: 3, startTime: '11:00', endTime: '13:00', capacity: 30 },
]

async function errorCode(res: Response) {
  return ((await res.json()) as { error: { code: string } }).error.code
}

/** A topic of the community moved straight to `state` (the outcome module is another helper's). */
async function topicIn(state: TopicState, title = '老年食堂延长午餐供应时间') {
  const res = await ctx.request('/api/v1/consultation/topics', {
    method: 'POST',
    token: resident,
    json: { communityId, categoryId, title, description: '多位老人反映午餐时间太短，建议延长到下午一点。' },
  })
  expect(res.status).toBe(201)
  const { id } = (await res.json()) as { id: string }
  await ctx.db.updateTable('consultation_topic').set({ state }).where('id', '=', id).execute()
  return id
}

const propose = (topicId: string, json: Record<string, unknown>, token = staff, key?: string) =>
  ctx.request(`/api/v1/consultation/topics/${topicId}/service-changes`, { method: 'POST', token, json, headers: key ? { 'idempotency-key': key } : {} })
const apply = (changeId: string, token = staff) => ctx.request(`/api/v1/staff/service-changes/${changeId}/apply`, { method: 'POST', token })

async function proposeOk(topicId: string, json: Record<string, unknown>) {
  const res = await propose(topicId, json)
  expect(res.status).toBe(201)
  return (await res.json()) as { id: string; status: string; summary: string; version: number | null; serviceId: string | null }
}

async function service(id: string) {
  const res = await ctx.request(`/api/v1/services/${id}`)
  expect(res.status).toBe(200)
  return (await res.json()) as { priceKind: string; adjustedByConsultation: { topicId: string; topicTitle: string; version: number } | null }
}

async function versions(id: string, query = '') {
  const res = await ctx.request(`/api/v1/services/${id}/versions${query}`)
  expect(res.status).toBe(200)
  return (await res.json()) as { items: { version: number; kind: string; topicId: string; topicTitle: string; before: unknown; after: unknown; afterText: string }[]; nextCursor: string | null }
}

async function rulesOf(serviceId: string) {
  return ctx.db.selectFrom('availability_rule').select(['weekday', 'start_time', 'end_time', 'capacity']).where('service_id', '=', serviceId).orderBy('weekday').execute()
}

beforeAll(async () => {
  const street = await createStreet(ctx.db)
  communityId = (await createCommunity(ctx.db, { streetId: street.id, name: '桂花社区' })).id
  const otherCommunityId = (await createCommunity(ctx.db, { streetId: street.id, name: '荷花社区' })).id
  staff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId } })).id, FAR)
  otherStaff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId: otherCommunityId } })).id, FAR)
  resident = await sessionFor(ctx.db, (await createUser(ctx.db, { communityId, name: '王秀兰' })).id, FAR)
  const categories = (await (await ctx.request(`/api/v1/communities/${communityId}/consultation-categories`)).json()) as { items: { id: string }[] }
  categoryId = categories.items[0]?.id ?? ''
  lunchId = (await createBookableService(ctx.db, { communityId, name: '老年助餐·午餐' })).id
})

describe('a 协商结果 changes a service', () => {
  it('applies an hours change as a new version with before and after, and the service shows the mark and the history', async () => {
    const topicId = await topicIn('resolved')
    const before = await rulesOf(lunchId)
    const change = await proposeOk(topicId, { kind: 'hours', serviceId: lunchId, rules: NEW_HOURS })
    expect(change).toMatchObject({ status: 'proposed', version: null, summary: '周一、周三 11:00–13:00，30 人' })
    // Proposing changes nothing on the service yet.
    expect(await rulesOf(lunchId)).toEqual(before)
    expect((await service(lunchId)).adjustedByConsultation).toBeNull()

    const res = await apply(change.id)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'applied', version: 1 })
    expect(await rulesOf(lunchId)).toEqual([
      { weekday: 1, start_time: '11:00', end_time: '13:00', capacity: 30 },
      { weekday: 3, start_time: '11:00', end_time: '13:00', capacity: 30 },
    ])
    expect((await service(lunchId)).adjustedByConsultation).toEqual({ topicId, topicTitle: '老年食堂延长午餐供应时间', version: 1 })
    const history = await versions(lunchId)
    expect(history.items).toHaveLength(1)
    expect(history.items[0]).toMatchObject({ version: 1, kind: 'hours', topicId, after: { rules: NEW_HOURS } })
    expect((history.items[0]?.before as { rules: unknown[] }).rules).toHaveLength(before.length)
    // The week in words, each period's days together.
    expect(history.items[0]).toMatchObject({ beforeText: '周一至周日 11:30–12:30，10 人', afterText: '周一、周三 11:00–13:00，30 人' })
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'detail']).where('target_id', '=', lunchId).where('action', '=', 'service.changed_by_consultation').execute()
    expect(audit).toHaveLength(1)
  })

  it('refuses a second apply of the same change, and of two applies at once writes one version', async () => {
    const topicId = await topicIn('implementing', '午餐名额增加到四十人')
    const change = await proposeOk(topicId, { kind: 'seats', serviceId: lunchId, capacity: 40 })
    const [a, b] = await Promise.all([apply(change.id), apply(change.id)])
    expect([a.status, b.status].sort()).toEqual([200, 409])
    const again = await apply(change.id)
    expect(again.status).toBe(409)
    expect(await errorCode(again)).toBe('SERVICE_CHANGE_APPLIED')
    const history = await versions(lunchId)
    expect(history.items.map((v) => v.version)).toEqual([2, 1])
    expect((await rulesOf(lunchId)).every((r) => r.capacity === 40)).toBe(true)
    // The newest version's topic is the mark.
    expect((await service(lunchId)).adjustedByConsultation).toMatchObject({ topicId, version: 2 })
  })

  it('never overwrites history: the database refuses to change a version', async () => {
    await expect(ctx.db.updateTable('service_version').set({ topic_title: 'x' }).where('service_id', '=', lunchId).execute()).rejects.toThrow(/append-only/)
    await expect(ctx.db.deleteFrom('service_version').where('service_id', '=', lunchId).execute()).rejects.toThrow(/append-only/)
  })

  it('changes the price kind and creates a new service, each versioned', async () => {
    const topicId = await topicIn('implemented', '便民理发改为低偿并新增助浴')
    const haircut = await createService(ctx.db, { communityId, name: '便民理发' })
    const price = await proposeOk(topicId, { kind: 'price_kind', serviceId: haircut.id, priceKind: 'low_cost', priceNote: '每次 5 元' })
    expect((await apply(price.id)).status).toBe(200)
    expect((await service(haircut.id)).priceKind).toBe('low_cost')
    expect((await versions(haircut.id)).items[0]).toMatchObject({ before: { priceKind: 'free', priceNote: null }, after: { priceKind: 'low_cost', priceNote: '每次 5 元' }, afterText: '低偿（每次 5 元）' })

    const bath = await proposeOk(topicId, { kind: 'new_service', categoryId: 'elder_care', name: '助浴服务', summary: '每周二上门助浴', description: '由签约机构上门为高龄老人助浴。', priceKind: 'low_cost' })
    expect(bath.serviceId).toBeNull()
    const res = await apply(bath.id)
    expect(res.status).toBe(200)
    const created = (await res.json()) as { serviceId: string; version: number }
    expect(created.version).toBe(1)
    expect((await service(created.serviceId)).adjustedByConsultation).toMatchObject({ topicId, version: 1 })
    expect((await versions(created.serviceId)).items[0]).toMatchObject({ kind: 'new_service', before: null })
  })

  it('lists a topic’s changes for anyone, and what staff may do', async () => {
    const topicId = await topicIn('resolved', '调整活动室开放时间')
    await proposeOk(topicId, { kind: 'seats', serviceId: lunchId, capacity: 35 })
    const forStaff = (await (await ctx.request(`/api/v1/consultation/topics/${topicId}/service-changes`, { token: staff })).json()) as { items: unknown[]; canPropose: boolean; services: { id: string }[] }
    expect(forStaff.canPropose).toBe(true)
    expect(forStaff.services.map((s) => s.id)).toContain(lunchId)
    const forResident = (await (await ctx.request(`/api/v1/consultation/topics/${topicId}/service-changes`, { token: resident })).json()) as { items: unknown[]; canPropose: boolean; services: unknown[] }
    expect(forResident).toMatchObject({ canPropose: false, services: [] })
    expect(forResident.items).toHaveLength(1)
  })

  it('pages the history by cursor', async () => {
    const first = await versions(lunchId, '?limit=1')
    expect(first.items).toHaveLength(1)
    expect(first.nextCursor).not.toBeNull()
    const second = await versions(lunchId, `?limit=1&cursor=${encodeURIComponent(first.nextCursor ?? '')}`)
    expect(second.items[0]?.version).toBeLessThan(first.items[0]?.version ?? 0)
  })
})

describe('refusals record nothing', () => {
  async function changeCount() {
    return Number((await ctx.db.selectFrom('service_change').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
  }

  it('refuses staff of another community (403) and a resident', async () => {
    const topicId = await topicIn('resolved')
    const n = await changeCount()
    const res = await propose(topicId, { kind: 'seats', serviceId: lunchId, capacity: 12 }, otherStaff)
    expect(res.status).toBe(403)
    expect((await propose(topicId, { kind: 'seats', serviceId: lunchId, capacity: 12 }, resident)).status).toBe(403)
    const change = await proposeOk(topicId, { kind: 'seats', serviceId: lunchId, capacity: 12 })
    const applied = await apply(change.id, otherStaff)
    expect(applied.status).toBe(403)
    expect(await changeCount()).toBe(n + 1)
    expect((await versions(lunchId)).items.some((v) => (v.after as { rules?: { capacity: number }[] }).rules?.[0]?.capacity === 12)).toBe(false)
  })

  it('refuses a topic whose result is not adopted (409 TOPIC_NOT_ADOPTED)', async () => {
    for (const state of ['collecting', 'deliberating', 'voting', 'terminated'] as const) {
      const topicId = await topicIn(state)
      const n = await changeCount()
      const res = await propose(topicId, { kind: 'seats', serviceId: lunchId, capacity: 20 })
      expect(res.status).toBe(409)
      expect(await errorCode(res)).toBe('TOPIC_NOT_ADOPTED')
      expect(await changeCount()).toBe(n)
    }
  })

  it('refuses a service of another community, an unknown one, a non-bookable one for hours, and bad input', async () => {
    const topicId = await topicIn('resolved')
    const street = await createStreet(ctx.db)
    const elsewhere = await createBookableService(ctx.db, { communityId: (await createCommunity(ctx.db, { streetId: street.id })).id })
    const notBookable = await createService(ctx.db, { communityId, name: '政策咨询' })
    const n = await changeCount()
    const foreign = await propose(topicId, { kind: 'seats', serviceId: elsewhere.id, capacity: 20 })
    expect(foreign.status).toBe(400)
    expect(await errorCode(foreign)).toBe('VALIDATION_FAILED')
    expect((await propose(topicId, { kind: 'seats', serviceId: '00000000-0000-4000-8000-000000000000', capacity: 20 })).status).toBe(400)
    const hours = await propose(topicId, { kind: 'hours', serviceId: notBookable.id, rules: NEW_HOURS })
    expect(hours.status).toBe(409)
    expect(await errorCode(hours)).toBe('SERVICE_NOT_BOOKABLE')
    expect((await propose(topicId, { kind: 'hours', serviceId: lunchId, rules: [] })).status).toBe(400)
    expect((await propose(topicId, { kind: 'hours', serviceId: lunchId, rules: [{ weekday: 1, startTime: '13:00', endTime: '11:00', capacity: 5 }] })).status).toBe(400)
    expect((await propose(topicId, { kind: 'seats', serviceId: lunchId, capacity: 0 })).status).toBe(400)
    expect((await propose(topicId, { kind: 'rename', serviceId: lunchId })).status).toBe(400)
    expect(await changeCount()).toBe(n)
    expect((await apply('00000000-0000-4000-8000-000000000000')).status).toBe(404)
  })

  it('answers a retried proposal with the same Idempotency-Key once', async () => {
    const topicId = await topicIn('resolved')
    const n = await changeCount()
    const body = { kind: 'seats', serviceId: lunchId, capacity: 22 }
    const [a, b] = [await propose(topicId, body, staff, 'tap-1'), await propose(topicId, body, staff, 'tap-1')]
    expect(a.status).toBe(201)
    expect(b.status).toBe(201)
    expect(((await a.json()) as { id: string }).id).toBe(((await b.json()) as { id: string }).id)
    expect(await changeCount()).toBe(n + 1)
  })
})
