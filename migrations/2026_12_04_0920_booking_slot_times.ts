import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

/**
 * My bookings page by the slot's time (issue 13 item 3, docs/decisions/042): the slot's start and
 * end are kept on each booking, so `booking (booked_by, slot_starts_at, id)` serves the keyset page
 * of a resident's upcoming and past bookings without reading her whole history. A trigger copies
 * them from the slot whenever a booking is written with a slot (a new booking, a move to another
 * slot), and another carries a slot's new times to its bookings, so they never disagree.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table booking add column slot_starts_at timestamptz, add column slot_ends_at timestamptz`.execute(db)
  await sql`update booking b set slot_starts_at = s.starts_at, slot_ends_at = s.ends_at from slot s where s.id = b.slot_id`.execute(db)
  await sql`alter table booking alter column slot_starts_at set not null, alter column slot_ends_at set not null`.execute(db)
  await sql`create function booking_slot_times() returns trigger language plpgsql as $$
    begin
      select starts_at, ends_at into new.slot_starts_at, new.slot_ends_at from slot where id = new.slot_id;
      return new;
    end $$`.execute(db)
  await sql`create trigger booking_slot_times before insert or update of slot_id on booking for each row execute function booking_slot_times()`.execute(db)
  await sql`create function slot_times_to_bookings() returns trigger language plpgsql as $$
    begin
      update booking set slot_starts_at = new.starts_at, slot_ends_at = new.ends_at where slot_id = new.id;
      return null;
    end $$`.execute(db)
  await sql`create trigger slot_times_to_bookings after update of starts_at, ends_at on slot for each row
    when (old.starts_at is distinct from new.starts_at or old.ends_at is distinct from new.ends_at)
    execute function slot_times_to_bookings()`.execute(db)
  await sql`create index booking_booker_slot_start on booking (booked_by, slot_starts_at, id)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index booking_booker_slot_start`.execute(db)
  await sql`drop trigger slot_times_to_bookings on slot`.execute(db)
  await sql`drop function slot_times_to_bookings()`.execute(db)
  await sql`drop trigger booking_slot_times on booking`.execute(db)
  await sql`drop function booking_slot_times()`.execute(db)
  await sql`alter table booking drop column slot_starts_at, drop column slot_ends_at`.execute(db)
}
