import { sql } from 'kysely'
import { currentCode } from '../../bff/src/volunteer/rotating-code'
import { useTestContext } from '../support/context'
import { createCommunity, createStreet, createUser, sessionFor } from '../support/factories'
import { createActivity, createVolunteer } from '../support/volunteer'

const ctx = useTestContext()
const FAR = new Date('2030-01-01')
const MINUTE_MS = 60_000
/** The shift: 5 December 09:00–11:00 Shanghai. */
const STARTS = new Date('2026-12-05T01:00:00Z')
const ENDS = new Date('2026-12-05T03:00:00Z')
const at = (base: Date, minutes: number) => new Date(base.getTime() + minutes * MINUTE_MS)

interface Person {
  id: string
  token: string
}
interface HoursRecord {
  id: string
  status: string
  statusLabel: string
  serviceDate: string
  minutes: number | null
  hours: number | null
  checkedInAtLocal: { date: string; time: string }
  checkedOutAtLocal: { date: string; time: string } | null
  correctsRecordId: string | null
}
interface MyShift {
  shiftId: string
  canCheckIn: boolean
  canCheckOut: boolean
  record: HoursRecord | null
}

let streetId: string

async function errorCode(res: Response) {
  return ((await res.json()) as { error: { code: string } }).error.code
}

/** A community with a staff organiser, `n` volunteers signed up on one two-hour shift, and one on its waitlist. */
async function setting(n: number, capacity = n + 1) {
  const communityId = (await createCommunity(ctx.db, { streetId })).id
  const staffUser = await createUser(ctx.db, { name: '张敏', grant: { role: 'staff', communityId } })
  const staff: Person = { id: staffUser.id, token: await sessionFor(ctx.db, staffUser.id, FAR) }
  const { activity, shifts } = await createActivity(ctx.db, { communityId, createdBy: staffUser.id, shifts: [{ startsAt: STARTS, endsAt: ENDS, capacity }] })
  const shift = shifts[0]!
  const volunteers: Person[] = []
  for (let i = 0; i < n; i++) volunteers.push(await volunteer(communityId, shift.id, 'signed_up', `志愿者${i}号`))
  const waiting = await volunteer(communityId, shift.id, 'waitlisted', '候补志愿者')
  return { communityId, staff, activity, shift, volunteers, waiting }
}

async function volunteer(communityId: string, shiftId: string, status: 'signed_up' | 'waitlisted', name: string): Promise<Person> {
  const v = await createVolunteer(ctx.db, { communityId, name })
  await ctx.db.insertInto('volunteer_signup').values({ shift_id: shiftId, user_id: v.user.id, community_id: communityId, status }).execute()
  return { id: v.user.id, token: await sessionFor(ctx.db, v.user.id, FAR) }
}

const codeAt = (shift: { code_secret: string }, now: Date) => currentCode(shift.code_secret, now).code

function post(path: string, token: string, json: unknown, key?: string) {
  return ctx.request(`/api/v1${path}`, { method: 'POST', token, json, ...(key ? { headers: { 'Idempotency-Key': key } } : {}) })
}

const checkIn = (shiftId: string, token: string, code: string, key?: string) => post(`/volunteer/shifts/${shiftId}/check-in`, token, { code }, key)
const checkOut = (shiftId: string, token: string, code: string) => post(`/volunteer/shifts/${shiftId}/check-out`, token, { code })
const confirm = (activityId: string, token: string, json: unknown) => post(`/volunteer/activities/${activityId}/hours/confirm`, token, json)

/** Checks in at `inAt` and out at `outAt` with the codes of those minutes. */
async function served(shift: { id: string; code_secret: string }, who: Person, inAt: Date, outAt: Date): Promise<HoursRecord> {
  const a = await ctx.withNow(inAt, () => checkIn(shift.id, who.token, codeAt(shift, inAt)))
  expect(a.status).toBe(200)
  const b = await ctx.withNow(outAt, () => checkOut(shift.id, who.token, codeAt(shift, outAt)))
  expect(b.status).toBe(200)
  return ((await b.json()) as MyShift).record!
}

