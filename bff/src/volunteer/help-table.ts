import type { Generated, Selectable } from 'kysely'
import type { HelpKind, HelpPay, HelpStatus, LedgerKind } from '@linli/shared'

/**
 * Tables of 志愿服务 — 求助与时间银行 (issue 12 item 6; migrations/2026_12_02_0950_volunteer_help.ts;
 * docs/decisions/033-time-bank.md). db/database.ts: `Database` extends this interface.
 */
export interface HelpTables {
  volunteer_help_request: HelpRequestTable
  time_bank_account: TimeBankAccountTable
  time_bank_entry: TimeBankEntryTable
}

/** A need posted by a resident, for herself or one of her 我的家人; approved, it is a one-shift activity. */
export interface HelpRequestTable {
  id: Generated<string>
  community_id: string
  requester_user_id: string
  /** The elder it is for, when she has an account (herself, or the family member found as a resident). */
  beneficiary_user_id: string | null
  family_member_id: string | null
  beneficiary_name_enc: string
  kind: HelpKind
  /** On the community's clock, as typed. */
  service_date: string
  start_time: string
  end_time: string
  starts_at: Date
  ends_at: Date
  place: string
  needs: string
  contact_name_enc: string
  /** Shown whole only to the requester and the volunteer who took it. */
  contact_phone_enc: string
  pay: HelpPay
  payer_account_id: string | null
  /** Debited from the payer at approval, held until the hours are confirmed. */
  escrow_minutes: Generated<number>
  /** Paid out of the escrow for confirmed hours. */
  charged_minutes: Generated<number>
  status: HelpStatus
  decided_by: string | null
  decided_at: Date | null
  decline_reason: string | null
  /** 撤回: when the requester withdrew it (status withdrawn). */
  withdrawn_at: Date | null
  activity_id: string | null
  shift_id: string | null
  taken_by: string | null
  taken_at: Date | null
  first_taken_at: Date | null
  done_at: Date | null
  created_at: Date
}
export type HelpRequestRow = Selectable<HelpRequestTable>

/** A person's credits, or (user_id null) the community's pool. `balance_minutes` is the sum of its entries, kept in each entry's transaction. */
export interface TimeBankAccountTable {
  id: Generated<string>
  community_id: string
  user_id: string | null
  balance_minutes: Generated<number>
  created_at: Generated<Date>
}
export type TimeBankAccountRow = Selectable<TimeBankAccountTable>

/** One movement on one account (append-only: a trigger refuses UPDATE and DELETE). */
export interface TimeBankEntryTable {
  id: Generated<string>
  account_id: string
  delta_minutes: number
  kind: LedgerKind
  record_id: string | null
  help_request_id: string | null
  counterpart_account_id: string | null
  actor_user_id: string | null
  note: string | null
  created_at: Date
}
export type TimeBankEntryRow = Selectable<TimeBankEntryTable>
