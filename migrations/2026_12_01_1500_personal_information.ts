import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('app_user')
    // A move to another community waits for that community's staff (docs/decisions/019): until
    // then community_id, and the residents-only eligibility it gives, stay the old one's.
    .addColumn('pending_community_id', 'uuid', (c) => c.references('community.id'))
    .addColumn('pending_since', 'timestamptz')
    // A deleted account stays as an empty row so the bookings and ratings that must be kept still
    // point somewhere, with no name, phone or birth date left to link them to a person.
    .addColumn('deleted_at', 'timestamptz')
    .execute()
  await sql`create index app_user_pending_move on app_user (pending_community_id, pending_since) where pending_community_id is not null`.execute(db)

  // Deleting an account deletes its family members; the bookings made for them are kept and then
  // count as the (anonymous) booker's.
  await sql`alter table booking drop constraint booking_family_member_id_fkey`.execute(db)
  await sql`alter table booking add constraint booking_family_member_id_fkey
    foreign key (family_member_id) references family_member (id) on delete set null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table booking drop constraint booking_family_member_id_fkey`.execute(db)
  await sql`alter table booking add constraint booking_family_member_id_fkey
    foreign key (family_member_id) references family_member (id)`.execute(db)
  await sql`drop index app_user_pending_move`.execute(db)
  await db.schema.alterTable('app_user').dropColumn('pending_community_id').dropColumn('pending_since').dropColumn('deleted_at').execute()
}
