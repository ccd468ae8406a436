import { type MyStar, STAR_LEVEL_HOURS, STAR_LEVEL_LABELS, STAR_PUBLICITY_WORKING_DAYS, type StarEntry, type StarList, starLevelOf } from '@linli/shared'
import { maskName } from '../booking/rules'
import { localDate, localDayRange, monthDayWords } from '../calendar/local-time'
import { communityZones, workingDayCalendar } from '../calendar/service'
import { addWorkingDays } from '../calendar/working-days'
import type { Db } from '../db/database'
import type { Deps } from '../deps'
import { decodeCursor, pageFrom } from '../http/cursor'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { enqueue } from '../notify/outbox'
import * as repo from './certificate-repository'
import type { StarLevelRow } from './certificate-table'
import { VOLUNTEER_MESSAGES } from './messages'
import * as core from './repository'
import { findCommunityById } from '../region/service'

/**
 * 星级志愿者 (issue 12 item 5), owned by the certificate feature: after a volunteer's confirmed
 * hours change (confirmed.ts, in that transaction), a level newly reached goes on the 公示 list
 * (5 working days before it is awarded); hours taken back below a level not yet awarded withdraw it.
 * An awarded level stays: the award was made on the hours confirmed then (decision 032).
 */
export async function afterHoursChanged(trx: Db, userIds: readonly string[], now: Date): Promise<void> {
  if (userIds.length === 0) return
  const totals = await repo.lockVolunteerTotals(trx, userIds)
  const live = await repo.liveLevels(trx, userIds)
  for (const volunteer of totals) {
    const minutes = volunteer.minutes ?? 0
    const reached = starLevelOf(minutes)
    const mine = live.filter((l) => l.user_id === volunteer.user_id)
    const above = mine.filter((l) => l.status === 'announced' && l.level > reached).map((l) => l.id)
    if (above.length > 0) await repo.withdrawAnnounced(trx, above, now)
    const highest = Math.max(0, ...mine.filter((l) => !above.includes(l.id)).map((l) => l.level))
    // A jump over several levels at once (a bulk confirmation) announces only the highest.
    if (reached > highest) await announce(trx, { userId: volunteer.user_id, communityId: volunteer.community_id, level: reached, minutes }, now)
  }
}

async function announce(trx: Db, v: { userId: string; communityId: string; level: number; minutes: number }, now: Date): Promise<void> {
  const tz = (await communityZones(trx, [v.communityId]))(v.communityId)
  const today = localDate(now, tz)
  // The 公示 runs to the end of its 5th working day on the community's clock; a holiday extends it.
  // A transaction's handle reads the holiday table itself (a level is reached rarely).
  const endsOn = addWorkingDays(await workingDayCalendar(trx), today, STAR_PUBLICITY_WORKING_DAYS)
  const row = await repo.insertStarLevel(trx, {
    user_id: v.userId,
    community_id: v.communityId,
    level: v.level,
    minutes: v.minutes,
    announced_at: now,
    announced_on: today,
    publicity_ends_on: endsOn,
    publicity_ends_at: localDayRange(endsOn, tz)[1],
  })
  if (!row) return
  await enqueue(trx, {
    kind: VOLUNTEER_MESSAGES.star_level_announced,
    recipient: { userId: v.userId, communityId: v.communityId },
    payload: { title: `${labelOf(v.level)}志愿者`, detail: `累计服务 ${hoursOf(v.minutes)} 小时，公示至 ${monthDayWords(endsOn)}` },
  })
}

/** Awards the levels whose 公示 ended; two workers never award one twice (SKIP LOCKED). */
export async function awardDueLevels(db: Db, now: Date, batch = 200): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const due = await repo.lockDueAnnouncements(trx, now, batch)
    if (due.length === 0) return 0
    const awarded = await repo.markAwarded(trx, due.map((d) => d.id), now)
    for (const row of awarded) {
      await enqueue(trx, {
        kind: VOLUNTEER_MESSAGES.star_level_awarded,
        recipient: { userId: row.user_id, communityId: row.community_id },
        payload: { title: `${labelOf(row.level)}志愿者`, detail: `公示期满无异议，已授予${labelOf(row.level)}志愿者` },
      })
    }
    return awarded.length
  })
}

export function labelOf(level: number): string {
  return STAR_LEVEL_LABELS[level - 1] ?? ''
}

/** Minutes as hours with one decimal, as certificates and lists show them. */
export function hoursOf(minutes: number): number {
  return Math.round(minutes / 6) / 10
}

/** Hours still to go to the next level, or null at 五星. */
export function hoursToNext(minutes: number): number | null {
  const next = STAR_LEVEL_HOURS[starLevelOf(minutes)]
  return next === undefined ? null : hoursOf(next * 60 - minutes)
}


// --- Views ---

function entryOf(row: StarLevelRow & { name: string; volunteer_no: string }): StarEntry {
  return {
    id: row.id,
    nameMasked: maskName(row.name),
    volunteerNo: row.volunteer_no,
    level: row.level,
    levelLabel: labelOf(row.level),
    hours: hoursOf(row.minutes),
    status: row.status,
    announcedOn: row.announced_on,
    publicityEndsOn: row.publicity_ends_on,
  }
}

/** A community's public 公示 list: masked names, level, hours, 公示 until; withdrawn ones shown as withdrawn. */
export async function listStars(deps: Deps, communityId: string, page: { cursor?: string; limit: number }): Promise<StarList> {
  const community = await findCommunityById(deps.db, communityId)
  if (!community) throw new AppError('COMMUNITY_NOT_FOUND')
  const after = page.cursor ? decodeCursor(page.cursor, 'instant') : undefined
  const rows = await repo.listStarLevels(deps.db, communityId, after, page.limit)
  const { rows: shown, nextCursor } = pageFrom(rows, page.limit, (r) => ({ key: r.announced_at, id: r.id }))
  return { communityName: community.name, items: shown.map((r) => entryOf({ ...r, name: deps.cipher.decrypt(r.name_enc) })), nextCursor }
}

/** Her level: the highest awarded, the one on 公示 if any, and the hours to the next. */
export async function myStar(deps: Deps, auth: Auth): Promise<MyStar> {
  const volunteer = await core.findVolunteer(deps.db, auth.userId)
  if (!volunteer || volunteer.status === 'withdrawn') throw new AppError('VOLUNTEER_NOT_REGISTERED')
  const [total] = await repo.volunteerTotalsOf(deps.db, [auth.userId])
  const minutes = total?.minutes ?? 0
  const live = await repo.liveLevels(deps.db, [auth.userId])
  const level = Math.max(0, ...live.filter((l) => l.status === 'awarded').map((l) => l.level))
  const announced = live.find((l) => l.status === 'announced')
  return {
    hours: hoursOf(minutes),
    level,
    levelLabel: level > 0 ? labelOf(level) : null,
    announced: announced ? entryOf({ ...announced, name: deps.cipher.decrypt(volunteer.name_enc), volunteer_no: volunteer.volunteer_no }) : null,
    nextLevelHours: hoursToNext(minutes),
  }
}
