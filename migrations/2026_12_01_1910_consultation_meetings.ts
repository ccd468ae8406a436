import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

/**
 * 议事会 meetings (issue 11 item 4, docs/decisions/022-consultation-meetings.md): a meeting of a
 * topic; its capacity rows for the seats kernel (open seats and one row per reserved tag, so a
 * seat is taken by one conditional UPDATE); registrations with a check-in code, the waitlist and
 * attendance; the participant tags staff assign; the show-of-hands tally (entered by one staff
 * member, confirmed by another) and the minutes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('consultation_meeting')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('topic_id', 'uuid', (c) => c.notNull().references('consultation_topic.id'))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('resident_meeting', 'representatives')`))
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('reserved_until', 'timestamptz', (c) => c.notNull())
    .addColumn('eligible', 'integer', (c) => c.notNull().check(sql`eligible >= 0`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('scheduled', 'cancelled')`))
    .addColumn('cancel_reason', 'text')
    .addColumn('present_count', 'integer', (c) => c.notNull().defaultTo(0).check(sql`present_count >= 0`))
    .addColumn('tally', 'jsonb')
    .addColumn('tally_present', 'integer')
    .addColumn('tally_entered_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('tally_entered_at', 'timestamptz')
    .addColumn('tally_confirmed_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('tally_confirmed_at', 'timestamptz')
    .addColumn('minutes', 'text')
    .addColumn('minutes_published_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('minutes_published_at', 'timestamptz')
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('consultation_meeting_times', sql`ends_at > starts_at`)
    // The database holds the two-person rule too: nobody confirms her own tally.
    .addCheckConstraint('consultation_meeting_tally_second_person', sql`tally_confirmed_by is null or tally_confirmed_by <> tally_entered_by`)
    .execute()
  await db.schema.createIndex('consultation_meeting_topic').on('consultation_meeting').columns(['topic_id', 'starts_at']).execute()
  await db.schema.createIndex('consultation_meeting_upcoming').on('consultation_meeting').column('starts_at').where(sql.ref('status'), '=', 'scheduled').execute()

  await db.schema
    .createTable('consultation_meeting_seat')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('meeting_id', 'uuid', (c) => c.notNull().references('consultation_meeting.id').onDelete('cascade'))
    .addColumn('tag', 'text')
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity >= 0`))
    .addColumn('taken', 'integer', (c) => c.notNull().defaultTo(0))
    .addCheckConstraint('consultation_meeting_seat_taken', sql`taken >= 0 and taken <= capacity`)
    .execute()
  await db.schema
    .createIndex('consultation_meeting_seat_pool')
    .on('consultation_meeting_seat')
    .expression(sql`meeting_id, coalesce(tag, '')`)
    .unique()
    .execute()

  await db.schema
    .createTable('consultation_meeting_registration')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('meeting_id', 'uuid', (c) => c.notNull().references('consultation_meeting.id').onDelete('cascade'))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('seat_id', 'uuid', (c) => c.references('consultation_meeting_seat.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('registered', 'waitlisted', 'cancelled')`))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('online', 'walk_in')`))
    .addColumn('check_in_code', 'text')
    .addColumn('checked_in_at', 'timestamptz')
    .addColumn('checked_in_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('reminded_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  // One open registration per person and meeting, whatever the race.
  await db.schema
    .createIndex('consultation_meeting_registration_once')
    .on('consultation_meeting_registration')
    .columns(['meeting_id', 'user_id'])
    .unique()
    .where(sql.ref('status'), '<>', 'cancelled')
    .execute()
  await db.schema.createIndex('consultation_meeting_registration_queue').on('consultation_meeting_registration').columns(['seat_id', 'status', 'created_at']).execute()
  await db.schema.createIndex('consultation_meeting_registration_code').on('consultation_meeting_registration').columns(['meeting_id', 'check_in_code']).execute()
  await db.schema.createIndex('consultation_meeting_registration_user').on('consultation_meeting_registration').column('user_id').execute()

  await db.schema
    .createTable('consultation_participant_tag')
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('tag', 'text', (c) => c.notNull().check(sql`tag in ('resident_rep', 'party_member', 'owners_committee', 'property', 'unit', 'social_org')`))
    .addColumn('assigned_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('consultation_participant_tag_pk', ['community_id', 'user_id', 'tag'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('consultation_participant_tag').execute()
  await db.schema.dropTable('consultation_meeting_registration').execute()
  await db.schema.dropTable('consultation_meeting_seat').execute()
  await db.schema.dropTable('consultation_meeting').execute()
}
