import { enqueueShiftReminders } from '../../bff/src/volunteer/signups'
import { createCommunity, createStreet, createUser, sessionFor } from '../support/factories'
import { useTestContext } from '../support/context'
import { createActivity, createVolunteer as createRegistered } from '../support/volunteer'

/** 报名与候补 (issue 12 item 2): eligibility from the registration, seats and the waitlist under concurrency, reminders. */

const ctx = useTestContext()
/** 10:00 in Shanghai on 1 December. */
const NOW = new Date('2026-12-01T02:00:00Z')
/** The shift: 5 December 09:00–11:00 Shanghai; sign-ups close an hour before. */
const STARTS = new Date('2026-12-05T01:00:00Z')
const ENDS = new Date('2026-12-05T03:00:00Z')

interface Result {
  id: string
  status: string
  waitlistPosition: number | null
}
interface Activity {
  shifts: { id: string; seatsLeft: number; waitlisted: number; mine: null | { status: string; waitlistPosition: number | null; guardianName: string | null } }[]
}

let streetId: string
const FAR = new Date('2030-01-01')

let born = 0
/**
 * A registered volunteer whose session outlasts the clock moved to the shift's day. Adults get
 * birth dates of their own: the factory's ID numbers differ only in four random digits per birth
 * date, which a hundred volunteers born the same day collide in.
 */
async function createVolunteer(values: Parameters<typeof createRegistered>[1]) {
  born++
  const birthDate = values.birthDate ?? new Date(Date.UTC(1960, 0, 1) + born * 86_400_000).toISOString().slice(0, 10)
  const v = await createRegistered(ctx.db, { ...values, birthDate })
  return { ...v, token: await sessionFor(ctx.db, v.user.id, FAR) }
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string } }).error
}

async function setup(o: { capacity?: number; minAge?: number; minorsWithGuardian?: boolean; requiredSkills?: ('elder_care' | 'medical')[]; training?: string; startsAt?: Date } = {}) {
  const communityId = (await createCommunity(ctx.db, { streetId })).id
  const staff = await createUser(ctx.db, { name: '张敏', grant: { role: 'staff', communityId } })
  const { activity, shifts } = await createActivity(ctx.db, {
    communityId,
    createdBy: staff.id,
    minAge: o.minAge,
    minorsWithGuardian: o.minorsWithGuardian,
    requiredSkills: o.requiredSkills,
    shifts: [{ startsAt: o.startsAt ?? STARTS, endsAt: new Date((o.startsAt ?? STARTS).getTime() + 2 * 3600_000), capacity: o.capacity ?? 2 }],
  })
  if (o.training) await ctx.db.updateTable('volunteer_activity').set({ training: o.training }).where('id', '=', activity.id).execute()
  return { communityId, staffId: staff.id, activity, shift: shifts[0] as { id: string } }
}

function signUp(shiftId: string, token: string, json: Record<string, unknown> = {}, key?: string) {
  return ctx.request(`/api/v1/volunteer/shifts/${shiftId}/signup`, { method: 'POST', token, json, ...(key ? { headers: { 'Idempotency-Key': key } } : {}) })
}

async function signUpOk(shiftId: string, token: string, json: Record<string, unknown> = {}): Promise<Result> {
  const res = await signUp(shiftId, token, json)
  expect(res.status).toBe(201)
  return (await res.json()) as Result
}

function cancel(shiftId: string, token: string) {
  return ctx.request(`/api/v1/volunteer/shifts/${shiftId}/signup`, { method: 'DELETE', token })
}

async function signups(shiftId: string) {
  return ctx.db.selectFrom('volunteer_signup').selectAll().where('shift_id', '=', shiftId).orderBy('created_at').execute()
}

async function taken(shiftId: string) {
  return (await ctx.db.selectFrom('volunteer_shift').select('taken').where('id', '=', shiftId).executeTakeFirstOrThrow()).taken
}