async function records(userId: string) {
  return ctx.db.selectFrom('volunteer_record').selectAll().where('user_id', '=', userId).orderBy('created_at').execute()
}

async function rollup(userId: string) {
  return ctx.db.selectFrom('volunteer_hours_rollup').select(['year', 'category', 'minutes', 'records']).where('user_id', '=', userId).execute()
}

async function outbox(kind: string, userId: string) {
  return ctx.db.selectFrom('notification_outbox').select(['payload']).where('kind', '=', kind).where('user_id', '=', userId).execute()
}

async function audits(targetId: string) {
  return (await ctx.db.selectFrom('audit_log').select(['action']).where('target_id', '=', targetId).orderBy('id').execute()).map((a) => a.action)
}

beforeAll(async () => {
  streetId = (await createStreet(ctx.db)).id
})

describe('the organiser’s rotating code', () => {
  it('is shown to the organiser with its expiry and a QR of the check-in page, and refused to a volunteer', async () => {
    const { staff, shift, volunteers } = await setting(1)
    const now = at(STARTS, -10)
    const res = await ctx.withNow(now, () => ctx.request(`/api/v1/volunteer/shifts/${shift.id}/code`, { token: staff.token }))
    expect(res.status).toBe(200)
    const body = (await res.json()) as { code: string; expiresAt: string; secondsLeft: number; checkInUrl: string; qrCode: string }
    expect(body.code).toBe(codeAt(shift, now))
    expect(body.code).toMatch(/^\d{6}$/)
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(now.getTime())
    expect(body.secondsLeft).toBeGreaterThan(0)
    expect(body.secondsLeft).toBeLessThanOrEqual(60)
    expect(body.checkInUrl).toContain(`/#/packages/volunteer/pages/checkin/index?shiftId=${shift.id}&code=${body.code}`)
    expect(body.qrCode).toMatch(/^data:image\/svg\+xml;base64,/)
    const refused = await ctx.request(`/api/v1/volunteer/shifts/${shift.id}/code`, { token: volunteers[0]!.token })
    expect(refused.status).toBe(403)
    expect(await errorCode(refused)).toBe('VOLUNTEER_NOT_ORGANISER')
  })
})

