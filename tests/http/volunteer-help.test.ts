import { seedDemoVolunteerHelp } from '../../bff/src/demo/volunteer-help'
import { helpRequestNumbers } from '../../bff/src/volunteer/help-numbers'
import { helpDataOf } from '../../bff/src/volunteer/help-personal-data'
import { TEST_CIPHER, createCommunity, createStreet, createUser, sessionFor } from '../support/factories'
import { useTestContext } from '../support/context'
import { createVolunteer } from '../support/volunteer'

const ctx = useTestContext()
const FAR = new Date('2030-01-01')
const HOUR_MS = 60 * 60 * 1000
/** 10:00 in Shanghai on 1 December. */
const NOW = new Date('2026-12-01T02:00:00Z')
/** The service: 3 December 09:00–11:00 Shanghai. */
const DATE = '2026-12-03'
const STARTS = new Date('2026-12-03T01:00:00Z')

interface Help {
  id: string
  status: string
  kindLabel: string
  beneficiaryName: string
  contactPhone: string
  volunteerName: string | null
  canTake: boolean
  canGiveBack: boolean
  canWithdraw: boolean
  checkIn: { code: string } | null
  activityId: string | null
  shiftId: string | null
  credits: string
  pay: string
}

let streetId: string

async function errorCode(res: Response) {
  return ((await res.json()) as { error: { code: string } }).error.code
}

const NEED = { kind: 'escort_medical', date: DATE, startTime: '09:00', endTime: '11:00', place: '桂花苑3幢2单元501', needs: '陪同去市一医院复查血压，帮忙排队取药', contactName: '李敏', contactPhone: '13912345678' }

/** A registered volunteer whose session outlasts the test clock's moves. */
async function volunteer(communityId: string, name: string) {
  const v = await createVolunteer(ctx.db, { communityId, name })
  return { ...v, token: await sessionFor(ctx.db, v.user.id, FAR) }
}

/** A community with staff, a daughter whose mother (72) is a resident and linked under 我的家人, and two volunteers. */
async function community() {
  const communityId = (await createCommunity(ctx.db, { streetId })).id
  const staffUser = await createUser(ctx.db, { name: '张丽', grant: { role: 'staff', communityId } })
  const daughterUser = await createUser(ctx.db, { name: '李敏', birthDate: '1990-08-21', communityId })
  const motherUser = await createUser(ctx.db, { name: '王秀兰', birthDate: '1954-03-15', communityId })
  const daughter = await sessionFor(ctx.db, daughterUser.id, FAR)
  const member = await ctx.request('/api/v1/me/family', { method: 'POST', token: daughter, json: { name: '王秀兰', relation: 'parent', birthDate: '1954-03-15' } })
  expect(member.status).toBe(201)
  const v1 = await volunteer(communityId, '赵志远')
  const v2 = await volunteer(communityId, '钱小红')
  return {
    communityId,
    staff: await sessionFor(ctx.db, staffUser.id, FAR),
    daughter,
    daughterId: daughterUser.id,
    motherId: motherUser.id,
    mother: await sessionFor(ctx.db, motherUser.id, FAR),
    memberId: ((await member.json()) as { id: string }).id,
    v1,
    v2,
  }
}

function post(token: string, json: Record<string, unknown>, key?: string) {
  return ctx.request('/api/v1/volunteer/help-requests', { method: 'POST', token, json, ...(key ? { headers: { 'Idempotency-Key': key } } : {}) })
}

async function postOk(token: string, json: Record<string, unknown>): Promise<Help> {
  const res = await post(token, json)
  expect(res.status).toBe(201)
  return (await res.json()) as Help
}

const approve = (id: string, token: string, json: Record<string, unknown> = {}) => ctx.request(`/api/v1/staff/volunteer/help-requests/${id}/approve`, { method: 'POST', token, json })
const decline = (id: string, token: string, reason: string) => ctx.request(`/api/v1/staff/volunteer/help-requests/${id}/decline`, { method: 'POST', token, json: { reason } })
const take = (id: string, token: string) => ctx.request(`/api/v1/volunteer/help-requests/${id}/take`, { method: 'POST', token })
const giveBack = (id: string, token: string) => ctx.request(`/api/v1/volunteer/help-requests/${id}/take`, { method: 'DELETE', token })
const withdraw = (id: string, token: string) => ctx.request(`/api/v1/volunteer/help-requests/${id}/withdraw`, { method: 'POST', token })

