import { sql } from 'kysely'
import { seedDemoHistory } from '../../bff/src/demo/history'
import { seedDemo } from '../../bff/src/demo/seed'
import type { RatingRollupTable } from '../../bff/src/rating/table'
import { useTestContext } from '../support/context'

/**
 * Issue 13 item 3 / docs/decisions/040: the monthly rollup the dashboards read always equals the
 * same figures counted from `rating` itself, whatever the writes: many rows in one statement,
 * concurrent transactions, appeals taking ratings out (ratings are never deleted or re-levelled).
 */
const ctx = useTestContext()

/** A rollup row as the table keeps it; the same figures counted from `rating` have the same shape. */
type Row = RatingRollupTable

const fromRatings = async (): Promise<Row[]> =>
  (
    await sql<Row>`select community_id, month::text, service_id, category_id, provider_id, count(*)::int as rows,
      (count(*) filter (where counted))::int as ratings, (count(*) filter (where counted and level >= 3))::int as good, (count(*) filter (where counted and level <= 2))::int as poor
      from rating group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`.execute(ctx.db)
  ).rows

const fromRollup = async (): Promise<Row[]> =>
  (
    await sql<Row>`select community_id, month::text, service_id, category_id, provider_id, rows, ratings, good, poor
      from rating_rollup where rows <> 0 order by 1, 2, 3, 4, 5`.execute(ctx.db)
  ).rows

describe('the monthly rating rollup', () => {
  it('equals the figures counted from the ratings after every kind of write', async () => {
    await seedDemo(ctx.db, ctx.deps.cipher)
    await seedDemoHistory(ctx.db, ctx.deps.cipher, new Date('2026-12-01T02:00:00Z'))
    const seeded = await fromRatings()
    expect(seeded.length).toBeGreaterThan(5)
    expect(await fromRollup()).toEqual(seeded)

    // New ratings of new bookings (each like an existing rating and its booking): many in one statement, and many transactions at once.
    const unrated = await sql<{ id: string; booked_by: string; template: string }>`
      with source as (select b.*, r.id as template from booking b join rating r on r.booking_id = b.id order by r.id limit 60),
      made as (
        insert into booking (community_id, service_id, slot_id, booked_by, family_member_id, status, holds_seat, check_in_code, answers, channel)
        select community_id, service_id, slot_id, booked_by, family_member_id, 'served', false, 'T' || template::text, answers, channel from source
        returning id, booked_by, check_in_code)
      select made.id, made.booked_by, source.template::text as template from made join source on made.check_in_code = 'T' || source.template::text`.execute(ctx.db)
    expect(unrated.rows.length).toBe(60)
    const rate = (db: typeof ctx.db, rows: typeof unrated.rows, level: (i: number) => number) =>
      sql`insert into rating (community_id, booking_id, service_id, category_id, provider_id, rater_user_id, level, tags, comment, month)
        select t.community_id, v.booking_id::uuid, t.service_id, t.category_id, t.provider_id, v.rater::uuid, v.level::int, '{}', '', t.month
        from (values ${sql.join(rows.map((r, i) => sql`(${r.id}, ${r.booked_by}, ${r.template}, ${level(i)})`))}) as v (booking_id, rater, template, level)
        join rating t on t.id = v.template::uuid`.execute(db)
    await rate(ctx.db, unrated.rows.slice(0, 30), (i) => (i % 5) + 1)
    expect(await fromRollup()).toEqual(await fromRatings())
    await Promise.all(unrated.rows.slice(30).map((r, i) => ctx.db.transaction().execute((trx) => rate(trx, [r], () => (i % 2 === 0 ? 1 : 4)))))
    expect(await fromRollup()).toEqual(await fromRatings())

    // An upheld appeal takes a rating out (one, then several in one statement); a rating moved to no provider changes groups.
    await sql`update rating set counted = false where id = (select id from rating order by id limit 1)`.execute(ctx.db)
    await sql`update rating set counted = false where id in (select id from rating order by id desc limit 9)`.execute(ctx.db)
    await sql`update rating set counted = not counted where id in (select id from rating order by created_at limit 5)`.execute(ctx.db)
    await sql`update rating set provider_id = null where id in (select id from rating where provider_id is not null order by id limit 3)`.execute(ctx.db)
    expect(await fromRollup()).toEqual(await fromRatings())

    // A rolled-back write leaves nothing behind.
    const before = await fromRollup()
    await expect(
      ctx.db.transaction().execute(async (trx) => {
        await sql`update rating set counted = false`.execute(trx)
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    expect(await fromRollup()).toEqual(before)
  })
})