async function outbox(kind: string, userIds: readonly string[]) {
  return ctx.db.selectFrom('notification_outbox').select(['user_id', 'payload']).where('kind', '=', kind).where('user_id', 'in', userIds).execute()
}

beforeAll(async () => {
  streetId = (await createStreet(ctx.db)).id
})

beforeEach(() => ctx.setNow(NOW))

describe('signing up', () => {
  it('seats a registered volunteer, then waitlists; she sees her place; she is told; refused twice; the same key answers the same', async () => {
    const s = await setup({ capacity: 1 })
    const a = await createVolunteer({ communityId: s.communityId })
    const b = await createVolunteer({ communityId: s.communityId })
    expect(await signUpOk(s.shift.id, a.token)).toMatchObject({ status: 'signed_up', waitlistPosition: null })
    const again = await signUp(s.shift.id, a.token)
    expect(again.status).toBe(409)
    expect(await errorOf(again)).toEqual({ code: 'VOLUNTEER_ALREADY_SIGNED_UP', message: '您已报名该班次' })
    const first = await signUp(s.shift.id, b.token, {}, 'tap-1')
    const replay = await signUp(s.shift.id, b.token, {}, 'tap-1')
    expect(first.status).toBe(201)
    expect(await replay.json()).toEqual(await first.json())
    expect((await signups(s.shift.id)).map((g) => g.status)).toEqual(['signed_up', 'waitlisted'])
    const view = (await (await ctx.request(`/api/v1/volunteer/activities/${s.activity.id}`, { token: b.token })).json()) as Activity
    expect(view.shifts[0]).toMatchObject({ seatsLeft: 0, waitlisted: 1, mine: { status: 'waitlisted', waitlistPosition: 1 } })
    expect((await outbox('shift_signed_up', [a.user.id])).length).toBe(1)
    expect((await outbox('shift_waitlisted', [b.user.id]))[0]?.payload).toMatchObject({ activityId: s.activity.id, detail: '关爱独居老人上门探访（探访志愿者）：2026-12-05 09:00，桂花社区党群服务中心' })
  })

  it('refuses whoever is not eligible with the BFF’s reason, and records nothing', async () => {
    const s = await setup({ minAge: 16, requiredSkills: ['medical'], training: '急救培训 2 小时' })
    const resident = await createUser(ctx.db, { communityId: s.communityId })
    const residentToken = await sessionFor(ctx.db, resident.id, FAR)
    const suspended = await createVolunteer({ communityId: s.communityId, status: 'suspended', skills: ['medical'] })
    const young = await createVolunteer({ communityId: s.communityId, birthDate: '2011-06-01', skills: ['medical'], guardianConsent: true })
    const noConsent = await createVolunteer({ communityId: s.communityId, birthDate: '2009-06-01', skills: ['medical'] })
    const noSkill = await createVolunteer({ communityId: s.communityId, skills: ['elder_care'] })
    const ok = await createVolunteer({ communityId: s.communityId, skills: ['medical', 'elder_care'] })
    expect((await signUp(s.shift.id, residentToken)).status).toBe(403)
    expect((await errorOf(await signUp(s.shift.id, suspended.token, { trainingConfirmed: true }))).code).toBe('VOLUNTEER_SUSPENDED')
    expect(await errorOf(await signUp(s.shift.id, young.token, { trainingConfirmed: true }))).toEqual({ code: 'VOLUNTEER_UNDER_AGE', message: '该活动要求年满 16 周岁' })
    expect((await errorOf(await signUp(s.shift.id, noConsent.token, { trainingConfirmed: true }))).code).toBe('VOLUNTEER_GUARDIAN_CONSENT_MISSING')
    expect((await errorOf(await signUp(s.shift.id, noSkill.token, { trainingConfirmed: true }))).code).toBe('VOLUNTEER_SKILLS_MISSING')
    expect((await errorOf(await signUp(s.shift.id, ok.token))).code).toBe('VOLUNTEER_TRAINING_REQUIRED')
    expect(await signups(s.shift.id)).toEqual([])
    expect(await taken(s.shift.id)).toBe(0)
    const done = await signUpOk(s.shift.id, ok.token, { trainingConfirmed: true })
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'detail']).where('target_id', '=', done.id).executeTakeFirstOrThrow()
    expect(audit.action).toBe('volunteer.signed_up')
    expect(audit.detail).toMatchObject({ trainingConfirmed: true })
  })

  it('takes a 14–18 year old with her guardian’s consent, and a child under 14 only beside an adult volunteer seated on the shift', async () => {
    const s = await setup({ minAge: 10, minorsWithGuardian: true, capacity: 5 })
    const teen = await createVolunteer({ communityId: s.communityId, birthDate: '2010-03-01', guardianConsent: true })
    const child = await createVolunteer({ communityId: s.communityId, birthDate: '2015-01-01', guardianConsent: true })
    const mother = await createVolunteer({ communityId: s.communityId, name: '李秀英' })
    const motherNo = (await ctx.db.selectFrom('volunteer').select('volunteer_no').where('user_id', '=', mother.user.id).executeTakeFirstOrThrow()).volunteer_no
    const teenNo = (await ctx.db.selectFrom('volunteer').select('volunteer_no').where('user_id', '=', teen.user.id).executeTakeFirstOrThrow()).volunteer_no
    expect(await signUpOk(s.shift.id, teen.token)).toMatchObject({ status: 'signed_up' })
    expect((await errorOf(await signUp(s.shift.id, child.token))).code).toBe('VOLUNTEER_GUARDIAN_REQUIRED')
    expect((await errorOf(await signUp(s.shift.id, child.token, { guardianVolunteerNo: motherNo }))).code).toBe('VOLUNTEER_GUARDIAN_REQUIRED')
    expect((await errorOf(await signUp(s.shift.id, child.token, { guardianVolunteerNo: teenNo }))).code).toBe('VOLUNTEER_GUARDIAN_REQUIRED')
    await signUpOk(s.shift.id, mother.token)
    await signUpOk(s.shift.id, child.token, { guardianVolunteerNo: motherNo })
    const view = (await (await ctx.request(`/api/v1/volunteer/activities/${s.activity.id}`, { token: child.token })).json()) as Activity
    expect(view.shifts[0]?.mine).toMatchObject({ status: 'signed_up', guardianName: '李*英' })
    // She may not stay alone: the child goes when her mother goes.
    expect((await cancel(s.shift.id, mother.token)).status).toBe(200)
    const rows = await signups(s.shift.id)
    expect(rows.filter((g) => g.status === 'signed_up').map((g) => g.user_id)).toEqual([teen.user.id])
    expect(await taken(s.shift.id)).toBe(1)

    const adultsOnly = await setup({ minAge: 10 })
    await ctx.db.updateTable('volunteer_activity').set({ minors_with_guardian: false }).where('id', '=', adultsOnly.activity.id).execute()
    expect(await errorOf(await signUp(adultsOnly.shift.id, child.token, { guardianVolunteerNo: motherNo }))).toEqual({ code: 'VOLUNTEER_UNDER_AGE', message: '该活动不接受未满 14 周岁的志愿者' })
  })

  it('refuses past the deadline, a draft or cancelled activity, and a shift overlapping one she holds', async () => {
    const s = await setup()
    const v = await createVolunteer({ communityId: s.communityId })
    const overlapping = await createActivity(ctx.db, {
      communityId: s.communityId,
      createdBy: s.staffId,
      title: '社区义诊',
      shifts: [{ startsAt: new Date(STARTS.getTime() + 3600_000), endsAt: new Date(ENDS.getTime() + 3600_000), capacity: 3 }],
    })
    const draft = await createActivity(ctx.db, { communityId: s.communityId, createdBy: s.staffId, shifts: [{ startsAt: STARTS, endsAt: ENDS, capacity: 3 }] })
    await ctx.db.updateTable('volunteer_activity').set({ status: 'draft' }).where('id', '=', draft.activity.id).execute()
    await signUpOk(s.shift.id, v.token)
    expect((await errorOf(await signUp(overlapping.shifts[0]?.id ?? '', v.token))).code).toBe('VOLUNTEER_SHIFT_OVERLAP')
    expect((await errorOf(await signUp(draft.shifts[0]?.id ?? '', v.token))).code).toBe('VOLUNTEER_ACTIVITY_NOT_OPEN')
    expect((await signUp('00000000-0000-4000-8000-000000000000', v.token)).status).toBe(404)
    const late = await createVolunteer({ communityId: s.communityId })
    await ctx.withNow(new Date(STARTS.getTime() - 30 * 60_000), async () => {
      expect((await errorOf(await signUp(s.shift.id, late.token))).code).toBe('VOLUNTEER_SIGNUP_CLOSED')
      expect((await errorOf(await cancel(s.shift.id, v.token))).code).toBe('VOLUNTEER_SIGNUP_CLOSED')
    })
    expect((await signups(overlapping.shifts[0]?.id ?? '')).length).toBe(0)
    expect((await errorOf(await cancel(overlapping.shifts[0]?.id ?? '', v.token))).code).toBe('VOLUNTEER_NOT_SIGNED_UP')
  })
})

