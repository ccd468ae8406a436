import { lastMonths } from '../../bff/src/volunteer/numbers'
import { createCommunity, createStreet, createUser, sessionFor } from '../support/factories'
import { useTestContext } from '../support/context'
import { createActivity, createVolunteer } from '../support/volunteer'
import { confirmHours } from '../support/volunteer-certificates'

const ctx = useTestContext()
const FAR = new Date('2030-01-01')
/** 10:00 in Shanghai on Tuesday 1 December 2026. */
const NOW = new Date('2026-12-01T02:00:00Z')
const SHIFT = { startsAt: new Date('2026-11-20T06:00:00Z'), endsAt: new Date('2026-11-20T08:00:00Z'), capacity: 5 }

interface CommunityNumbers {
  communityId: string
  communityName: string
  residents: number
  volunteers: number
  share: number
  target: number
  months: { month: string; hours: number }[]
  categories: { category: string; label: string; activities: number }[]
  help: { requests: number; answeredWithin48h: number }
  stars: { level: number; label: string; awarded: number; announced: number }[]
}

beforeEach(() => ctx.setNow(NOW))

/** A community with `residents` residents besides its volunteers, a staff member, and `volunteers` volunteers. */
async function community(streetId: string, name: string, residents: number, volunteers: number) {
  const communityId = (await createCommunity(ctx.db, { streetId, name })).id
  const staffUser = await createUser(ctx.db, { name: '张敏', grant: { role: 'staff', communityId } })
  for (let i = 0; i < residents; i++) await createUser(ctx.db, { communityId, name: `居民${i}` })
  const people = []
  for (let i = 0; i < volunteers; i++) people.push(await createVolunteer(ctx.db, { communityId, name: `志愿者${i}` }))
  return { communityId, staffUser, staff: await sessionFor(ctx.db, staffUser.id, FAR), people }
}

async function numbers(token: string, communityId?: string) {
  return ctx.request(`/api/v1/staff/volunteer/numbers${communityId ? `?communityId=${communityId}` : ''}`, { token })
}

describe('社区志愿服务数据', () => {
  it('lists the last six months oldest first, across a year end', () => {
    expect(lastMonths('2026-12-01', 6)).toEqual(['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12'])
    expect(lastMonths('2027-02-28', 3)).toEqual(['2026-12', '2027-01', '2027-02'])
  })

  it('for staff: volunteers as a share of residents, hours per month, activities per category, help requests, star levels', async () => {
    const streetId = (await createStreet(ctx.db)).id
    const a = await community(streetId, '桂花社区', 8, 2)
    const visit = await createActivity(ctx.db, { communityId: a.communityId, createdBy: a.staffUser.id, shifts: [SHIFT] })
    await createActivity(ctx.db, { communityId: a.communityId, createdBy: a.staffUser.id, shifts: [SHIFT] })
    await createActivity(ctx.db, { communityId: a.communityId, createdBy: a.staffUser.id, category: 'tutoring', shifts: [SHIFT] })
    const [first, second] = a.people
    if (!first || !second) throw new Error('two volunteers')
    const hours = (userId: string, minutes: number, serviceDate: string) =>
      confirmHours(ctx.db, { userId, communityId: a.communityId, activityId: visit.activity.id, confirmedBy: a.staffUser.id, minutes, serviceDate }, NOW)
    await hours(first.user.id, 90, '2026-11-03')
    await hours(second.user.id, 60, '2026-11-20')
    await hours(first.user.id, 30, '2026-07-01')
    // Older than six months: not on the chart.
    await hours(first.user.id, 100 * 60, '2026-05-31')

    const res = await numbers(a.staff)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { communities: CommunityNumbers[] }
    expect(body.communities).toHaveLength(1)
    const n = body.communities[0]
    expect(n).toMatchObject({ communityId: a.communityId, communityName: '桂花社区', residents: 10, volunteers: 2, share: 0.2, target: 0.15, help: { requests: 0, answeredWithin48h: 0 } })
    expect(n?.months).toEqual([
      { month: '2026-07', hours: 0.5 },
      { month: '2026-08', hours: 0 },
      { month: '2026-09', hours: 0 },
      { month: '2026-10', hours: 0 },
      { month: '2026-11', hours: 2.5 },
      { month: '2026-12', hours: 0 },
    ])
    expect(n?.categories).toEqual([
      { category: 'elder_care', label: '助老', activities: 2 },
      { category: 'tutoring', label: '助学', activities: 1 },
    ])
    expect(n?.stars[0]).toEqual({ level: 1, label: '一星', awarded: 0, announced: 1 })
  })

  it('a street admin sees every community of the street; staff only their own; residents none', async () => {
    const streetId = (await createStreet(ctx.db, '桂花街道')).id
    const a = await community(streetId, '桂花社区', 3, 1)
    const b = await community(streetId, '丹桂社区', 1, 1)
    const elsewhere = await community((await createStreet(ctx.db, '别的街道')).id, '远方社区', 0, 1)
    const admin = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'street_admin', streetId } })).id, FAR)

    const all = (await (await numbers(admin)).json()) as { communities: CommunityNumbers[] }
    expect(all.communities.map((c) => [c.communityName, c.volunteers, c.residents])).toEqual([
      ['丹桂社区', 1, 2],
      ['桂花社区', 1, 4],
    ])
    const one = (await (await numbers(admin, b.communityId)).json()) as { communities: CommunityNumbers[] }
    expect(one.communities.map((c) => c.communityId)).toEqual([b.communityId])

    expect((await numbers(a.staff, b.communityId)).status).toBe(403)
    expect((await numbers(admin, elsewhere.communityId)).status).toBe(403)
    const first = a.people[0]
    if (!first) throw new Error('a volunteer')
    expect((await numbers(first.token)).status).toBe(403)
  })
})
