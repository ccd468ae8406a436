import { sql } from 'kysely'
import { inTransaction } from '../../bff/src/db/transaction'
import { afterConfirmed, afterUnconfirmed } from '../../bff/src/volunteer/confirmed'
import { releaseUntakenEscrow } from '../../bff/src/volunteer/time-bank'
import * as bank from '../../bff/src/volunteer/time-bank-repository'
import { createCommunity, createStreet, createUser, sessionFor } from '../support/factories'
import { useTestContext } from '../support/context'
import { createVolunteer } from '../support/volunteer'

const ctx = useTestContext()
const FAR = new Date('2030-01-01')
/** 10:00 in Shanghai on 1 December. */
const NOW = new Date('2026-12-01T02:00:00Z')
const DATE = '2026-12-03'
/** When the organiser confirms: after the approval's entries. */
const LATER = new Date(NOW.getTime() + 60 * 60_000)
const STARTS = new Date('2026-12-03T01:00:00Z')
const NEED = { kind: 'home_visit', date: DATE, startTime: '09:00', endTime: '11:00', place: '桂花苑3幢2单元501', needs: '上门陪老人聊天，帮忙检查燃气', contactName: '李敏', contactPhone: '13912345678' }

let streetId: string

async function errorCode(res: Response) {
  return ((await res.json()) as { error: { code: string } }).error.code
}

/** A daughter (36), her mother (72) and her son (12: under 60) linked under 我的家人, a grandfather not registered, staff and a volunteer. */
async function community() {
  const communityId = (await createCommunity(ctx.db, { streetId })).id
  const staffUser = await createUser(ctx.db, { name: '张丽', grant: { role: 'staff', communityId } })
  const daughterUser = await createUser(ctx.db, { name: '李敏', birthDate: '1990-08-21', communityId })
  const motherUser = await createUser(ctx.db, { name: '王秀兰', birthDate: '1954-03-15', communityId })
  await createUser(ctx.db, { name: '李小明', birthDate: '2014-06-01', communityId })
  const daughter = await sessionFor(ctx.db, daughterUser.id, FAR)
  const family: Record<string, string> = {}
  for (const m of [
    { key: 'mother', name: '王秀兰', relation: 'parent', birthDate: '1954-03-15' },
    { key: 'son', name: '李小明', relation: 'child', birthDate: '2014-06-01', childConsent: true },
    { key: 'grandpa', name: '李国强', relation: 'grandparent', birthDate: '1940-02-02' },
  ]) {
    const res = await ctx.request('/api/v1/me/family', { method: 'POST', token: daughter, json: m })
    expect(res.status).toBe(201)
    family[m.key] = ((await res.json()) as { id: string }).id
  }
  const v = await createVolunteer(ctx.db, { communityId, name: '赵志远' })
  return {
    communityId,
    staffId: staffUser.id,
    staff: await sessionFor(ctx.db, staffUser.id, FAR),
    daughter,
    daughterId: daughterUser.id,
    motherId: motherUser.id,
    family,
    volunteer: { id: v.user.id, token: await sessionFor(ctx.db, v.user.id, FAR) },
  }
}

/** Scenery: credits she earned before, written as accrual writes them. */
async function fund(communityId: string, userId: string, minutes: number) {
  await inTransaction(ctx.db, async (trx) => {
    const account = await bank.accountOf(trx, communityId, userId)
    await bank.credit(trx, account.id, minutes, null)
    await bank.insertEntry(trx, { account_id: account.id, delta_minutes: minutes, kind: 'earned', record_id: null, help_request_id: null, counterpart_account_id: null, actor_user_id: null, note: '测试初始', created_at: new Date(NOW.getTime() - 86_400_000) })
  })
}

async function balanceOf(userId: string): Promise<number> {
  return (await bank.findAccount(ctx.db, userId))?.balance_minutes ?? 0
}

async function entriesOf(userId: string) {
  const account = await bank.findAccount(ctx.db, userId)
  if (!account) return []
  return ctx.db.selectFrom('time_bank_entry').select(['kind', 'delta_minutes', 'note']).where('account_id', '=', account.id).orderBy('created_at').orderBy('id').execute()
}