describe('check-in and check-out', () => {
  it('opens check-in 30 minutes before the start: 31 minutes before is refused, 29 accepted', async () => {
    const { shift, volunteers } = await setting(1)
    const v = volunteers[0]!
    const early = at(STARTS, -31)
    const refused = await ctx.withNow(early, () => checkIn(shift.id, v.token, codeAt(shift, early)))
    expect(refused.status).toBe(409)
    expect(await errorCode(refused)).toBe('VOLUNTEER_CHECK_IN_NOT_OPEN')
    expect(await records(v.id)).toHaveLength(0)
    const inTime = at(STARTS, -29)
    const res = await ctx.withNow(inTime, () => checkIn(shift.id, v.token, codeAt(shift, inTime)))
    expect(res.status).toBe(200)
    const mine = (await res.json()) as MyShift
    expect(mine.record).toMatchObject({ status: 'open', statusLabel: '服务中', serviceDate: '2026-12-05', checkedInAtLocal: { date: '2026-12-05', time: '08:31' }, minutes: null })
    expect(mine.canCheckOut).toBe(true)
  })

  it('closes check-in at the end and check-out 30 minutes after it: 31 minutes after is refused, 29 accepted', async () => {
    const { shift, volunteers } = await setting(2)
    const [a, b] = volunteers as [Person, Person]
    const late = ENDS
    const lateIn = await ctx.withNow(late, () => checkIn(shift.id, a.token, codeAt(shift, late)))
    expect(lateIn.status).toBe(409)
    expect(await errorCode(lateIn)).toBe('VOLUNTEER_CHECK_IN_CLOSED')
    for (const v of [a, b]) {
      const t = at(STARTS, 10)
      expect((await ctx.withNow(t, () => checkIn(shift.id, v.token, codeAt(shift, t)))).status).toBe(200)
    }
    const tooLate = at(ENDS, 31)
    const refused = await ctx.withNow(tooLate, () => checkOut(shift.id, a.token, codeAt(shift, tooLate)))
    expect(refused.status).toBe(409)
    expect(await errorCode(refused)).toBe('VOLUNTEER_CHECK_OUT_CLOSED')
    expect((await records(a.id))[0]).toMatchObject({ status: 'open', checked_out_at: null, minutes: null })
    const inTime = at(ENDS, 29)
    const ok = await ctx.withNow(inTime, () => checkOut(shift.id, b.token, codeAt(shift, inTime)))
    expect(ok.status).toBe(200)
    // In at 09:10, out at 11:29: 139 minutes, capped at the shift's 120.
    expect(((await ok.json()) as MyShift).record).toMatchObject({ status: 'pending', statusLabel: '待确认', minutes: 120, hours: 2 })
  })

  it('caps the minutes at the shift’s length (early in, late out)', async () => {
    const { shift, volunteers } = await setting(1)
    const record = await served(shift, volunteers[0]!, at(STARTS, -29), at(ENDS, 29))
    expect(record).toMatchObject({ status: 'pending', minutes: 120, hours: 2 })
    const short = await setting(1)
    // 09:00 to 10:25: 85 minutes, 1.42 hours.
    expect(await served(short.shift, short.volunteers[0]!, STARTS, at(STARTS, 85))).toMatchObject({ minutes: 85, hours: 1.42, checkedOutAtLocal: { date: '2026-12-05', time: '10:25' } })
  })

  it('refuses a wrong code and a code two minutes old, takes last minute’s; nothing recorded on a refusal', async () => {
    const { shift, volunteers } = await setting(1)
    const v = volunteers[0]!
    const now = at(STARTS, 5)
    const right = codeAt(shift, now)
    const wrong = right === '000000' ? '111111' : '000000'
    for (const code of [wrong, codeAt(shift, at(now, -2))]) {
      const res = await ctx.withNow(now, () => checkIn(shift.id, v.token, code))
      expect(res.status).toBe(400)
      expect(await errorCode(res)).toBe('VOLUNTEER_CODE_INVALID')
    }
    const malformed = await ctx.withNow(now, () => checkIn(shift.id, v.token, '12ab'))
    expect(malformed.status).toBe(400)
    expect(await errorCode(malformed)).toBe('VALIDATION_FAILED')
    expect(await records(v.id)).toHaveLength(0)
    const lastMinute = await ctx.withNow(now, () => checkIn(shift.id, v.token, codeAt(shift, at(now, -1))))
    expect(lastMinute.status).toBe(200)
    // Check-out with an expired code is refused too, the record stays open.
    const outAt = at(STARTS, 60)
    const expired = await ctx.withNow(outAt, () => checkOut(shift.id, v.token, codeAt(shift, at(outAt, -2))))
    expect(await errorCode(expired)).toBe('VOLUNTEER_CODE_INVALID')
    expect((await records(v.id))[0]!.status).toBe('open')
  })

  it('refuses a volunteer without a seat (waitlisted) and one who is not registered', async () => {
    const { communityId, shift, waiting } = await setting(1)
    const now = at(STARTS, 5)
    const res = await ctx.withNow(now, () => checkIn(shift.id, waiting.token, codeAt(shift, now)))
    expect(res.status).toBe(403)
    expect(await errorCode(res)).toBe('VOLUNTEER_NO_SEAT')
    expect(await records(waiting.id)).toHaveLength(0)
    const resident = await createUser(ctx.db, { communityId })
    const stranger = await ctx.withNow(now, async () => checkIn(shift.id, await sessionFor(ctx.db, resident.id, FAR), codeAt(shift, now)))
    expect(stranger.status).toBe(403)
  })

  it('refuses a second check-in (also two at once), and check-out twice or without check-in', async () => {
    const { shift, volunteers } = await setting(2)
    const [a, b] = volunteers as [Person, Person]
    const now = at(STARTS, 5)
    const outFirst = await ctx.withNow(now, () => checkOut(shift.id, a.token, codeAt(shift, now)))
    expect(outFirst.status).toBe(409)
    expect(await errorCode(outFirst)).toBe('VOLUNTEER_NOT_CHECKED_IN')
    const both = await ctx.withNow(now, () => Promise.all([checkIn(shift.id, a.token, codeAt(shift, now)), checkIn(shift.id, a.token, codeAt(shift, now))]))
    expect(both.map((r) => r.status).sort()).toEqual([200, 409])
    const again = await ctx.withNow(now, () => checkIn(shift.id, a.token, codeAt(shift, now)))
    expect(again.status).toBe(409)
    expect(await errorCode(again)).toBe('VOLUNTEER_ALREADY_CHECKED_IN')
    expect(await records(a.id)).toHaveLength(1)
    // A retry with the same Idempotency-Key gets the first answer, not a 409.
    const first = await ctx.withNow(now, () => checkIn(shift.id, b.token, codeAt(shift, now), 'same-key-b'))
    const retry = await ctx.withNow(now, () => checkIn(shift.id, b.token, codeAt(shift, now), 'same-key-b'))
    expect([first.status, retry.status]).toEqual([200, 200])
    const outAt = at(STARTS, 90)
    expect((await ctx.withNow(outAt, () => checkOut(shift.id, a.token, codeAt(shift, outAt)))).status).toBe(200)
    const twice = await ctx.withNow(outAt, () => checkOut(shift.id, a.token, codeAt(shift, outAt)))
    expect(await errorCode(twice)).toBe('VOLUNTEER_ALREADY_CHECKED_OUT')
    expect((await records(a.id)).map((r) => [r.status, r.minutes])).toEqual([['pending', 85]])
  })

  it('lists her shifts under way with what she can do', async () => {
    const { shift, volunteers } = await setting(1)
    const v = volunteers[0]!
    const now = at(STARTS, -20)
    const list = await ctx.withNow(now, () => ctx.request('/api/v1/volunteer/me/shifts', { token: v.token }))
    expect(list.status).toBe(200)
    const items = ((await list.json()) as { items: MyShift[] }).items
    expect(items).toEqual([expect.objectContaining({ shiftId: shift.id, canCheckIn: true, canCheckOut: false, record: null })])
    const after = await ctx.withNow(at(ENDS, 31), () => ctx.request('/api/v1/volunteer/me/shifts', { token: v.token }))
    expect(((await after.json()) as { items: MyShift[] }).items).toEqual([])
  })
})