async function read(id: string, token: string): Promise<Help> {
  const res = await ctx.request(`/api/v1/volunteer/help-requests/${id}`, { token })
  expect(res.status).toBe(200)
  return (await res.json()) as Help
}

async function outbox(kind: string, userId: string) {
  return ctx.db.selectFrom('notification_outbox').select(['payload']).where('kind', '=', kind).where('user_id', '=', userId).execute()
}

async function audits(targetId: string) {
  return (await ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', targetId).orderBy('id').execute()).map((a) => a.action)
}

const signups = (shiftId: string) => ctx.db.selectFrom('volunteer_signup').select(['user_id', 'status']).where('shift_id', '=', shiftId).execute()

beforeAll(async () => {
  streetId = (await createStreet(ctx.db)).id
})

beforeEach(() => ctx.setNow(NOW))

describe('posting a need', () => {
  it('is for herself or an elder under 我的家人, in the future, with the contact masked to others', async () => {
    const c = await community()
    expect(await errorCode(await post(c.daughter, { ...NEED, date: '2026-11-30' }))).toBe('HELP_IN_PAST')
    expect(await errorCode(await post(c.daughter, { ...NEED, needs: '帮忙' }))).toBe('VALIDATION_FAILED')
    expect(await errorCode(await post(c.daughter, { ...NEED, endTime: '08:00' }))).toBe('VALIDATION_FAILED')
    expect(await errorCode(await post(c.daughter, { ...NEED, endTime: '15:00' }))).toBe('VALIDATION_FAILED')
    expect(await errorCode(await post(c.daughter, { ...NEED, familyMemberId: '00000000-0000-4000-8000-000000000000' }))).toBe('HELP_FAMILY_NOT_FOUND')
    expect(await errorCode(await post(c.daughter, { ...NEED, pay: 'beneficiary' }))).toBe('VALIDATION_FAILED')
    expect(await errorCode(await post(c.daughter, { ...NEED, familyMemberId: c.memberId, pay: 'beneficiary' }))).toBe('TIME_BANK_INSUFFICIENT')
    expect(await ctx.db.selectFrom('volunteer_help_request').select('id').where('community_id', '=', c.communityId).execute()).toEqual([])

    const posted = await postOk(c.daughter, { ...NEED, familyMemberId: c.memberId })
    expect(posted).toMatchObject({ status: 'pending', kindLabel: '陪同就医', beneficiaryName: '王秀兰', contactPhone: '13912345678', canTake: false })
    // The mother sees it as hers too; staff see the contact masked.
    expect((await read(posted.id, c.mother)).beneficiaryName).toBe('王秀兰')
    const staffView = await read(posted.id, c.staff)
    expect(staffView.contactPhone).not.toContain('12345')
    expect(staffView.beneficiaryName).toBe('王*兰')
    // A volunteer cannot see it while it is pending, nor take it.
    expect((await ctx.request(`/api/v1/volunteer/help-requests/${posted.id}`, { token: c.v1.token })).status).toBe(404)
    expect(await errorCode(await take(posted.id, c.v1.token))).toBe('HELP_NOT_OPEN')
    expect(await signups(posted.shiftId ?? '00000000-0000-4000-8000-000000000000')).toEqual([])
    expect(await audits(posted.id)).toEqual(['help.posted'])
  })

  it('takes an Idempotency-Key: a double tap posts once', async () => {
    const c = await community()
    const [a, b] = await Promise.all([post(c.daughter, NEED, 'help-key-1'), post(c.daughter, NEED, 'help-key-1')])
    expect([a.status, b.status].sort()).toEqual(expect.arrayContaining([201]))
    const again = await post(c.daughter, NEED, 'help-key-1')
    expect(again.status).toBe(201)
    expect(await ctx.db.selectFrom('volunteer_help_request').select('id').where('requester_user_id', '=', c.daughterId).execute()).toHaveLength(1)
  })
})

describe('staff decide', () => {
  it('approve into a one-shift activity of one seat, or decline with a reason; each told and audited, once', async () => {
    const c = await community()
    const posted = await postOk(c.daughter, { ...NEED, familyMemberId: c.memberId })
    expect((await approve(posted.id, c.daughter)).status).toBe(403)
    const other = await community()
    expect(await errorCode(await approve(posted.id, other.staff))).toBe('FORBIDDEN')
    const [one, two] = await Promise.all([approve(posted.id, c.staff), approve(posted.id, c.staff)])
    expect([one.status, two.status].sort()).toEqual([200, 409])
    const approved = await read(posted.id, c.daughter)
    expect(approved.status).toBe('approved')
    const activity = await ctx.db.selectFrom('volunteer_activity').selectAll().where('id', '=', approved.activityId ?? '').executeTakeFirstOrThrow()
    expect(activity).toMatchObject({ kind: 'help_request', category: 'medical', place: NEED.place, headcount: 1, status: 'published' })
    const shifts = await ctx.db.selectFrom('volunteer_shift').selectAll().where('activity_id', '=', activity.id).execute()
    expect(shifts).toHaveLength(1)
    expect(shifts[0]).toMatchObject({ capacity: 1, taken: 0, starts_at: STARTS, ends_at: new Date(STARTS.getTime() + 2 * HOUR_MS) })
    expect(await outbox('help_request_approved', c.daughterId)).toHaveLength(1)
    expect(await audits(posted.id)).toEqual(['help.posted', 'help.approved'])
    expect(await errorCode(await decline(posted.id, c.staff, '已经通过了'))).toBe('HELP_NOT_PENDING')

    const second = await postOk(c.daughter, { ...NEED, kind: 'shopping' })
    expect(await errorCode(await decline(second.id, c.staff, ''))).toBe('VALIDATION_FAILED')
    expect((await decline(second.id, c.staff, '超出服务范围，请联系物业')).status).toBe(200)
    expect(await outbox('help_request_declined', c.daughterId)).toEqual([{ payload: expect.objectContaining({ detail: '超出服务范围，请联系物业' }) }])
    expect((await read(second.id, c.daughter)).status).toBe('declined')
    expect(await errorCode(await take(second.id, c.v1.token))).toBe('HELP_NOT_OPEN')
  })
})

describe('a volunteer takes it', () => {
  it('two at once: one wins through the seats kernel, the other gets a coded 409 and no sign-up', async () => {
    const c = await community()
    const posted = await postOk(c.daughter, { ...NEED, familyMemberId: c.memberId })
    await approve(posted.id, c.staff)
    const [a, b] = await Promise.all([take(posted.id, c.v1.token), take(posted.id, c.v2.token)])
    expect([a.status, b.status].sort()).toEqual([200, 409])
    const loser = a.status === 409 ? a : b
    expect(await errorCode(loser)).toBe('HELP_ALREADY_TAKEN')
    const request = await read(posted.id, c.daughter)
    expect(request.status).toBe('taken')
    const winner = a.status === 200 ? c.v1 : c.v2
    expect(request.volunteerName).toBe(winner === c.v1 ? '赵*远' : '钱*红')
    const rows = await signups(request.shiftId ?? '')
    expect(rows).toEqual([{ user_id: winner.user.id, status: 'signed_up' }])
    const shift = await ctx.db.selectFrom('volunteer_shift').select('taken').where('id', '=', request.shiftId ?? '').executeTakeFirstOrThrow()
    expect(shift.taken).toBe(1)
    const told = await outbox('help_request_taken', c.daughterId)
    expect(told).toHaveLength(1)
    expect(JSON.stringify(told[0]?.payload)).toContain(request.volunteerName ?? 'x')
    // The contact is whole to the volunteer who took it, masked before.
    expect((await read(posted.id, winner.token)).contactPhone).toBe('13912345678')
    // Taking twice is refused.
    expect(await errorCode(await take(posted.id, winner.token))).toBe('HELP_ALREADY_TAKEN')
  })

  it('refuses the requester herself, a non-volunteer, and another community', async () => {
    const c = await community()
    const other = await community()
    const posted = await postOk(c.daughter, NEED)
    await approve(posted.id, c.staff)
    const self = await createVolunteer(ctx.db, { communityId: c.communityId, name: '李敏' })
    await ctx.db.updateTable('volunteer_help_request').set({ requester_user_id: self.user.id, beneficiary_user_id: self.user.id }).where('id', '=', posted.id).execute()
    expect(await errorCode(await take(posted.id, self.token))).toBe('HELP_OWN_REQUEST')
    expect((await take(posted.id, c.daughter)).status).toBe(403)
    expect(await errorCode(await take(posted.id, other.v1.token))).toBe('HELP_OTHER_COMMUNITY')
    const suspended = await createVolunteer(ctx.db, { communityId: c.communityId, status: 'suspended' })
    expect(await errorCode(await take(posted.id, suspended.token))).toBe('VOLUNTEER_SUSPENDED')
    expect(await signups(posted.shiftId ?? (await read(posted.id, c.staff)).shiftId ?? '')).toEqual([])
  })

  it('gives it back before it starts: the seat is free and another volunteer can take it; after the start she cannot', async () => {
    const c = await community()
    const posted = await postOk(c.daughter, NEED)
    await approve(posted.id, c.staff)
    expect((await take(posted.id, c.v1.token)).status).toBe(200)
    expect(await errorCode(await giveBack(posted.id, c.v2.token))).toBe('HELP_NOT_TAKER')
    const back = await giveBack(posted.id, c.v1.token)
    expect(back.status).toBe(200)
    expect(((await back.json()) as Help).status).toBe('approved')
    // The requester is told at once that her request waits for another volunteer.
    expect(await outbox('help_request_given_back', c.daughterId)).toEqual([{ payload: expect.objectContaining({ helpRequestId: posted.id }) }])
    const shiftId = (await read(posted.id, c.staff)).shiftId ?? ''
    expect((await ctx.db.selectFrom('volunteer_shift').select('taken').where('id', '=', shiftId).executeTakeFirstOrThrow()).taken).toBe(0)
    expect((await take(posted.id, c.v2.token)).status).toBe(200)
    ctx.setNow(new Date(STARTS.getTime() + 60_000))
    expect(await errorCode(await giveBack(posted.id, c.v2.token))).toBe('HELP_STARTED')
    expect(await audits(posted.id)).toEqual(['help.posted', 'help.approved', 'help.taken', 'help.given_back', 'help.taken'])
  })

  it('shows the rotating code to the requester only, and only around the time of service', async () => {
    const c = await community()
    const posted = await postOk(c.daughter, { ...NEED, familyMemberId: c.memberId })
    await approve(posted.id, c.staff)
    await take(posted.id, c.v1.token)
    expect((await read(posted.id, c.daughter)).checkIn).toBeNull()
    ctx.setNow(new Date(STARTS.getTime() - 10 * 60_000))
    const code = (await read(posted.id, c.daughter)).checkIn?.code
    expect(code).toMatch(/^\d{6}$/)
    expect((await read(posted.id, c.mother)).checkIn?.code).toBe(code)
    expect((await read(posted.id, c.v1.token)).checkIn).toBeNull()
    expect((await read(posted.id, c.staff)).checkIn).toBeNull()
  })
})

describe('撤回求助', () => {
  it('withdraws a pending request once; staff can no longer decide it', async () => {
    const c = await community()
    const posted = await postOk(c.daughter, NEED)
    expect(posted.canWithdraw).toBe(true)
    expect(await errorCode(await withdraw(posted.id, c.v1.token))).toBe('HELP_NOT_REQUESTER')
    const res = await withdraw(posted.id, c.daughter)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'withdrawn', statusLabel: '已撤回', canWithdraw: false })
    expect(await errorCode(await withdraw(posted.id, c.daughter))).toBe('HELP_NOT_WITHDRAWABLE')
    expect(await errorCode(await approve(posted.id, c.staff))).toBe('HELP_NOT_PENDING')
    expect(await audits(posted.id)).toEqual(['help.posted', 'help.withdrawn'])
  })

  it('withdraws a taken request before the service: the activity is cancelled, the seat emptied and the volunteer told at once', async () => {
    const c = await community()
    const posted = await postOk(c.daughter, { ...NEED, familyMemberId: c.memberId })
    await approve(posted.id, c.staff)
    expect((await take(posted.id, c.v1.token)).status).toBe(200)
    const { shiftId, activityId } = await read(posted.id, c.staff)
    // The elder it is for withdraws it herself.
    const res = await withdraw(posted.id, c.mother)
    expect(res.status).toBe(200)
    expect(((await res.json()) as Help).status).toBe('withdrawn')
    expect(await signups(shiftId ?? '')).toEqual([{ user_id: c.v1.user.id, status: 'cancelled' }])
    expect((await ctx.db.selectFrom('volunteer_shift').select('taken').where('id', '=', shiftId ?? '').executeTakeFirstOrThrow()).taken).toBe(0)
    expect(await ctx.db.selectFrom('volunteer_activity').select(['status', 'cancel_reason']).where('id', '=', activityId ?? '').executeTakeFirstOrThrow()).toEqual({ status: 'cancelled', cancel_reason: '求助人已撤回' })
    expect(await outbox('help_request_withdrawn', c.v1.user.id)).toEqual([{ payload: expect.objectContaining({ helpRequestId: posted.id, detail: expect.stringContaining('不用再去了') }) }])
    expect(await errorCode(await take(posted.id, c.v2.token))).toBe('HELP_NOT_OPEN')
    expect(await audits(posted.id)).toEqual(['help.posted', 'help.approved', 'help.taken', 'help.withdrawn'])
  })

  it('refuses once the service has started, and a declined request', async () => {
    const c = await community()
    const started = await postOk(c.daughter, NEED)
    await approve(started.id, c.staff)
    const declined = await postOk(c.daughter, { ...NEED, kind: 'shopping' })
    expect((await decline(declined.id, c.staff, '超出服务范围')).status).toBe(200)
    expect(await errorCode(await withdraw(declined.id, c.daughter))).toBe('HELP_NOT_WITHDRAWABLE')
    ctx.setNow(new Date(STARTS.getTime() + 60_000))
    expect((await read(started.id, c.daughter)).canWithdraw).toBe(false)
    expect(await errorCode(await withdraw(started.id, c.daughter))).toBe('HELP_WITHDRAW_STARTED')
    expect((await read(started.id, c.daughter)).status).toBe('approved')
  })

  it('a withdrawal and a volunteer taking it at the same moment: withdrawn either way, nobody left signed up', async () => {
    const c = await community()
    const posted = await postOk(c.daughter, NEED)
    await approve(posted.id, c.staff)
    const [w, t] = await Promise.all([withdraw(posted.id, c.daughter), take(posted.id, c.v1.token)])
    expect(w.status).toBe(200)
    expect([200, 409]).toContain(t.status)
    expect((await read(posted.id, c.daughter)).status).toBe('withdrawn')
    const shiftId = (await read(posted.id, c.staff)).shiftId ?? ''
    expect((await signups(shiftId)).filter((g) => g.status === 'signed_up')).toEqual([])
    // Taken first: she is told it was withdrawn.
    if (t.status === 200) expect(await outbox('help_request_withdrawn', c.v1.user.id)).toHaveLength(1)
  })
})

