import { randomBytes } from 'node:crypto'
import { useTestContext } from '../support/context'
import { createBookableService, createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

const ctx = useTestContext()
const FAR = new Date('2030-01-01')
const NOW = new Date('2026-12-01T02:00:00Z')
const DAY_MS = 24 * 60 * 60 * 1000

let communityId: string
let staff: string
let otherStaff: string
let resident: string
let raterId: string

async function errorCode(res: Response) {
  return ((await res.json()) as { error: { code: string } }).error.code
}

/** `levels.length` served bookings of a service in November, each rated with the level given. */
async function ratings(serviceId: string, levels: number[]): Promise<string[]> {
  const slot = await ctx.db
    .insertInto('slot')
    .values({ community_id: communityId, service_id: serviceId, starts_at: new Date('2026-11-10T03:30:00Z'), ends_at: new Date('2026-11-10T04:30:00Z'), capacity: 500 })
    .returning('id')
    .executeTakeFirstOrThrow()
  const bookings = await ctx.db
    .insertInto('booking')
    .values(levels.map(() => ({ community_id: communityId, service_id: serviceId, slot_id: slot.id, booked_by: raterId, family_member_id: null, status: 'served' as const, holds_seat: false, check_in_code: randomBytes(4).toString('hex'), answers: '{}', channel: 'self' as const, status_reason: null })))
    .returning('id')
    .execute()
  const rows = await ctx.db
    .insertInto('rating')
    .values(bookings.map((b, i) => ({ community_id: communityId, booking_id: b.id, service_id: serviceId, category_id: 'elder_care' as const, provider_id: null, rater_user_id: raterId, level: levels[i] ?? 5, tags: [], comment: '', month: '2026-11-01' })))
    .returning('id')
    .execute()
  return rows.map((r) => r.id)
}

/** `good` ratings of 5 and `poor` of 1, in a fresh service. */
async function serviceWith(good: number, poor: number, name: string) {
  const service = await createBookableService(ctx.db, { communityId, name })
  await ratings(service.id, [...Array<number>(good).fill(5), ...Array<number>(poor).fill(1)])
  return service.id
}

async function caseWith(deadline: Date, repliedAt: Date | null) {
  const service = await createBookableService(ctx.db, { communityId, name: `助餐${randomBytes(2).toString('hex')}` })
  const [ratingId] = await ratings(service.id, [1])
  const row = await ctx.db
    .insertInto('rectification_case')
    .values({ community_id: communityId, rating_id: ratingId ?? '', service_id: service.id, status: repliedAt ? 'replied' : 'open', deadline, escalated_at: null, resident_satisfied: null, replied_at: repliedAt, closed_at: null, created_at: new Date('2026-11-10T05:00:00Z') })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

const raise = (json: Record<string, unknown>, token = staff) => ctx.request('/api/v1/staff/consultation/evidence-drafts', { method: 'POST', token, json })

async function topicCount() {
  return Number((await ctx.db.selectFrom('consultation_topic').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
}

beforeAll(async () => {
  ctx.setNow(NOW)
  const street = await createStreet(ctx.db)
  communityId = (await createCommunity(ctx.db, { streetId: street.id, name: '桂花社区' })).id
  const otherCommunityId = (await createCommunity(ctx.db, { streetId: street.id, name: '荷花社区' })).id
  staff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId } })).id, FAR)
  otherStaff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId: otherCommunityId } })).id, FAR)
  const rater = await createUser(ctx.db, { communityId, name: '王秀兰' })
  raterId = rater.id
  resident = await sessionFor(ctx.db, rater.id, FAR)
})

