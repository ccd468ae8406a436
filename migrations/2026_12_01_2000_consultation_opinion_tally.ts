import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

/**
 * Issue 11 Speed: the opinions page and the minority check read a topic's per-stance counts from
 * one row (bff/src/consultation/opinion-tally-table.ts) instead of counting the opinions on every
 * read. A row trigger on the opinions keeps it, in the transaction of every write that makes an
 * opinion (not a reply) visible or not: a post, the report that sends it to review, staff's hide
 * and restore; whoever writes the table (the service, the demo, a test), the counters follow.
 * Concurrent writes to one topic queue on its counters' row, so the counts are exact. The latest
 * visible 反对 is looked up again (by the list's index) only when a 反对 is hidden or restored.
 * Backfilled from the opinions that are visible now.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('consultation_opinion_tally')
    .addColumn('topic_id', 'uuid', (c) => c.primaryKey().references('consultation_topic.id'))
    .addColumn('support', 'integer', (c) => c.notNull().defaultTo(0).check(sql`support >= 0`))
    .addColumn('oppose', 'integer', (c) => c.notNull().defaultTo(0).check(sql`oppose >= 0`))
    .addColumn('neutral', 'integer', (c) => c.notNull().defaultTo(0).check(sql`neutral >= 0`))
    .addColumn('oppose_latest_at', 'timestamptz')
    .execute()
  await sql`insert into consultation_opinion_tally (topic_id, support, oppose, neutral, oppose_latest_at)
    select topic_id,
      count(*) filter (where stance = 'support'),
      count(*) filter (where stance = 'oppose'),
      count(*) filter (where stance = 'neutral'),
      max(created_at) filter (where stance = 'oppose')
    from consultation_opinion
    where parent_id is null and status = 'visible'
    group by topic_id`.execute(db)
  await sql`create function consultation_opinion_tally() returns trigger language plpgsql as $$
    declare
      moved_topic uuid;
      moved_stance text;
      moved_at timestamptz;
      delta integer := 0;
    begin
      if tg_op = 'INSERT' then
        if new.parent_id is null and new.status = 'visible' then
          moved_topic := new.topic_id; moved_stance := new.stance; moved_at := new.created_at; delta := 1;
        end if;
      elsif tg_op = 'DELETE' then
        if old.parent_id is null and old.status = 'visible' then
          moved_topic := old.topic_id; moved_stance := old.stance; delta := -1;
        end if;
      elsif new.parent_id is null and (old.status = 'visible') <> (new.status = 'visible') then
        moved_topic := new.topic_id; moved_stance := new.stance; delta := case when new.status = 'visible' then 1 else -1 end;
      end if;
      if delta = 0 or moved_stance is null then
        return null;
      end if;
      insert into consultation_opinion_tally as t (topic_id, support, oppose, neutral, oppose_latest_at)
      values (moved_topic, greatest(delta, 0) * (moved_stance = 'support')::int, greatest(delta, 0) * (moved_stance = 'oppose')::int,
        greatest(delta, 0) * (moved_stance = 'neutral')::int, case when moved_stance = 'oppose' then moved_at end)
      on conflict (topic_id) do update set
        support = t.support + delta * (moved_stance = 'support')::int,
        oppose = t.oppose + delta * (moved_stance = 'oppose')::int,
        neutral = t.neutral + delta * (moved_stance = 'neutral')::int,
        oppose_latest_at = case
          when moved_stance <> 'oppose' then t.oppose_latest_at
          when tg_op = 'INSERT' then greatest(t.oppose_latest_at, moved_at)
          else (select max(o.created_at) from consultation_opinion o
                where o.topic_id = moved_topic and o.parent_id is null and o.stance = 'oppose' and o.status = 'visible')
        end;
      return null;
    end
  $$`.execute(db)
  await sql`create trigger consultation_opinion_tally after insert or delete or update of status on consultation_opinion
    for each row execute function consultation_opinion_tally()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger consultation_opinion_tally on consultation_opinion`.execute(db)
  await sql`drop function consultation_opinion_tally()`.execute(db)
  await db.schema.dropTable('consultation_opinion_tally').execute()
}