describe('lists and numbers', () => {
  it('pages hers, the open ones for volunteers and the pending ones for staff; counts those taken within 48 hours', async () => {
    const c = await community()
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      ctx.setNow(new Date(NOW.getTime() + i * 60_000))
      ids.push((await postOk(c.daughter, NEED)).id)
    }
    const page1 = (await (await ctx.request('/api/v1/volunteer/help-requests?view=mine&limit=2', { token: c.daughter })).json()) as { items: Help[]; nextCursor: string }
    expect(page1.items.map((h) => h.id)).toEqual([ids[2], ids[1]])
    const page2 = (await (await ctx.request(`/api/v1/volunteer/help-requests?view=mine&limit=2&cursor=${page1.nextCursor}`, { token: c.daughter })).json()) as { items: Help[]; nextCursor: string | null }
    expect(page2.items.map((h) => h.id)).toEqual([ids[0]])
    const pending = (await (await ctx.request(`/api/v1/volunteer/help-requests?view=pending&communityId=${c.communityId}`, { token: c.staff })).json()) as { items: Help[] }
    expect(pending.items).toHaveLength(3)
    expect((await ctx.request('/api/v1/volunteer/help-requests?view=pending', { token: c.daughter })).status).toBe(403)
    await approve(ids[0] ?? '', c.staff)
    await approve(ids[1] ?? '', c.staff)
    const open = (await (await ctx.request('/api/v1/volunteer/help-requests?view=open', { token: c.v1.token })).json()) as { items: Help[] }
    expect(open.items.map((h) => h.id).sort()).toEqual([ids[0], ids[1]].sort())
    expect(open.items.every((h) => h.canTake && !h.contactPhone.includes('12345'))).toBe(true)
    await take(ids[0] ?? '', c.v1.token)
    ctx.setNow(new Date(NOW.getTime() + 49 * HOUR_MS))
    await ctx.db.updateTable('volunteer_help_request').set({ starts_at: new Date(NOW.getTime() + 60 * HOUR_MS), ends_at: new Date(NOW.getTime() + 61 * HOUR_MS) }).where('id', '=', ids[1] ?? '').execute()
    await take(ids[1] ?? '', c.v2.token)
    const numbers = await helpRequestNumbers(ctx.db, [c.communityId], new Date(NOW.getTime() - HOUR_MS), new Date(NOW.getTime() + HOUR_MS))
    expect(numbers).toEqual({ requests: 3, answeredWithin48h: 1 })
  })
})

