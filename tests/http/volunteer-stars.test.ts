import { awardDueLevels } from '../../bff/src/volunteer/star-levels'
import { createCommunity, createStreet, createUser } from '../support/factories'
import { useTestContext } from '../support/context'
import { createActivity, createVolunteer } from '../support/volunteer'
import { confirmHours, recordRow, revokeHours } from '../support/volunteer-certificates'

const ctx = useTestContext()
/** 10:00 in Shanghai on Tuesday 1 December 2026: 5 working days later is Tuesday 8 December. */
const NOW = new Date('2026-12-01T02:00:00Z')
const SHIFT = { startsAt: new Date('2026-11-20T06:00:00Z'), endsAt: new Date('2026-11-20T08:00:00Z'), capacity: 5 }

interface StarList {
  communityName: string
  items: { nameMasked: string; volunteerNo: string; level: number; levelLabel: string; hours: number; status: string; announcedOn: string; publicityEndsOn: string }[]
}

async function scene(name = '王秀兰') {
  const streetId = (await createStreet(ctx.db)).id
  const communityId = (await createCommunity(ctx.db, { streetId, name: '桂花社区' })).id
  const staff = await createUser(ctx.db, { name: '张敏', grant: { role: 'staff', communityId } })
  const volunteer = await createVolunteer(ctx.db, { communityId, name })
  const { activity } = await createActivity(ctx.db, { communityId, createdBy: staff.id, shifts: [SHIFT] })
  const hours = (minutes: number, at = NOW, serviceDate = '2026-11-20') =>
    confirmHours(ctx.db, { userId: volunteer.user.id, communityId, activityId: activity.id, confirmedBy: staff.id, minutes, serviceDate }, at)
  return { communityId, staff, volunteer, hours }
}

function levels(userId: string) {
  return ctx.db.selectFrom('volunteer_star_level').select(['level', 'status', 'minutes', 'announced_on', 'publicity_ends_on', 'publicity_ends_at']).where('user_id', '=', userId).orderBy('announced_at').execute()
}

function told(userId: string, kind: string) {
  return ctx.db.selectFrom('notification_outbox').select('payload').where('user_id', '=', userId).where('kind', '=', kind).execute()
}

async function publicList(communityId: string): Promise<StarList> {
  const res = await ctx.request(`/api/v1/volunteer/communities/${communityId}/star-levels`)
  expect(res.status).toBe(200)
  return (await res.json()) as StarList
}

beforeEach(() => ctx.setNow(NOW))

describe('星级 thresholds', () => {
  it('99.9 hours is no level; 100 hours puts 一星 on the 公示 for 5 working days, and she is told', async () => {
    const s = await scene()
    await s.hours(5994)
    expect(await levels(s.volunteer.user.id)).toEqual([])
    expect(await told(s.volunteer.user.id, 'star_level_announced')).toEqual([])

    await s.hours(6)
    expect(await levels(s.volunteer.user.id)).toEqual([
      { level: 1, status: 'announced', minutes: 6000, announced_on: '2026-12-01', publicity_ends_on: '2026-12-08', publicity_ends_at: new Date('2026-12-08T16:00:00Z') },
    ])
    expect(await told(s.volunteer.user.id, 'star_level_announced')).toHaveLength(1)

    const list = await publicList(s.communityId)
    expect(list.communityName).toBe('桂花社区')
    expect(list.items).toEqual([
      { id: expect.any(String), nameMasked: '王*兰', volunteerNo: expect.any(String), level: 1, levelLabel: '一星', hours: 100, status: 'announced', announcedOn: '2026-12-01', publicityEndsOn: '2026-12-08' },
    ])
    expect(JSON.stringify(list)).not.toContain('王秀兰')

    const mine = await ctx.request('/api/v1/volunteer/star-level', { token: s.volunteer.token })
    expect(await mine.json()).toMatchObject({ hours: 100, level: 0, levelLabel: null, announced: { level: 1, status: 'announced' }, nextLevelHours: 200 })
  })

  it('hours that jump over several levels at once announce only the highest; more hours within the level announce nothing more', async () => {
    const s = await scene()
    await s.hours(350 * 60)
    await s.hours(60)
    expect((await levels(s.volunteer.user.id)).map((l) => [l.level, l.status])).toEqual([[2, 'announced']])
  })

  it('two confirmations at once that both cross 100 hours make one announcement', async () => {
    const s = await scene()
    await s.hours(99 * 60)
    await Promise.all([s.hours(60, NOW, '2026-11-21'), s.hours(60, NOW, '2026-11-22')])
    expect((await levels(s.volunteer.user.id)).map((l) => [l.level, l.status])).toEqual([[1, 'announced']])
    expect(await told(s.volunteer.user.id, 'star_level_announced')).toHaveLength(1)
  })

  it('a confirmation decides her level while another transaction is writing one of her records (no deadlock)', async () => {
    // Writing a row that references her registration holds it FOR KEY SHARE until commit. The lock
    // that puts her confirmations one after the other must not wait for it: two confirmations at
    // once each hold that share and then the lock — under FOR UPDATE, a deadlock (CI, stop 20).
    const s = await scene()
    await s.hours(99 * 60)
    let confirmed = false
    const activity = await ctx.db.selectFrom('volunteer_activity').select('id').where('community_id', '=', s.communityId).executeTakeFirstOrThrow()
    await ctx.db.transaction().execute(async (trx) => {
      // She checks in on another shift: her open record, not yet committed.
      await trx
        .insertInto('volunteer_record')
        .values(recordRow({ userId: s.volunteer.user.id, communityId: s.communityId, activityId: activity.id, serviceDate: '2026-11-23', checkedInAt: NOW }))
        .execute()
      const other = s.hours(60, NOW, '2026-11-21').then(() => {
        confirmed = true
      })
      await Promise.race([other, new Promise((resolve) => setTimeout(resolve, 5000))])
      expect(confirmed).toBe(true)
    })
    expect((await levels(s.volunteer.user.id)).map((l) => [l.level, l.status])).toEqual([[1, 'announced']])
  })
})

