import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { DatabaseSettings } from '../config'
import type { AppUserTable, ConsentTable, LoginCodeTable, SessionTable, UserRoleTable, VolunteerProfileTable } from '../auth/table'
import type {
  AvailabilityRuleTable,
  BookingSettingsTable,
  BookingTable,
  ClosureTable,
  IdempotencyRecordTable,
  NoShowSuspensionTable,
  SlotTable,
} from '../booking/table'
import type { HolidayDayTable, HolidayNoticeTable } from '../calendar/table'
import type {
  ConsultationBallotTable,
  ConsultationCategoryTable,
  ConsultationOpinionLikeTable,
  ConsultationOpinionReportTable,
  ConsultationOpinionTable,
  ConsultationSettingsTable,
  ConsultationSupportTable,
  ConsultationTopicMoveTable,
  ConsultationTopicTable,
  ConsultationVoteOptionTable,
  ConsultationVoteTable,
  VoteTables,
} from '../consultation/table'
import type { FacilityTable, ProviderTable, ServiceCategoryTable, ServiceTable } from '../catalog/table'
import type { ServiceChangeTables } from '../catalog/service-change-table'
import type { AssistTables } from '../consultation/assist-table'
import type { EvidenceTables } from '../consultation/evidence-table'
import type { MeetingTables } from '../consultation/meeting-table'
import type { OpinionTallyTables } from '../consultation/opinion-tally-table'
import type { OutcomeTables } from '../consultation/outcome-table'
import type { OversightTables } from '../consultation/oversight-table'
import type { FamilyMemberTable } from '../family/table'
import type { AuditLogTable, RateLimitTable } from '../platform/table'
import type { InboxMessageTable, NotificationOutboxTable } from '../notify/table'
import type { CaseStepTable, RatingAppealTable, RatingRollupTable, RatingTable, RectificationCaseTable, SurveyResponseTable, SurveyTable } from '../rating/table'
import type { CommunityTable, DistrictTable, StreetTable } from '../region/table'
import type { CertificateTables } from '../volunteer/certificate-table'
import type { HelpTables } from '../volunteer/help-table'
import type { StaffingTables } from '../volunteer/staffing-table'
import type { VolunteerTables } from '../volunteer/table'

/** Features that keep their tables in a file of their own extend it (tests/build/table-ownership.test.ts reads both). */
export interface Database extends VoteTables, OpinionTallyTables, MeetingTables, AssistTables, OutcomeTables, OversightTables, EvidenceTables, ServiceChangeTables, VolunteerTables, CertificateTables, HelpTables, StaffingTables {
  district: DistrictTable
  street: StreetTable
  community: CommunityTable
  facility: FacilityTable
  service_category: ServiceCategoryTable
  provider: ProviderTable
  service: ServiceTable
  app_user: AppUserTable
  user_role: UserRoleTable
  volunteer_profile: VolunteerProfileTable
  session: SessionTable
  login_code: LoginCodeTable
  consent: ConsentTable
  audit_log: AuditLogTable
  rate_limit: RateLimitTable
  booking_settings: BookingSettingsTable
  availability_rule: AvailabilityRuleTable
  closure: ClosureTable
  slot: SlotTable
  family_member: FamilyMemberTable
  booking: BookingTable
  no_show_suspension: NoShowSuspensionTable
  idempotency_record: IdempotencyRecordTable
  notification_outbox: NotificationOutboxTable
  inbox_message: InboxMessageTable
  rating: RatingTable
  rating_rollup: RatingRollupTable
  rectification_case: RectificationCaseTable
  case_step: CaseStepTable
  rating_appeal: RatingAppealTable
  survey: SurveyTable
  survey_response: SurveyResponseTable
  holiday_notice: HolidayNoticeTable
  holiday_day: HolidayDayTable
  consultation_settings: ConsultationSettingsTable
  consultation_category: ConsultationCategoryTable
  consultation_topic: ConsultationTopicTable
  consultation_support: ConsultationSupportTable
  consultation_topic_move: ConsultationTopicMoveTable
  consultation_vote: ConsultationVoteTable
  consultation_vote_option: ConsultationVoteOptionTable
  consultation_ballot: ConsultationBallotTable
  consultation_opinion: ConsultationOpinionTable
  consultation_opinion_like: ConsultationOpinionLikeTable
  consultation_opinion_report: ConsultationOpinionReportTable
}

