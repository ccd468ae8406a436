import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

/**
 * 邻里求助与时间银行 (issue 12 item 6, docs/decisions/033-time-bank.md): help requests that
 * become one-shift activities once staff approve them, and the time bank: one account per person
 * and one pool per community, each with its balance row (never below zero), and an append-only
 * ledger of entries whose sum is the balance.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('volunteer_help_request')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('requester_user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    // The elder it is for: the requester herself, or one of her 我的家人 (found as a resident when she has an account).
    .addColumn('beneficiary_user_id', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('family_member_id', 'uuid')
    .addColumn('beneficiary_name_enc', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('escort_medical', 'shopping', 'home_visit', 'bathing', 'other')`))
    .addColumn('service_date', 'date', (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('end_time', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('needs', 'text', (c) => c.notNull())
    .addColumn('contact_name_enc', 'text', (c) => c.notNull())
    .addColumn('contact_phone_enc', 'text', (c) => c.notNull())
    .addColumn('pay', 'text', (c) => c.notNull().check(sql`pay in ('none', 'own', 'beneficiary', 'pool')`))
    .addColumn('payer_account_id', 'uuid')
    // Debited from the payer at approval and held for the service; settled when the hours are confirmed.
    .addColumn('escrow_minutes', 'integer', (c) => c.notNull().defaultTo(0).check(sql`escrow_minutes >= 0`))
    // Paid out of the escrow for confirmed hours (given back if the record is revoked).
    .addColumn('charged_minutes', 'integer', (c) => c.notNull().defaultTo(0).check(sql`charged_minutes >= 0`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'approved', 'declined', 'taken', 'done')`))
    .addColumn('decided_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decline_reason', 'text')
    .addColumn('activity_id', 'uuid', (c) => c.references('volunteer_activity.id').unique())
    .addColumn('shift_id', 'uuid', (c) => c.references('volunteer_shift.id'))
    .addColumn('taken_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('taken_at', 'timestamptz')
    // The first time anyone took it: "answered within 48 hours of approval" counts this, not a later re-take.
    .addColumn('first_taken_at', 'timestamptz')
    .addColumn('done_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('volunteer_help_request_times', sql`ends_at > starts_at`)
    .addCheckConstraint('volunteer_help_request_taken', sql`(status in ('taken', 'done')) = (taken_by is not null)`)
    .execute()
  await db.schema.createIndex('volunteer_help_request_community').on('volunteer_help_request').columns(['community_id', 'status', 'created_at', 'id']).execute()
  await db.schema.createIndex('volunteer_help_request_requester').on('volunteer_help_request').columns(['requester_user_id', 'created_at', 'id']).execute()
  await db.schema.createIndex('volunteer_help_request_beneficiary').on('volunteer_help_request').columns(['beneficiary_user_id', 'created_at', 'id']).execute()
  await db.schema.createIndex('volunteer_help_request_taker').on('volunteer_help_request').columns(['taken_by', 'created_at', 'id']).execute()

  await db.schema
    .createTable('time_bank_account')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    // null: the community's pool.
    .addColumn('user_id', 'uuid', (c) => c.references('app_user.id').unique())
    .addColumn('balance_minutes', 'integer', (c) => c.notNull().defaultTo(0).check(sql`balance_minutes >= 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('time_bank_account_one_pool')
    .on('time_bank_account')
    .column('community_id')
    .unique()
    .where(sql.ref('user_id'), 'is', null)
    .execute()

  await db.schema
    .createTable('time_bank_entry')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('time_bank_account.id'))
    .addColumn('delta_minutes', 'integer', (c) => c.notNull().check(sql`delta_minutes <> 0`))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('earned', 'spent', 'released', 'refunded', 'given', 'received', 'donated', 'pool_received', 'pool_spent', 'reversed')`),
    )
    .addColumn('record_id', 'uuid', (c) => c.references('volunteer_record.id'))
    .addColumn('help_request_id', 'uuid', (c) => c.references('volunteer_help_request.id'))
    .addColumn('counterpart_account_id', 'uuid', (c) => c.references('time_bank_account.id'))
    .addColumn('actor_user_id', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('time_bank_entry_account').on('time_bank_entry').columns(['account_id', 'created_at', 'id']).execute()
  await db.schema.createIndex('time_bank_entry_record').on('time_bank_entry').column('record_id').where(sql.ref('record_id'), 'is not', null).execute()
  // The ledger is append-only: a mistake is undone by a new entry, never by an edit or a delete.
  await sql`
    create function time_bank_entry_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'time_bank_entry rows are never changed or deleted (undo with a new entry)';
    end $$`.execute(db)
  await sql`create trigger time_bank_entry_append_only before update or delete on time_bank_entry for each row execute function time_bank_entry_append_only()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger time_bank_entry_append_only on time_bank_entry`.execute(db)
  await sql`drop function time_bank_entry_append_only()`.execute(db)
  await db.schema.dropTable('time_bank_entry').execute()
  await db.schema.dropTable('time_bank_account').execute()
  await db.schema.dropTable('volunteer_help_request').execute()
}