describe('差评 → a draft topic', () => {
  it('raises a service whose 差评 share is 21 % as a draft carrying the evidence, and refuses 20 %', async () => {
    const above = await serviceWith(79, 21, '老年助餐·午餐')
    const at = await serviceWith(80, 20, '老年助餐·晚餐')
    const before = await topicCount()
    const refused = await raise({ kind: 'poor_share', serviceId: at, month: '2026-11' })
    expect(refused.status).toBe(409)
    expect(await errorCode(refused)).toBe('EVIDENCE_SHARE_TOO_LOW')
    expect(await topicCount()).toBe(before)

    const res = await raise({ kind: 'poor_share', serviceId: above, month: '2026-11' })
    expect(res.status).toBe(201)
    const draft = (await res.json()) as { id: string; state: string; title: string; description: string; moves: string[] }
    expect(draft).toMatchObject({ state: 'draft', title: '改进「老年助餐·午餐」：差评率偏高' })
    expect(draft.description).toContain('共 100 条评价，其中差评 21 条（21%）')
    expect(draft.moves.sort()).toEqual(['collecting', 'terminated'])
    const evidence = (await (await ctx.request(`/api/v1/staff/consultation/topics/${draft.id}/evidence`, { token: staff })).json()) as { evidence: Record<string, unknown> }
    expect(evidence.evidence).toMatchObject({ kind: 'poor_share', serviceId: above, month: '2026-11', ratings: 100, poor: 21, poorShare: 0.21, caseId: null })

    // Once per service and month, even at once.
    const [a, b] = await Promise.all([raise({ kind: 'poor_share', serviceId: above, month: '2026-11' }), raise({ kind: 'poor_share', serviceId: above, month: '2026-11' })])
    expect([a.status, b.status]).toEqual([409, 409])
    expect(await errorCode(a)).toBe('EVIDENCE_ALREADY_RAISED')
    expect(await topicCount()).toBe(before + 1)
    // A month with no ratings holds nothing.
    expect(await errorCode(await raise({ kind: 'poor_share', serviceId: above, month: '2026-10' }))).toBe('EVIDENCE_SHARE_TOO_LOW')
  })

  it('raises an overdue case (no reply past its deadline, or a late reply), once; refuses one answered on time', async () => {
    const overdue = await caseWith(new Date(NOW.getTime() - DAY_MS), null)
    const late = await caseWith(new Date('2026-11-20T10:00:00Z'), new Date('2026-11-21T10:00:00Z'))
    const onTime = await caseWith(new Date('2026-11-20T10:00:00Z'), new Date('2026-11-19T10:00:00Z'))
    const open = await caseWith(new Date(NOW.getTime() + DAY_MS), null)
    const before = await topicCount()
    for (const caseId of [onTime, open]) {
      const res = await raise({ kind: 'overdue_case', caseId })
      expect(res.status).toBe(409)
      expect(await errorCode(res)).toBe('EVIDENCE_NOT_OVERDUE')
    }
    expect(await topicCount()).toBe(before)

    const res = await raise({ kind: 'overdue_case', caseId: overdue })
    expect(res.status).toBe(201)
    const draft = (await res.json()) as { id: string; state: string; description: string }
    expect(draft.state).toBe('draft')
    expect(draft.description).toContain('至今未答复')
    const evidence = (await (await ctx.request(`/api/v1/staff/consultation/topics/${draft.id}/evidence`, { token: staff })).json()) as { evidence: Record<string, unknown> }
    expect(evidence.evidence).toMatchObject({ kind: 'overdue_case', caseId: overdue, ratings: 1, poor: 1, month: '2026-11' })
    expect((await raise({ kind: 'overdue_case', caseId: late })).status).toBe(201)

    const twice = await raise({ kind: 'overdue_case', caseId: overdue })
    expect(twice.status).toBe(409)
    expect(await errorCode(twice)).toBe('EVIDENCE_ALREADY_RAISED')
    expect(await topicCount()).toBe(before + 2)
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', draft.id).execute()
    expect(audit.map((a) => a.action)).toEqual(['topic.drafted_from_evidence'])
  })

  it('refuses staff of another community, a resident, and an unknown case, recording nothing', async () => {
    const overdue = await caseWith(new Date(NOW.getTime() - DAY_MS), null)
    const before = await topicCount()
    expect((await raise({ kind: 'overdue_case', caseId: overdue }, otherStaff)).status).toBe(403)
    expect((await raise({ kind: 'overdue_case', caseId: overdue }, resident)).status).toBe(403)
    const unknown = await raise({ kind: 'overdue_case', caseId: '00000000-0000-4000-8000-000000000000' })
    expect(unknown.status).toBe(404)
    expect(await errorCode(unknown)).toBe('CASE_NOT_FOUND')
    expect((await raise({ kind: 'poor_share', serviceId: '00000000-0000-4000-8000-000000000000', month: '2026-13' })).status).toBe(400)
    expect(await topicCount()).toBe(before)
  })
})

