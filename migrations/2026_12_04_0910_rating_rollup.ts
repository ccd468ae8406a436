import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

/**
 * Monthly satisfaction figures kept as they are written (issue 13 item 3, docs/decisions/040): one
 * row per community, month, service, category and provider with its ratings (all of them), counted
 * ones, good (levels 3–5) and poor (1–2) among the counted. Statement triggers on `rating` add each
 * statement's new rows and take away its old ones, in the rating's own transaction, so the
 * dashboards read a few hundred rollup rows instead of every rating of their window.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table rating_rollup (
    community_id uuid not null,
    month date not null,
    service_id uuid not null,
    category_id text not null,
    provider_id uuid,
    rows integer not null,
    ratings integer not null,
    good integer not null,
    poor integer not null,
    constraint rating_rollup_key unique nulls not distinct (community_id, month, service_id, category_id, provider_id)
  )`.execute(db)
  await sql`create function rating_rollup_apply() returns trigger language plpgsql as $$
    begin
      if TG_OP in ('UPDATE', 'DELETE') then
        insert into rating_rollup as r (community_id, month, service_id, category_id, provider_id, rows, ratings, good, poor)
        select community_id, month, service_id, category_id, provider_id,
          -count(*), -count(*) filter (where counted), -count(*) filter (where counted and level >= 3), -count(*) filter (where counted and level <= 2)
        from old_rows group by community_id, month, service_id, category_id, provider_id
        on conflict on constraint rating_rollup_key do update
          set rows = r.rows + excluded.rows, ratings = r.ratings + excluded.ratings, good = r.good + excluded.good, poor = r.poor + excluded.poor;
      end if;
      if TG_OP in ('INSERT', 'UPDATE') then
        insert into rating_rollup as r (community_id, month, service_id, category_id, provider_id, rows, ratings, good, poor)
        select community_id, month, service_id, category_id, provider_id,
          count(*), count(*) filter (where counted), count(*) filter (where counted and level >= 3), count(*) filter (where counted and level <= 2)
        from new_rows group by community_id, month, service_id, category_id, provider_id
        on conflict on constraint rating_rollup_key do update
          set rows = r.rows + excluded.rows, ratings = r.ratings + excluded.ratings, good = r.good + excluded.good, poor = r.poor + excluded.poor;
      end if;
      return null;
    end $$`.execute(db)
  await sql`create trigger rating_rollup_insert after insert on rating referencing new table as new_rows for each statement execute function rating_rollup_apply()`.execute(db)
  await sql`create trigger rating_rollup_update after update on rating referencing old table as old_rows new table as new_rows for each statement execute function rating_rollup_apply()`.execute(db)
  await sql`create trigger rating_rollup_delete after delete on rating referencing old table as old_rows for each statement execute function rating_rollup_apply()`.execute(db)
  await sql`insert into rating_rollup (community_id, month, service_id, category_id, provider_id, rows, ratings, good, poor)
    select community_id, month, service_id, category_id, provider_id,
      count(*), count(*) filter (where counted), count(*) filter (where counted and level >= 3), count(*) filter (where counted and level <= 2)
    from rating group by community_id, month, service_id, category_id, provider_id`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['insert', 'update', 'delete']) await sql.raw(`drop trigger rating_rollup_${t} on rating`).execute(db)
  await sql`drop function rating_rollup_apply()`.execute(db)
  await sql`drop table rating_rollup`.execute(db)
}