describe('seats and the waitlist under concurrency', () => {
  it('100 volunteers at once for 10 seats: 10 seated, 90 waiting, never over', async () => {
    const s = await setup({ capacity: 10 })
    const people = await Promise.all(Array.from({ length: 100 }, (_, i) => createVolunteer({ communityId: s.communityId, name: `志愿者${i}` })))
    // A phone retries a request the server could not answer (503, the key released) with the same key.
    const answers = await Promise.all(
      people.map(async (p, i) => {
        for (let attempt = 1; ; attempt++) {
          const res = await signUp(s.shift.id, p.token, {}, `many-${i}`)
          if (res.status !== 503 || attempt === 5) return res.status
          await new Promise((r) => setTimeout(r, 100 * attempt))
        }
      }),
    )
    expect(answers).toEqual(people.map(() => 201))
    const rows = await signups(s.shift.id)
    expect(new Set(rows.map((g) => g.user_id)).size).toBe(100)
    expect(rows.filter((g) => g.status === 'signed_up').length).toBe(10)
    expect(rows.filter((g) => g.status === 'waitlisted').length).toBe(90)
    expect(await taken(s.shift.id)).toBe(10)
  })

  it('one person tapping twice at once gets one sign-up', async () => {
    const s = await setup({ capacity: 3 })
    const v = await createVolunteer({ communityId: s.communityId })
    const answers = await Promise.all([signUp(s.shift.id, v.token), signUp(s.shift.id, v.token), signUp(s.shift.id, v.token)])
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409])
    expect((await signups(s.shift.id)).length).toBe(1)
    expect(await taken(s.shift.id)).toBe(1)
  })

  it('a cancel promotes exactly the first waiting; two cancels at once promote two different people', async () => {
    const s = await setup({ capacity: 2 })
    const people = []
    for (let i = 0; i < 5; i++) people.push(await createVolunteer({ communityId: s.communityId }))
    for (const p of people) await signUpOk(s.shift.id, p.token)
    const [p0, p1, p2, p3, p4] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0], (typeof people)[0], (typeof people)[0]]
    expect((await cancel(s.shift.id, p0.token)).status).toBe(200)
    let rows = await signups(s.shift.id)
    expect(rows.filter((g) => g.status === 'signed_up').map((g) => g.user_id)).toEqual([p1.user.id, p2.user.id])
    expect(rows.find((g) => g.user_id === p2.user.id)?.promoted_at).not.toBeNull()
    expect((await outbox('shift_seat_offered', people.map((p) => p.user.id))).map((m) => m.user_id)).toEqual([p2.user.id])
    expect(await taken(s.shift.id)).toBe(2)
    const both = await Promise.all([cancel(s.shift.id, p1.token), cancel(s.shift.id, p2.token)])
    expect(both.map((r) => r.status)).toEqual([200, 200])
    rows = await signups(s.shift.id)
    expect(rows.filter((g) => g.status === 'signed_up').map((g) => g.user_id).sort()).toEqual([p3.user.id, p4.user.id].sort())
    expect(await taken(s.shift.id)).toBe(2)
    // The last seated leaves with nobody waiting: the seat is free again.
    expect((await cancel(s.shift.id, p3.token)).status).toBe(200)
    expect(await taken(s.shift.id)).toBe(1)
  })
})