describe('corrections, confirmation and revocation', () => {
  it('fixes a missed check-out within the cap with a reason: a new entry, the old one superseded, audited, told', async () => {
    const { staff, shift, activity, volunteers } = await setting(1)
    const v = volunteers[0]!
    const t = at(STARTS, 0)
    await ctx.withNow(t, () => checkIn(shift.id, v.token, codeAt(shift, t)))
    const [open] = await records(v.id)
    const fix = (json: unknown) => post(`/volunteer/records/${open!.id}/fix`, staff.token, json)
    const over = await ctx.withNow(at(ENDS, 60), () => fix({ minutes: 121, reason: '忘记签退' }))
    expect(over.status).toBe(400)
    expect(await errorCode(over)).toBe('VOLUNTEER_MINUTES_OVER_CAP')
    const noReason = await fix({ minutes: 100, reason: '  ' })
    expect(await errorCode(noReason)).toBe('VALIDATION_FAILED')
    const byVolunteer = await post(`/volunteer/records/${open!.id}/fix`, v.token, { minutes: 100, reason: '忘记签退' })
    expect(await errorCode(byVolunteer)).toBe('VOLUNTEER_NOT_ORGANISER')
    expect(await records(v.id)).toHaveLength(1)
    const res = await ctx.withNow(at(ENDS, 60), () => fix({ minutes: 110, reason: '忘记签退，组织者核实' }))
    expect(res.status).toBe(200)
    const fixed = (await res.json()) as HoursRecord
    expect(fixed).toMatchObject({ status: 'pending', minutes: 110, correctsRecordId: open!.id, checkedOutAtLocal: { date: '2026-12-05', time: '10:50' } })
    const rows = await records(v.id)
    expect(rows.map((r) => r.status)).toEqual(['superseded', 'pending'])
    expect(rows[1]).toMatchObject({ corrects_record_id: open!.id, fixed_by: staff.id, fix_reason: '忘记签退，组织者核实' })
    expect(await audits(open!.id)).toEqual(['volunteer.record_fixed'])
    expect(await outbox('hours_fixed', v.id)).toHaveLength(1)
    expect(activity.id).toBeTruthy()
  })

  it('confirms in bulk: minutes into the rollup by year and category, each volunteer told, audited', async () => {
    const { staff, shift, activity, volunteers } = await setting(3)
    const recs: HoursRecord[] = []
    for (const v of volunteers) recs.push(await served(shift, v, at(STARTS, 0), at(STARTS, 90)))
    const res = await ctx.withNow(at(ENDS, 60), () => confirm(activity.id, staff.token, { recordIds: recs.slice(0, 2).map((r) => r.id) }))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ confirmed: 2, unchanged: 0, ownSkipped: 0, minutes: 180 })
    expect(await rollup(volunteers[0]!.id)).toEqual([{ year: 2026, category: 'elder_care', minutes: 90, records: 1 }])
    expect(await rollup(volunteers[2]!.id)).toEqual([])
    expect((await records(volunteers[0]!.id))[0]).toMatchObject({ status: 'confirmed', confirmed_by: staff.id })
    expect(await outbox('hours_confirmed', volunteers[0]!.id)).toHaveLength(1)
    expect(await audits(activity.id)).toEqual(['volunteer.hours_confirmed'])
    // The rest of the shift in one go.
    const rest = await confirm(activity.id, staff.token, { shiftId: shift.id })
    expect(await rest.json()).toEqual({ confirmed: 1, unchanged: 0, ownSkipped: 0, minutes: 90 })
    // A record of another activity is not found here, and nothing is confirmed.
    const other = await setting(1)
    const foreign = await served(other.shift, other.volunteers[0]!, at(STARTS, 0), at(STARTS, 30))
    const refused = await confirm(activity.id, staff.token, { recordIds: [foreign.id] })
    expect(refused.status).toBe(404)
    expect((await records(other.volunteers[0]!.id))[0]!.status).toBe('pending')
  })

  it('never lets an organiser confirm her own hours (409; the table refuses it too)', async () => {
    const { communityId, staff, shift, activity, volunteers } = await setting(1)
    // A staff member who is also a volunteer on the shift.
    const own = await createVolunteer(ctx.db, { communityId, name: '王芳' })
    await ctx.db.insertInto('user_role').values({ user_id: own.user.id, role: 'staff', community_id: communityId, street_id: null, provider_id: null }).execute()
    await ctx.db.insertInto('volunteer_signup').values({ shift_id: shift.id, user_id: own.user.id, community_id: communityId, status: 'signed_up' }).execute()
    const me: Person = { id: own.user.id, token: await sessionFor(ctx.db, own.user.id, FAR) }
    const mine = await served(shift, me, at(STARTS, 0), at(STARTS, 60))
    const theirs = await served(shift, volunteers[0]!, at(STARTS, 0), at(STARTS, 60))
    const res = await confirm(activity.id, me.token, { recordIds: [mine.id, theirs.id] })
    expect(res.status).toBe(409)
    expect(await errorCode(res)).toBe('VOLUNTEER_CONFIRM_OWN')
    expect((await records(me.id))[0]!.status).toBe('pending')
    expect((await records(volunteers[0]!.id))[0]!.status).toBe('pending')
    const fixOwn = await post(`/volunteer/records/${mine.id}/fix`, me.token, { minutes: 60, reason: '自己改' })
    expect(await errorCode(fixOwn)).toBe('VOLUNTEER_CONFIRM_OWN')
    // "The whole shift" leaves hers out.
    const whole = await confirm(activity.id, me.token, { shiftId: shift.id })
    expect(await whole.json()).toEqual({ confirmed: 1, unchanged: 0, ownSkipped: 1, minutes: 60 })
    expect(await rollup(me.id)).toEqual([])
    await expect(sql`update volunteer_record set status = 'confirmed', confirmed_by = user_id where id = ${mine.id}`.execute(ctx.db)).rejects.toThrow(/volunteer_record_not_own/)
    // Another organiser confirms it.
    expect(await (await confirm(activity.id, staff.token, { recordIds: [mine.id] })).json()).toMatchObject({ confirmed: 1 })
  })

  it('counts 20 concurrent confirmations of the same records once', async () => {
    const { staff, shift, activity, volunteers } = await setting(3)
    const recs: HoursRecord[] = []
    for (const v of volunteers) recs.push(await served(shift, v, at(STARTS, 0), at(STARTS, 45)))
    const ids = recs.map((r) => r.id)
    const answers = await Promise.all(Array.from({ length: 20 }, () => confirm(activity.id, staff.token, { recordIds: ids })))
    expect(answers.every((r) => r.status === 200)).toBe(true)
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as { confirmed: number; unchanged: number }[]
    expect(bodies.reduce((n, b) => n + b.confirmed, 0)).toBe(3)
    for (const v of volunteers) {
      expect(await rollup(v.id)).toEqual([{ year: 2026, category: 'elder_care', minutes: 45, records: 1 }])
      expect(await outbox('hours_confirmed', v.id)).toHaveLength(1)
    }
  })

  it('revokes a confirmed record with a reason: totals reduced, audited, told; a revoked one cannot be revoked again', async () => {
    const { staff, shift, activity, volunteers } = await setting(2)
    const [a, b] = volunteers as [Person, Person]
    const ra = await served(shift, a, at(STARTS, 0), at(STARTS, 100))
    const rb = await served(shift, b, at(STARTS, 0), at(STARTS, 50))
    await confirm(activity.id, staff.token, { recordIds: [ra.id] })
    const before = await ctx.request('/api/v1/volunteer/me/records', { token: a.token })
    expect(((await before.json()) as { totalMinutes: number }).totalMinutes).toBe(100)
    const noReason = await post(`/volunteer/records/${ra.id}/revoke`, staff.token, { reason: '' })
    expect(await errorCode(noReason)).toBe('VALIDATION_FAILED')
    const res = await post(`/volunteer/records/${ra.id}/revoke`, staff.token, { reason: '当天未到岗，误签' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'revoked', statusLabel: '已撤销', revokeReason: '当天未到岗，误签' })
    expect(await rollup(a.id)).toEqual([{ year: 2026, category: 'elder_care', minutes: 0, records: 0 }])
    const after = await ctx.request('/api/v1/volunteer/me/records', { token: a.token })
    expect(((await after.json()) as { totalMinutes: number; totals: unknown[] })).toMatchObject({ totalMinutes: 0, totals: [] })
    expect(await audits(ra.id)).toEqual(['volunteer.record_revoked'])
    expect(await outbox('hours_revoked', a.id)).toHaveLength(1)
    const again = await post(`/volunteer/records/${ra.id}/revoke`, staff.token, { reason: '再次撤销' })
    expect(await errorCode(again)).toBe('VOLUNTEER_RECORD_NOT_REVOCABLE')
    // A pending one is revoked without touching the rollup.
    expect((await post(`/volunteer/records/${rb.id}/revoke`, staff.token, { reason: '重复记录' })).status).toBe(200)
    expect(await rollup(b.id)).toEqual([])
  })

  it('corrects a confirmed record by a chain of new entries, the rollup following what stands', async () => {
    const { staff, shift, activity, volunteers } = await setting(1)
    const v = volunteers[0]!
    const first = await served(shift, v, at(STARTS, 0), at(STARTS, 60))
    await confirm(activity.id, staff.token, { recordIds: [first.id] })
    expect(await rollup(v.id)).toEqual([{ year: 2026, category: 'elder_care', minutes: 60, records: 1 }])
    const second = (await (await post(`/volunteer/records/${first.id}/fix`, staff.token, { minutes: 90, reason: '签到晚录，实际 90 分钟' })).json()) as HoursRecord
    expect(second).toMatchObject({ status: 'pending', minutes: 90, correctsRecordId: first.id })
    expect(await rollup(v.id)).toEqual([{ year: 2026, category: 'elder_care', minutes: 0, records: 0 }])
    const third = (await (await post(`/volunteer/records/${second.id}/fix`, staff.token, { minutes: 100, reason: '再次核实' })).json()) as HoursRecord
    await confirm(activity.id, staff.token, { recordIds: [third.id] })
    expect(await rollup(v.id)).toEqual([{ year: 2026, category: 'elder_care', minutes: 100, records: 1 }])
    const rows = await records(v.id)
    expect(rows.map((r) => [r.status, r.minutes, r.corrects_record_id])).toEqual([
      ['superseded', 60, null],
      ['superseded', 90, first.id],
      ['confirmed', 100, second.id],
    ])
    const superseded = await post(`/volunteer/records/${first.id}/fix`, staff.token, { minutes: 30, reason: '改旧记录' })
    expect(await errorCode(superseded)).toBe('VOLUNTEER_RECORD_NOT_FIXABLE')
    // Her list shows what stands, not what was replaced.
    const list = (await (await ctx.request('/api/v1/volunteer/me/records', { token: v.token })).json()) as { items: HoursRecord[] }
    expect(list.items.map((r) => r.id)).toEqual([third.id])
  })

  it('never deletes a record: the trigger refuses', async () => {
    const { shift, volunteers } = await setting(1)
    const r = await served(shift, volunteers[0]!, at(STARTS, 0), at(STARTS, 30))
    await expect(ctx.db.deleteFrom('volunteer_record').where('id', '=', r.id).execute()).rejects.toThrow(/never deleted/)
    expect(await records(volunteers[0]!.id)).toHaveLength(1)
  })

  it('shows the organiser the roster with masked names, times and minutes', async () => {
    const { staff, shift, activity, volunteers } = await setting(2)
    await served(shift, volunteers[0]!, at(STARTS, 0), at(STARTS, 75))
    const res = await ctx.request(`/api/v1/volunteer/activities/${activity.id}/hours`, { token: staff.token })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { pending: number; shifts: { capMinutes: number; entries: { name: string; signedUp: boolean; record: HoursRecord | null }[] }[] }
    expect(body.pending).toBe(1)
    expect(body.shifts[0]!.capMinutes).toBe(120)
    expect(body.shifts[0]!.entries).toEqual([
      expect.objectContaining({ name: '志***号', signedUp: true, record: expect.objectContaining({ minutes: 75, checkedInAtLocal: { date: '2026-12-05', time: '09:00' } }) }),
      expect.objectContaining({ name: '志***号', signedUp: true, record: null }),
    ])
    const refused = await ctx.request(`/api/v1/volunteer/activities/${activity.id}/hours`, { token: volunteers[0]!.token })
    expect(refused.status).toBe(403)
  })
})
