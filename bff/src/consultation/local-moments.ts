import type { LocalMoment } from '@linli/shared'
import { localMoment } from '../calendar/local-time'

/**
 * calendar's localMoment, remembered: the same topics, opinions and votes are shown again and
 * again, and each instant costs an `Intl.DateTimeFormat.formatToParts` (measured at 14 % of the
 * topic list's CPU, docs/decisions/027-request-cost.md). The answer is a pure function of the
 * instant (to the millisecond) and the zone, so a remembered one is always right; the memory is
 * bounded and simply starts over when full.
 */
const MAX_KEPT = 20_000
const kept = new Map<string, Readonly<LocalMoment>>()

export function momentOf(instant: Date, tz: string): LocalMoment {
  const key = `${instant.getTime()} ${tz}`
  let moment = kept.get(key)
  if (!moment) {
    if (kept.size >= MAX_KEPT) kept.clear()
    moment = Object.freeze(localMoment(instant, tz))
    kept.set(key, moment)
  }
  return moment
}
