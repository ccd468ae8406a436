import type { Insertable } from 'kysely'
import { keptById } from '../cache/kept'
import type { Db } from '../db/database'
import * as repo from './repository'
import type { SlotTable } from './table'

/**
 * A bookable service's setup as the slots page reads it on every view: settings, weekly rules,
 * its community's closures, and which days already have their slots. Kept in memory until the
 * change feed's `schedule` family moves (a write to booking_settings, availability_rule or closure
 * in any process; docs/decisions/038-slots-from-memory.md); the slots themselves until `seats` does.
 */

export type Settings = NonNullable<Awaited<ReturnType<typeof repo.findSettings>>>
export type Rule = Awaited<ReturnType<typeof repo.findRules>>[number]
export type Closure = Awaited<ReturnType<typeof repo.findActiveClosures>>[number]
export type SlotRow = Awaited<ReturnType<typeof repo.listSlots>>[number]

export async function settingsOf(db: Db, serviceId: string): Promise<Settings | undefined> {
  const kept = await keptById(db, 'schedule', 'booking_settings', [serviceId], (ids) => repo.findSettingsOf(db, ids), (s) => s.service_id)
  return kept.get(serviceId)
}

export async function rulesOf(db: Db, serviceId: string): Promise<readonly Rule[]> {
  const kept = await keptById(
    db,
    'schedule',
    'availability_rule',
    [serviceId],
    async (ids) => {
      const rules = await repo.findRulesOf(db, ids)
      return ids.map((id) => ({ id, rules: rules.filter((r) => r.service_id === id) }))
    },
    (r) => r.id,
  )
  return kept.get(serviceId)?.rules ?? []
}

/** The community's closures not lifted and not yet over: a community has a handful at a time. */
export async function closuresOf(db: Db, communityId: string, today: string): Promise<readonly Closure[]> {
  const kept = await keptById(
    db,
    'schedule',
    'closure',
    [communityId],
    async (ids) => {
      const closures = await repo.findActiveClosures(db, ids, today)
      return ids.map((id) => ({ id, closures: closures.filter((c) => c.community_id === id) }))
    },
    (r) => r.id,
  )
  return kept.get(communityId)?.closures ?? []
}

/** Slot-row windows kept at most (a window is a week of one service's slots). */
const KEPT_WINDOWS = 2000

/**
 * A service's slots in [from, to) with their seats taken and waiting lists, as the database has
 * them: kept until the change feed's `seats` family moves (any slot or booking written, in any
 * process). What each slot's state is at this moment (open, full, too late) is worked out from them
 * on every read by the caller, never kept.
 */
export async function slotRowsOf(db: Db, serviceId: string, from: Date, to: Date): Promise<readonly SlotRow[]> {
  const key = `${serviceId}|${from.toISOString()}|${to.toISOString()}`
  const kept = await keptById(db, 'seats', 'slot-rows', [key], async () => [{ key, rows: await repo.listSlots(db, serviceId, from, to) }], (w) => w.key, KEPT_WINDOWS)
  return kept.get(key)?.rows ?? []
}

/**
 * Makes the slots of the given local days exist (`make` builds them from the rules), each day once
 * per process until the setup changes: a day whose slots this process made or found is not asked
 * of the database again. Slots are dropped only by a setup change (repository.deleteUnbookedSlotsAfter,
 * in the same transaction as the new rules), which moves the family and so forgets the days.
 */
export async function ensureDays(db: Db, serviceId: string, days: readonly string[], make: (days: readonly string[]) => Insertable<SlotTable>[]): Promise<void> {
  if (days.length === 0) return
  await keptById(
    db,
    'schedule',
    'slot_days',
    days.map((d) => `${serviceId}:${d}`),
    async (keys) => {
      await repo.insertSlots(db, make(keys.map((k) => k.slice(serviceId.length + 1))))
      return keys.map((id) => ({ id }))
    },
    (r) => r.id,
  )
}