/** Every account's entries add up to its balance. */
async function expectLedgerBalances() {
  const rows = await sql<{ id: string; balance: number; total: string | null }>`
    select a.id, a.balance_minutes as balance, (select sum(delta_minutes) from time_bank_entry e where e.account_id = a.id) as total
    from time_bank_account a`.execute(ctx.db)
  for (const r of rows.rows) expect({ id: r.id, total: Number(r.total ?? 0) }).toEqual({ id: r.id, total: r.balance })
}

const give = (token: string, json: Record<string, unknown>, key?: string) =>
  ctx.request('/api/v1/volunteer/credits/gifts', { method: 'POST', token, json, ...(key ? { headers: { 'Idempotency-Key': key } } : {}) })
const donate = (token: string, credits: number) => ctx.request('/api/v1/volunteer/credits/donations', { method: 'POST', token, json: { credits } })

/** A request posted, approved (optionally from the pool) and taken by the volunteer; returns its ids. */
async function takenRequest(c: Awaited<ReturnType<typeof community>>, extra: Record<string, unknown> = {}, approval: Record<string, unknown> = {}) {
  const posted = await ctx.request('/api/v1/volunteer/help-requests', { method: 'POST', token: c.daughter, json: { ...NEED, familyMemberId: c.family.mother, ...extra } })
  expect(posted.status).toBe(201)
  const { id } = (await posted.json()) as { id: string }
  const approved = await ctx.request(`/api/v1/staff/volunteer/help-requests/${id}/approve`, { method: 'POST', token: c.staff, json: approval })
  expect(approved.status).toBe(200)
  const taken = await ctx.request(`/api/v1/volunteer/help-requests/${id}/take`, { method: 'POST', token: c.volunteer.token })
  expect(taken.status).toBe(200)
  return (await taken.json()) as { id: string; activityId: string; shiftId: string }
}

