/**
 * `npm run bench -- --scale` (issue 13 item 4): the demo grown to a platform's size before the same
 * rows run — 50 communities, 2,000 services, 108 k residents, 491 k slots, 991 k bookings, 200 k
 * ratings — in set-based SQL (generate_series), copying the demo's own rows as templates so every
 * column and constraint is the real one. Residents share one sealed name: the reads under test
 * decrypt what a page shows, not what the database holds.
 */
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { Database } from '../bff/src/db/database'

const COMMUNITIES = 50
const SERVICES_PER_COMMUNITY = 40
const RESIDENTS_PER_COMMUNITY = 2_160
/** Slots per service: about eight months of weekdays. */
const SLOTS_PER_SERVICE = 245
/** Bookings per slot, residents taken in turn. */
const BOOKINGS_PER_SLOT = 2
/** Of every twelve served bookings, five are rated (about 200 k). */
const RATED_OF_12 = 5

/** Columns of a table, in order, for an INSERT … SELECT that copies a template row with some columns replaced. */
async function columnsOf(db: Kysely<Database>, table: string): Promise<string[]> {
  const rows = await sql<{ name: string }>`select column_name as name from information_schema.columns where table_schema = 'public' and table_name = ${table} order by ordinal_position`.execute(db)
  return rows.rows.map((r) => r.name)
}

async function copyRows(db: Kysely<Database>, table: string, overrides: Record<string, string>, from: string): Promise<number> {
  const cols = (await columnsOf(db, table)).filter((c) => c !== 'id' || 'id' in overrides)
  const select = cols.map((c) => overrides[c] ?? `t.${c}`).join(', ')
  const result = await sql.raw(`insert into ${table} (${cols.join(', ')}) select ${select} ${from}`).execute(db)
  return Number(result.numAffectedRows ?? 0)
}

export interface Grown {
  communities: number
  services: number
  residents: number
  slots: number
  bookings: number
  ratings: number
  seconds: number
}

export async function growData(pool: Kysely<Database>, templateCommunityId: string): Promise<Grown> {
  // One connection throughout: the numbering tables are temporary.
  return pool.connection().execute((db) => grow(db, templateCommunityId))
}

async function grow(db: Kysely<Database>, templateCommunityId: string): Promise<Grown> {
  const started = Date.now()
  const ids = await sql<{ service: string; user: string }>`
    select (select id from service where community_id = ${templateCommunityId} order by sort_order limit 1) as service,
           (select id from app_user where community_id = ${templateCommunityId} order by demo_persona = 'elder' desc, created_at limit 1) as user`.execute(db)
  const template = ids.rows[0]
  if (!template?.service || !template.user) throw new Error('the demo has no service or resident to copy')

  const communities = await copyRows(
    db,
    'community',
    { code: `'scale-' || g`, name: `'扩容社区' || g` },
    `from community t, generate_series(1, ${COMMUNITIES}) g where t.id = '${templateCommunityId}'`,
  )
  const services = await copyRows(
    db,
    'service',
    { code: `c.code || '-s' || g`, community_id: 'c.id', name: `t.name || g`, facility_id: 'null', sort_order: 'g' },
    `from service t, community c, generate_series(1, ${SERVICES_PER_COMMUNITY}) g where t.id = '${template.service}' and c.code like 'scale-%'`,
  )
  const residents = await copyRows(
    db,
    'app_user',
    { community_id: 'c.id', wx_openid: 'null', phone_hash: 'null', phone_enc: 'null', demo_persona: 'null', pending_community_id: 'null' },
    `from app_user t, community c, generate_series(1, ${RESIDENTS_PER_COMMUNITY}) g where t.id = '${template.user}' and c.code like 'scale-%'`,
  )
  // Each new service books as its template does.
  await copyRows(
    db,
    'booking_settings',
    { service_id: 's.id', community_id: 's.community_id' },
    `from booking_settings t, service s where t.service_id = '${template.service}' and s.code like 'scale-%'`,
  )
  // Slots: each service every day from 120 days ago, 11:30–12:30 China time, 20 seats.
  const slots = await sql`
    insert into slot (community_id, service_id, starts_at, ends_at, capacity, booked)
    select s.community_id, s.id, d + time '03:30', d + time '04:30', 20, ${sql.lit(BOOKINGS_PER_SLOT)}
    from service s, generate_series(current_date - 120, current_date - 121 + ${sql.lit(SLOTS_PER_SERVICE)}, interval '1 day') d
    where s.code like 'scale-%'`.execute(db)
  // Residents numbered within their community, to take turns booking its slots.
  await sql`create temporary table scale_resident as
    select id, community_id, (row_number() over (partition by community_id order by id)) - 1 as n from app_user
    where community_id in (select id from community where code like 'scale-%')`.execute(db)
  await sql`create index on scale_resident (community_id, n)`.execute(db)
  await sql`create temporary table scale_slot as
    select id, community_id, service_id, starts_at, ends_at, (row_number() over (partition by community_id order by starts_at, id)) - 1 as n from slot
    where community_id in (select id from community where code like 'scale-%')`.execute(db)
  // Past slots' bookings were served; future ones are confirmed (each with its own check-in code).
  const bookings = await sql`
    insert into booking (community_id, service_id, slot_id, booked_by, family_member_id, status, holds_seat, check_in_code, answers, channel, created_at, served_at)
    select sl.community_id, sl.service_id, sl.id, r.id, null,
      case when sl.ends_at < now() then 'served' else 'confirmed' end, true,
      'S' || sl.n || '-' || b, '{}'::jsonb, 'self', sl.starts_at - interval '2 days',
      case when sl.ends_at < now() then sl.ends_at end
    from scale_slot sl, generate_series(0, ${sql.lit(BOOKINGS_PER_SLOT - 1)}) b, scale_resident r
    where r.community_id = sl.community_id and r.n = (sl.n * ${sql.lit(BOOKINGS_PER_SLOT)} + b) % ${sql.lit(RESIDENTS_PER_COMMUNITY)}`.execute(db)
  const ratings = await sql`
    insert into rating (community_id, booking_id, service_id, category_id, provider_id, rater_user_id, level, tags, comment, month, created_at)
    select bk.community_id, bk.id, bk.service_id, s.category_id, s.provider_id, bk.booked_by,
      case when abs(hashtext(bk.id::text)) % 10 = 0 then 2 when abs(hashtext(bk.id::text)) % 10 = 1 then 3 else 5 end,
      '{}', '', date_trunc('month', bk.served_at at time zone 'Asia/Shanghai')::date, bk.served_at + interval '1 hour'
    from booking bk join service s on s.id = bk.service_id
    where bk.status = 'served' and s.code like 'scale-%' and abs(hashtext(bk.id::text)) % 12 < ${sql.lit(RATED_OF_12)}`.execute(db)
  await sql`update booking set rated_at = r.created_at from rating r where r.booking_id = booking.id and booking.rated_at is null`.execute(db)
  await sql`drop table scale_resident, scale_slot`.execute(db)
  await sql`analyze`.execute(db)
  return {
    communities,
    services,
    residents,
    slots: Number(slots.numAffectedRows ?? 0),
    bookings: Number(bookings.numAffectedRows ?? 0),
    ratings: Number(ratings.numAffectedRows ?? 0),
    seconds: (Date.now() - started) / 1000,
  }
}