describe('a draft topic', () => {
  let draftId: string

  beforeAll(async () => {
    const res = await raise({ kind: 'poor_share', serviceId: await serviceWith(3, 2, '日间照料'), month: '2026-11' })
    expect(res.status).toBe(201)
    draftId = ((await res.json()) as { id: string }).id
  })

  it('is invisible to residents and to anyone signed out, in the list and on its page', async () => {
    expect((await ctx.request(`/api/v1/consultation/topics/${draftId}`, { token: resident })).status).toBe(404)
    expect((await ctx.request(`/api/v1/consultation/topics/${draftId}`)).status).toBe(404)
    expect((await ctx.request(`/api/v1/consultation/topics/${draftId}`, { token: otherStaff })).status).toBe(404)
    expect((await ctx.request(`/api/v1/consultation/topics/${draftId}`, { token: staff })).status).toBe(200)
    for (const query of ['', '?state=draft']) {
      const list = (await (await ctx.request(`/api/v1/communities/${communityId}/topics${query}`, { token: resident })).json()) as { items: { id: string }[] }
      expect(list.items.map((t) => t.id)).not.toContain(draftId)
    }
    // 附议 answers as if there were no such topic (a draft is not revealed), and counts nothing.
    expect((await ctx.request(`/api/v1/consultation/topics/${draftId}/supports`, { method: 'POST', token: resident })).status).toBe(404)
    expect(await ctx.db.selectFrom('consultation_support').select('user_id').where('topic_id', '=', draftId).execute()).toEqual([])
  })

  it('is edited by staff, then published: 草稿 → 征集中, its 征集 starting then; no more edits', async () => {
    const edit = (token: string) => ctx.request(`/api/v1/staff/consultation/topics/${draftId}/draft`, { method: 'PUT', token, json: { title: '日间照料服务如何改进', description: '日间照料中心上月差评较多，请大家谈谈如何改进。' } })
    expect((await edit(otherStaff)).status).toBe(404)
    const edited = await edit(staff)
    expect(edited.status).toBe(200)
    expect(await edited.json()).toMatchObject({ title: '日间照料服务如何改进', state: 'draft' })
    // Only staff publish it.
    expect((await ctx.request(`/api/v1/consultation/topics/${draftId}/moves`, { method: 'POST', token: resident, json: { to: 'collecting' } })).status).toBe(404)

    const publishedAt = new Date(NOW.getTime() + 3 * DAY_MS)
    const res = await ctx.withNow(publishedAt, () => ctx.request(`/api/v1/consultation/topics/${draftId}/moves`, { method: 'POST', token: staff, json: { to: 'collecting' } }))
    expect(res.status).toBe(200)
    const topic = (await res.json()) as { state: string; expiresAt: string; history: { from: string | null; to: string }[] }
    expect(topic.state).toBe('collecting')
    expect(new Date(topic.expiresAt).getTime()).toBe(publishedAt.getTime() + 90 * DAY_MS)
    expect(topic.history.map((h) => [h.from, h.to])).toEqual([[null, 'draft'], ['draft', 'collecting']])
    // Now public, and residents can support it.
    expect((await ctx.request(`/api/v1/consultation/topics/${draftId}`, { token: resident })).status).toBe(200)
    expect((await ctx.request(`/api/v1/consultation/topics/${draftId}/supports`, { method: 'POST', token: resident })).status).toBe(200)
    const late = await edit(staff)
    expect(late.status).toBe(409)
    expect(await errorCode(late)).toBe('TOPIC_NOT_DRAFT')
  })
})
