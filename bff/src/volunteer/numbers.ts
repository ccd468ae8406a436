import { STAR_LEVEL_LABELS, VOLUNTEER_SHARE_TARGET, VOLUNTEER_SKILLS, VOLUNTEER_SKILL_LABELS, type VolunteerNumbers } from '@linli/shared'
import { registeredResidents } from '../auth/residents'
import { addDays, localDate, localDayRange } from '../calendar/local-time'
import type { Deps } from '../deps'
import type { Auth } from '../http/env'
import * as repo from './certificate-repository'
import { managedCommunities } from './certificates'
import { helpRequestNumbers } from './help-numbers'
import { hoursOf } from './star-levels'

/**
 * 社区志愿服务数据 (issue 12 item 8) on the staff dashboard: staff see their community, a street
 * admin every community of the street. A handful of grouped reads over indexed ranges for all the
 * communities at once, whatever their number.
 */

/** Hours per month, and help requests answered within 48 hours, over the last six months. */
const MONTHS = 6

/** The last `n` months up to the one of `today` (YYYY-MM-DD), oldest first, as YYYY-MM. */
export function lastMonths(today: string, n: number): string[] {
  const months: string[] = []
  let first = `${today.slice(0, 7)}-01`
  for (let i = 0; i < n; i++) {
    months.unshift(first.slice(0, 7))
    first = `${addDays(first, -1).slice(0, 7)}-01`
  }
  return months
}

export async function communityNumbers(deps: Deps, auth: Auth, communityId: string | undefined): Promise<VolunteerNumbers> {
  const communities = await managedCommunities(deps, auth, communityId)
  const ids = communities.map((c) => c.id)
  const now = deps.now()
  // Months on the first community's clock: a street's communities share one.
  const tz = communities[0]?.timezone ?? 'Asia/Shanghai'
  const months = lastMonths(localDate(now, tz), MONTHS)
  const fromDay = `${months[0]}-01`
  const [volunteers, minutes, categories, stars, residents, help] = await Promise.all([
    repo.countVolunteers(deps.db, ids),
    repo.minutesByMonth(deps.db, ids, fromDay),
    repo.activitiesByCategory(deps.db, ids),
    repo.starCounts(deps.db, ids),
    Promise.all(ids.map((id) => registeredResidents(deps.db, id))),
    Promise.all(ids.map((id) => helpRequestNumbers(deps.db, [id], localDayRange(fromDay, tz)[0], now))),
  ])
  return {
    communities: communities.map((c, i) => {
      const volunteerCount = volunteers.find((v) => v.community_id === c.id)?.n ?? 0
      const residentCount = residents[i] ?? 0
      return {
        communityId: c.id,
        communityName: c.name,
        residents: residentCount,
        volunteers: volunteerCount,
        share: residentCount === 0 ? 0 : volunteerCount / residentCount,
        target: VOLUNTEER_SHARE_TARGET,
        months: months.map((month) => ({ month, hours: hoursOf(minutes.find((m) => m.community_id === c.id && m.month === month)?.minutes ?? 0) })),
        categories: VOLUNTEER_SKILLS.map((category) => ({ category, label: VOLUNTEER_SKILL_LABELS[category], activities: categories.find((a) => a.community_id === c.id && a.category === category)?.n ?? 0 })).filter((x) => x.activities > 0),
        help: help[i] ?? { requests: 0, answeredWithin48h: 0 },
        stars: STAR_LEVEL_LABELS.map((label, l) => {
          const of = (status: string) => stars.find((s) => s.community_id === c.id && s.level === l + 1 && s.status === status)?.n ?? 0
          return { level: l + 1, label, awarded: of('awarded'), announced: of('announced') }
        }),
      }
    }),
  }
}
