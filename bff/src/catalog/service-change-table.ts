import type { Generated, JSONColumnType, Selectable } from 'kysely'
import type { ServiceChangeKind } from '@linli/shared'

/** A service's state before or after a change, as its version keeps it. */
export type ServiceSnapshot = Record<string, unknown>

/** A change to a service that a topic's 协商结果 carries: proposed by staff, then applied once. */
export interface ServiceChangeTable {
  id: Generated<string>
  community_id: string
  topic_id: string
  kind: ServiceChangeKind
  /** null for a new service until applying it creates the service. */
  service_id: string | null
  /** The change's input as staff proposed it (ServiceChangeInputSchema). */
  proposal: JSONColumnType<ServiceSnapshot>
  status: Generated<'proposed' | 'applied'>
  proposed_by: string
  proposed_at: Generated<Date>
  applied_by: string | null
  applied_at: Date | null
}
export type ServiceChangeRow = Selectable<ServiceChangeTable>

/** One applied change: append-only (a trigger refuses updates and deletes), numbered per service. */
export interface ServiceVersionTable {
  id: Generated<string>
  service_id: string
  version: number
  change_id: string
  topic_id: string
  topic_title: string
  kind: ServiceChangeKind
  before: JSONColumnType<ServiceSnapshot> | null
  after: JSONColumnType<ServiceSnapshot>
  applied_by: string
  applied_at: Date
}
export type ServiceVersionRow = Selectable<ServiceVersionTable>

/**
 * Versioned changes to a service that a 协商结果 carries (issue 11 item 7).
 * db/database.ts: `Database` extends this interface; each member is one table this feature owns.
 */
export interface ServiceChangeTables {
  service_change: ServiceChangeTable
  service_version: ServiceVersionTable
}