describe('我的报名 and reminders', () => {
  it('lists her sign-ups to come and past ones, page by page, with what she may still cancel', async () => {
    const s = await setup({ capacity: 1 })
    const v = await createVolunteer({ communityId: s.communityId })
    const other = await createVolunteer({ communityId: s.communityId })
    await signUpOk(s.shift.id, other.token)
    const later = await createActivity(ctx.db, { communityId: s.communityId, createdBy: s.staffId, title: '课后作业辅导', shifts: [{ startsAt: new Date('2026-12-08T10:00:00Z'), endsAt: new Date('2026-12-08T12:00:00Z'), capacity: 2 }] })
    await signUpOk(s.shift.id, v.token)
    await signUpOk(later.shifts[0]?.id ?? '', v.token)
    const mine = async (query: string) => (await (await ctx.request(`/api/v1/volunteer/signups/mine${query}`, { token: v.token })).json()) as { items: { activityTitle: string; status: string; waitlistPosition: number | null; canCancel: boolean; startsAtLocal: { date: string; time: string } }[]; nextCursor: string | null }
    const first = await mine('?limit=1')
    expect(first.items).toEqual([expect.objectContaining({ activityTitle: '关爱独居老人上门探访', status: 'waitlisted', waitlistPosition: 1, canCancel: true, startsAtLocal: { date: '2026-12-05', time: '09:00' } })])
    const second = await mine(`?limit=1&cursor=${first.nextCursor}`)
    expect(second.items.map((i) => i.activityTitle)).toEqual(['课后作业辅导'])
    expect(second.nextCursor).toBeNull()
    expect((await mine('?when=past')).items).toEqual([])
    await ctx.withNow(new Date('2026-12-06T00:00:00Z'), async () => {
      expect((await mine('?when=past')).items.map((i) => [i.activityTitle, i.canCancel])).toEqual([['关爱独居老人上门探访', false]])
    })
  })

  it('reminds each seated volunteer once, about two hours before, never twice with two workers at once', async () => {
    // A day of its own: the job reminds everyone due, other tests' volunteers too.
    const startsAt = new Date('2026-12-20T01:00:00Z')
    const s = await setup({ capacity: 2, startsAt })
    const people = []
    for (let i = 0; i < 3; i++) people.push(await createVolunteer({ communityId: s.communityId }))
    for (const p of people) await signUpOk(s.shift.id, p.token)
    expect(await enqueueShiftReminders(ctx.db, NOW)).toBe(0)
    const before = new Date(startsAt.getTime() - 100 * 60_000)
    const [a, b] = await Promise.all([enqueueShiftReminders(ctx.db, before), enqueueShiftReminders(ctx.db, before)])
    expect(a + b).toBe(2)
    expect(await enqueueShiftReminders(ctx.db, new Date(before.getTime() + 60_000))).toBe(0)
    const sent = await outbox('shift_reminder', people.map((p) => p.user.id))
    expect(sent.map((m) => m.user_id).sort()).toEqual([people[0]?.user.id, people[1]?.user.id].sort())
    expect(sent[0]?.payload).toMatchObject({ detail: '关爱独居老人上门探访（探访志愿者）：2026-12-20 09:00，桂花社区党群服务中心' })
  })
})