export type Db = Kysely<Database>

// `date` columns stay `YYYY-MM-DD` strings: a birth date is a calendar day, not an instant,
// and turning it into a JS Date at local midnight shifts it across time zones.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value)
// bigint ids (audit_log) fit in a string without loss.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => value)

/** The server cancels a statement at its own timeout; the client gives up this much later, for a server that does not answer at all. */
export const CLIENT_TIMEOUT_MARGIN_MS = 1000

export type DatabaseWaits = Omit<DatabaseSettings, 'poolMax'>

/**
 * The pool, with every wait bounded when `waits` is given (the server and pg-boss; decision 017):
 * getting a connection, a statement, a lock, an idle transaction, and a server that stopped
 * answering (pg's client-side read timeout). Without `waits` only the connection wait is bounded,
 * for tools and tests that may run long statements.
 */
export function createDb(connectionString: string, maxConnections = 10, waits?: DatabaseWaits): Db {
  const pool = new pg.Pool({ connectionString, max: maxConnections, ...(waits ? poolWaits(waits) : { connectionTimeoutMillis: 5000 }) })
  // An idle client that loses its server emits 'error'; without a listener that would crash the process.
  pool.on('error', () => undefined)
  // So does a checked-out one, e.g. when PostgreSQL ends an idle transaction: its next query fails
  // instead ("not queryable", a 503), and the pool drops it when it is released.
  pool.on('connect', (client) => {
    client.on('error', () => undefined)
    prepareByName(client)
  })
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
}

/** Distinct statement texts a process names at most; past it, new texts run unnamed (parsed and planned each time). */
export const PREPARED_STATEMENTS_MAX = 2000

const statementNames = new Map<string, string>()

/** Only the app's reads and writes are named; a migration's DDL runs once and would only use up names. */
const DML = /^\s*(select|insert|update|delete|with)\b/i

function statementName(text: string): string | undefined {
  if (!DML.test(text)) return undefined
  let name = statementNames.get(text)
  if (name === undefined && statementNames.size < PREPARED_STATEMENTS_MAX) {
    name = `linli_${statementNames.size + 1}`
    statementNames.set(text, name)
  }
  return name
}

/**
 * Each statement text gets a name, so each connection parses it once and PostgreSQL may keep its
 * plan (docs/decisions/038-slots-from-memory.md): planning the booking views' joins cost 3–8× their
 * execution. The same text always has the same name; pg remembers per connection which it has
 * sent. Kysely sends `query(text, values)`; anything else (a cursor) passes through as it is.
 */
function prepareByName(client: pg.PoolClient): void {
  // The class's own `query`, looked up on each call (so a spy on pg.Client.prototype still sees every statement).
  const query = (...args: unknown[]): unknown => (Object.getPrototypeOf(client) as { query: (...a: unknown[]) => unknown }).query.apply(client, args)
  ;(client as { query: unknown }).query = (...args: unknown[]) => {
    const [text, values] = args
    if (args.length === 2 && typeof text === 'string' && Array.isArray(values)) {
      const name = statementName(text)
      if (name !== undefined) return query({ name, text, values })
    }
    return query(...args)
  }
}

/** The same bounds in the option names pg (and pg-boss, which hands them to pg) take. */
export function poolWaits(waits: DatabaseWaits) {
  return {
    connectionTimeoutMillis: waits.connectTimeoutMs,
    statement_timeout: waits.statementTimeoutMs,
    lock_timeout: waits.lockTimeoutMs,
    idle_in_transaction_session_timeout: waits.idleInTransactionTimeoutMs,
    query_timeout: waits.statementTimeoutMs + CLIENT_TIMEOUT_MARGIN_MS,
  }
}