describe('the 公示 period in working days', () => {
  it('reached the day before 国庆 2026, it ends on the 5th working day after the holiday and the make-up Saturday', async () => {
    // Wed 30 Sep 10:00 in Shanghai. 1–7 Oct off; Thu 8, Fri 9, Sat 10 (调休 班), Mon 12, Tue 13 Oct.
    const at = new Date('2026-09-30T02:00:00Z')
    ctx.setNow(at)
    const s = await scene()
    await s.hours(100 * 60, at, '2026-09-29')
    expect(await levels(s.volunteer.user.id)).toMatchObject([{ level: 1, announced_on: '2026-09-30', publicity_ends_on: '2026-10-13', publicity_ends_at: new Date('2026-10-13T16:00:00Z') }])
  })
})

describe('the award', () => {
  it('comes once the 公示 has ended, once even with two workers at the same time', async () => {
    const s = await scene()
    await s.hours(100 * 60)
    // The job serves every community: the other tests' levels are in this database too.
    await awardDueLevels(ctx.db, new Date('2026-12-08T15:59:00Z'))
    expect((await levels(s.volunteer.user.id)).map((l) => l.status)).toEqual(['announced'])
    const end = new Date('2026-12-08T16:00:00Z')
    const due = await ctx.db.selectFrom('volunteer_star_level').select('id').where('status', '=', 'announced').where('publicity_ends_at', '<=', end).execute()
    const runs = await Promise.all([awardDueLevels(ctx.db, end), awardDueLevels(ctx.db, end)])
    expect(runs.reduce((a, b) => a + b, 0)).toBe(due.length)
    expect(await awardDueLevels(ctx.db, end)).toBe(0)
    expect((await levels(s.volunteer.user.id)).map((l) => l.status)).toEqual(['awarded'])
    expect(await told(s.volunteer.user.id, 'star_level_awarded')).toHaveLength(1)

    const mine = await ctx.request('/api/v1/volunteer/star-level', { token: s.volunteer.token })
    expect(await mine.json()).toMatchObject({ level: 1, levelLabel: '一星', announced: null })
  })
})

describe('withdrawal', () => {
  it('hours revoked below the level before the award withdraw it: shown as withdrawn, never awarded', async () => {
    const s = await scene()
    await s.hours(95 * 60)
    const last = await s.hours(5 * 60)
    await revokeHours(ctx.db, last, s.staff.id, new Date('2026-12-03T02:00:00Z'))
    expect((await levels(s.volunteer.user.id)).map((l) => [l.level, l.status])).toEqual([[1, 'withdrawn']])
    await awardDueLevels(ctx.db, new Date('2026-12-09T00:00:00Z'))
    expect((await levels(s.volunteer.user.id)).map((l) => l.status)).toEqual(['withdrawn'])
    expect(await told(s.volunteer.user.id, 'star_level_awarded')).toEqual([])
    expect((await publicList(s.communityId)).items.map((i) => i.status)).toEqual(['withdrawn'])

    // Reached again: a new 公示 from that day.
    await s.hours(5 * 60, new Date('2026-12-04T02:00:00Z'), '2026-12-03')
    expect((await levels(s.volunteer.user.id)).map((l) => [l.level, l.status, l.publicity_ends_on])).toEqual([
      [1, 'withdrawn', '2026-12-08'],
      [1, 'announced', '2026-12-11'],
    ])
  })

  it('an awarded level stays when hours are later revoked, and is not announced again', async () => {
    const s = await scene()
    const record = await s.hours(100 * 60)
    await awardDueLevels(ctx.db, new Date('2026-12-09T00:00:00Z'))
    await revokeHours(ctx.db, record, s.staff.id, new Date('2026-12-10T02:00:00Z'))
    await s.hours(100 * 60, new Date('2026-12-11T02:00:00Z'))
    expect((await levels(s.volunteer.user.id)).map((l) => [l.level, l.status])).toEqual([[1, 'awarded']])
  })
})