/** Scenery for the hours feature: a confirmed record of the request's shift, confirmed by staff. */
async function confirmedRecord(c: Awaited<ReturnType<typeof community>>, request: { activityId: string; shiftId: string }, minutes: number) {
  return ctx.db
    .insertInto('volunteer_record')
    .values({
      user_id: c.volunteer.id,
      community_id: c.communityId,
      activity_id: request.activityId,
      shift_id: request.shiftId,
      category: 'elder_care',
      service_date: DATE,
      checked_in_at: STARTS,
      checked_out_at: new Date(STARTS.getTime() + minutes * 60_000),
      minutes,
      status: 'confirmed',
      corrects_record_id: null,
      fixed_by: null,
      fix_reason: null,
      confirmed_by: c.staffId,
      confirmed_at: NOW,
      revoked_by: null,
      revoked_at: null,
      revoke_reason: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

beforeAll(async () => {
  streetId = (await createStreet(ctx.db)).id
})

beforeEach(() => ctx.setNow(NOW))

describe('accrual in the confirming transaction', () => {
  it('credits the volunteer the confirmed minutes, settles the payer (the rest of the reserve back) and closes the request', async () => {
    const c = await community()
    await fund(c.communityId, c.daughterId, 180)
    const request = await takenRequest(c, { pay: 'own' })
    // Reserved at approval: 2 hours.
    expect(await balanceOf(c.daughterId)).toBe(60)
    const record = await confirmedRecord(c, request, 90)
    // A transaction that fails after accrual leaves nothing.
    await expect(
      inTransaction(ctx.db, async (trx) => {
        await afterConfirmed(trx, [record], LATER)
        throw new Error('confirmation failed')
      }),
    ).rejects.toThrow('confirmation failed')
    expect(await balanceOf(c.volunteer.id)).toBe(0)
    await inTransaction(ctx.db, (trx) => afterConfirmed(trx, [record], LATER))
    expect(await balanceOf(c.volunteer.id)).toBe(90)
    expect(await balanceOf(c.daughterId)).toBe(90)
    expect((await entriesOf(c.daughterId)).map((e) => [e.kind, e.delta_minutes])).toEqual([
      ['earned', 180],
      ['spent', -120],
      ['released', 30],
    ])
    const row = await ctx.db.selectFrom('volunteer_help_request').selectAll().where('id', '=', request.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'done', escrow_minutes: 0, charged_minutes: 90 })
    expect(await ctx.db.selectFrom('notification_outbox').select('kind').where('user_id', '=', c.daughterId).where('kind', '=', 'help_request_done').execute()).toHaveLength(1)
    const ledger = (await (await ctx.request('/api/v1/volunteer/credits/ledger', { token: c.volunteer.token })).json()) as { items: { kindLabel: string; credits: string }[] }
    expect(ledger.items).toEqual([expect.objectContaining({ kindLabel: '志愿服务获得', credits: '+1.5' })])
    await expectLedgerBalances()
  })

  it('caps what a volunteer holds at 1,500 credits: the excess is not credited, and she is told', async () => {
    const c = await community()
    await fund(c.communityId, c.volunteer.id, 1500 * 60 - 30)
    const request = await takenRequest(c)
    const record = await confirmedRecord(c, request, 120)
    await inTransaction(ctx.db, (trx) => afterConfirmed(trx, [record], LATER))
    expect(await balanceOf(c.volunteer.id)).toBe(1500 * 60)
    expect((await entriesOf(c.volunteer.id)).at(-1)).toMatchObject({ kind: 'earned', delta_minutes: 30, note: '超出上限 1.5 未计入' })
    const told = await ctx.db.selectFrom('notification_outbox').select('payload').where('user_id', '=', c.volunteer.id).where('kind', '=', 'credits_received').executeTakeFirstOrThrow()
    expect(JSON.stringify(told.payload)).toContain('1500 上限')
    // At the cap, another record earns nothing and writes no entry.
    const summary = (await (await ctx.request('/api/v1/volunteer/credits', { token: c.volunteer.token })).json()) as { balance: string; room: string }
    expect(summary).toMatchObject({ balance: '1500.0', room: '0.0' })
    await expectLedgerBalances()
  })

  it('reverses a revoked record: what is still held comes back, what was given away is not chased; the payer is refunded', async () => {
    const c = await community()
    await fund(c.communityId, c.daughterId, 120)
    const request = await takenRequest(c, { pay: 'own' })
    const record = await confirmedRecord(c, request, 120)
    await inTransaction(ctx.db, (trx) => afterConfirmed(trx, [record], LATER))
    expect(await balanceOf(c.daughterId)).toBe(0)
    // She donates half an hour first.
    ctx.setNow(new Date(LATER.getTime() + 60_000))
    expect((await donate(c.volunteer.token, 0.5)).status).toBe(200)
    const revoked = await ctx.db.updateTable('volunteer_record').set({ status: 'revoked', revoked_by: c.staffId, revoked_at: NOW, revoke_reason: '未实际服务' }).where('id', '=', record.id).returningAll().executeTakeFirstOrThrow()
    await inTransaction(ctx.db, (trx) => afterUnconfirmed(trx, [revoked], new Date(LATER.getTime() + 120_000)))
    expect(await balanceOf(c.volunteer.id)).toBe(0)
    expect((await entriesOf(c.volunteer.id)).at(-1)).toMatchObject({ kind: 'reversed', delta_minutes: -90, note: '已使用的 0.5 不再扣回' })
    expect(await balanceOf(c.daughterId)).toBe(120)
    expect((await ctx.db.selectFrom('volunteer_help_request').select('status').where('id', '=', request.id).executeTakeFirstOrThrow()).status).toBe('taken')
    await expectLedgerBalances()
  })
})

/** She holds 150 minutes and asks for 2 hours paid with her own credits; staff approve it, which reserves 120. */
async function approvedOwnRequest() {
  const c = await community()
  await fund(c.communityId, c.daughterId, 150)
  const posted = await ctx.request('/api/v1/volunteer/help-requests', { method: 'POST', token: c.daughter, json: { ...NEED, pay: 'own' } })
  const { id } = (await posted.json()) as { id: string }
  expect((await ctx.request(`/api/v1/staff/volunteer/help-requests/${id}/approve`, { method: 'POST', token: c.staff, json: {} })).status).toBe(200)
  expect(await balanceOf(c.daughterId)).toBe(30)
  return { c, id }
}

describe('a request nobody took', () => {
  it('gives the reserved credits back once its time is over, once', async () => {
    const { c, id } = await approvedOwnRequest()
    expect(await releaseUntakenEscrow(ctx.db, STARTS)).toBe(0)
    const after = new Date(STARTS.getTime() + 3 * 60 * 60_000)
    expect(await releaseUntakenEscrow(ctx.db, after)).toBe(1)
    expect(await releaseUntakenEscrow(ctx.db, after)).toBe(0)
    expect(await balanceOf(c.daughterId)).toBe(150)
    expect((await entriesOf(c.daughterId)).at(-1)).toMatchObject({ kind: 'released', delta_minutes: 120 })
    await expectLedgerBalances()
  })
})

describe('a request withdrawn', () => {
  it('gives the credits reserved at approval back at once', async () => {
    const { c, id } = await approvedOwnRequest()
    // An hour later she no longer needs it.
    ctx.setNow(new Date(NOW.getTime() + 60 * 60_000))
    expect((await ctx.request(`/api/v1/volunteer/help-requests/${id}/withdraw`, { method: 'POST', token: c.daughter })).status).toBe(200)
    expect(await balanceOf(c.daughterId)).toBe(150)
    expect((await entriesOf(c.daughterId)).at(-1)).toMatchObject({ kind: 'released', delta_minutes: 120, note: '求助已撤回，预扣的时间币退回' })
    // The release job finds nothing left to give back.
    expect(await releaseUntakenEscrow(ctx.db, new Date(STARTS.getTime() + 3 * 60 * 60_000))).toBe(0)
    await expectLedgerBalances()
  })
})

describe('giving and donating', () => {
  it('gives only to a family member aged 60 or over who lives here; every refusal moves nothing', async () => {
    const c = await community()
    await fund(c.communityId, c.daughterId, 300)
    const stranger = await createUser(ctx.db, { name: '路人甲', birthDate: '1950-01-01', communityId: c.communityId })
    const before = await ctx.db.selectFrom('time_bank_entry').select('id').execute()
    expect(await errorCode(await give(c.daughter, { familyMemberId: stranger.id, credits: 1 }))).toBe('TIME_BANK_NOT_FAMILY')
    expect(await errorCode(await give(c.daughter, { familyMemberId: c.family.son, credits: 1 }))).toBe('TIME_BANK_RECIPIENT_UNDER_60')
    expect(await errorCode(await give(c.daughter, { familyMemberId: c.family.grandpa, credits: 1 }))).toBe('TIME_BANK_RECIPIENT_NOT_RESIDENT')
    expect(await errorCode(await give(c.daughter, { familyMemberId: c.family.mother, credits: 6 }))).toBe('TIME_BANK_INSUFFICIENT')
    expect(await errorCode(await give(c.daughter, { familyMemberId: c.family.mother, credits: 0.05 }))).toBe('VALIDATION_FAILED')
    expect(await errorCode(await give(c.daughter, { familyMemberId: c.family.mother, credits: -1 }))).toBe('VALIDATION_FAILED')
    expect(await ctx.db.selectFrom('time_bank_entry').select('id').execute()).toHaveLength(before.length)
    expect(await balanceOf(c.daughterId)).toBe(300)

    const res = await give(c.daughter, { familyMemberId: c.family.mother, credits: 1.5 })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { balance: string }).balance).toBe('3.5')
    expect(await balanceOf(c.motherId)).toBe(90)
    expect((await entriesOf(c.motherId)).map((e) => e.kind)).toEqual(['received'])
    expect((await ctx.db.selectFrom('audit_log').select('action').where('actor_user_id', '=', c.daughterId).where('action', '=', 'time_bank.given').execute()).length).toBe(1)
    // The recipient's cap: a gift that would take her past 1,500 is refused whole.
    await fund(c.communityId, c.motherId, 1500 * 60 - 90 - 30)
    expect(await errorCode(await give(c.daughter, { familyMemberId: c.family.mother, credits: 1 }))).toBe('TIME_BANK_OVER_CAP')
    expect(await balanceOf(c.daughterId)).toBe(210)
    const summary = (await (await ctx.request('/api/v1/volunteer/credits', { token: c.daughter })).json()) as { family: { name: string; eligible: boolean }[] }
    expect(summary.family.map((m) => [m.name, m.eligible])).toEqual(expect.arrayContaining([['王秀兰', true], ['李小明', false]]))
    await expectLedgerBalances()
  })

  it('100 concurrent gives and donations from one account of 50 credits: exactly 50 go through, never below zero, the ledger balances', async () => {
    const c = await community()
    await fund(c.communityId, c.daughterId, 50 * 60)
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? give(c.daughter, { familyMemberId: c.family.mother, credits: 1 }, `gift-${i}`) : donate(c.daughter, 1))))
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(50)
    expect(statuses.filter((s) => s !== 200).every((s) => s === 409)).toBe(true)
    expect(await balanceOf(c.daughterId)).toBe(0)
    const pool = await bank.findPool(ctx.db, c.communityId)
    expect((await balanceOf(c.motherId)) + (pool?.balance_minutes ?? 0)).toBe(50 * 60)
    await expectLedgerBalances()
  })

  it('the pool pays for a 重点空巢老人 when staff choose it; too little in the pool and the approval does not happen', async () => {
    const c = await community()
    const posted = await ctx.request('/api/v1/volunteer/help-requests', { method: 'POST', token: c.daughter, json: { ...NEED, familyMemberId: c.family.mother } })
    const { id } = (await posted.json()) as { id: string }
    const approve = () => ctx.request(`/api/v1/staff/volunteer/help-requests/${id}/approve`, { method: 'POST', token: c.staff, json: { payFromPool: true } })
    expect(await errorCode(await approve())).toBe('TIME_BANK_INSUFFICIENT')
    const row = await ctx.db.selectFrom('volunteer_help_request').select(['status', 'activity_id']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toEqual({ status: 'pending', activity_id: null })
    await fund(c.communityId, c.daughterId, 180)
    expect((await donate(c.daughter, 3)).status).toBe(200)
    const pool = () => ctx.request(`/api/v1/staff/volunteer/credits/pool?communityId=${c.communityId}`, { token: c.staff })
    expect(((await (await pool()).json()) as { balance: string }).balance).toBe('3.0')
    expect((await ctx.request(`/api/v1/staff/volunteer/credits/pool?communityId=${c.communityId}`, { token: c.daughter })).status).toBe(403)
    expect((await approve()).status).toBe(200)
    expect(((await (await pool()).json()) as { balance: string }).balance).toBe('1.0')
    expect((await ctx.db.selectFrom('volunteer_help_request').select('pay').where('id', '=', id).executeTakeFirstOrThrow()).pay).toBe('pool')
    await expectLedgerBalances()
  })

  it('keeps the ledger append-only and has no route that pays credits out as money', async () => {
    const c = await community()
    await fund(c.communityId, c.daughterId, 60)
    await expect(sql`update time_bank_entry set delta_minutes = 1`.execute(ctx.db)).rejects.toThrow(/never changed or deleted/)
    await expect(sql`delete from time_bank_entry`.execute(ctx.db)).rejects.toThrow(/never changed or deleted/)
    const doc = (await (await ctx.request('/api/openapi.json')).json()) as { paths: Record<string, unknown> }
    const credits = Object.keys(doc.paths).filter((p) => p.includes('/credits'))
    expect(credits.sort()).toEqual(['/api/v1/staff/volunteer/credits/pool', '/api/v1/volunteer/credits', '/api/v1/volunteer/credits/donations', '/api/v1/volunteer/credits/gifts', '/api/v1/volunteer/credits/ledger'])
  })
})