describe('demo data', () => {
  it('gives the parent persona a done 陪同就医 for her mother (the volunteer earned 2 credits), one open to take and one pending, and a small pool, once', async () => {
    const c = await community()
    const personas = { staff: c.staff, parent: c.daughterId, elder: c.motherId, volunteer: c.v1.user.id }
    const staffId = (await ctx.db.selectFrom('user_role').select('user_id').where('community_id', '=', c.communityId).where('role', '=', 'staff').executeTakeFirstOrThrow()).user_id
    for (const [persona, id] of Object.entries({ ...personas, staff: staffId })) await ctx.db.updateTable('app_user').set({ demo_persona: persona }).where('id', '=', id).execute()
    await seedDemoVolunteerHelp(ctx.db, TEST_CIPHER, NOW)
    await seedDemoVolunteerHelp(ctx.db, TEST_CIPHER, NOW)
    const mine = (await (await ctx.request('/api/v1/volunteer/help-requests?view=mine', { token: c.daughter })).json()) as { items: Help[] }
    expect(mine.items.map((h) => h.status).sort()).toEqual(['approved', 'done', 'pending'])
    expect(mine.items.every((h) => h.beneficiaryName === '王秀兰')).toBe(true)
    const credits = (await (await ctx.request('/api/v1/volunteer/credits', { token: c.v1.token })).json()) as { balance: string; pool: string }
    expect(credits).toMatchObject({ balance: '2.0', pool: '6.0' })
    const open = (await (await ctx.request('/api/v1/volunteer/help-requests?view=open', { token: c.v2.token })).json()) as { items: Help[] }
    expect(open.items).toHaveLength(1)
    expect(open.items[0]?.canTake).toBe(true)
    // The family link was already there (made through the API): not added twice.
    const family = (await (await ctx.request('/api/v1/me/family', { token: c.daughter })).json()) as { items: unknown[] }
    expect(family.items).toHaveLength(1)
  })
})

describe('下载我的数据', () => {
  it('holds the requests she posted or that are for her, with her contact, and her ledger; never the volunteer', async () => {
    const c = await community()
    const posted = await postOk(c.daughter, { ...NEED, familyMemberId: c.memberId })
    await approve(posted.id, c.staff)
    await take(posted.id, c.v1.token)
    const data = await helpDataOf(ctx.db, TEST_CIPHER, c.daughterId)
    expect(data.requests).toEqual([expect.objectContaining({ kind: '陪同就医', status: '已接单', beneficiaryName: '王秀兰', contactPhone: '13912345678', postedByHer: true })])
    expect(JSON.stringify(data)).not.toContain('赵')
    expect((await helpDataOf(ctx.db, TEST_CIPHER, c.motherId)).requests).toEqual([expect.objectContaining({ postedByHer: false })])
    expect(data.credits).toEqual({ balance: '0.0', entries: [] })
  })
})
