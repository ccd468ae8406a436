import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

type Block = [from: string, to: string, kind: 'off' | 'working', name: string]

// Transcribed from the State Council's notices (see ../shared/REFERENCE.md "Working days in China").
// 休 = off: not a working day even on a weekday; 班 = working: a make-up working day (调休上班) even on a weekend.
const NOTICES: { year: number; source: string; blocks: Block[] }[] = [
  {
    year: 2025,
    source: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）',
    blocks: [
      ['2025-01-01', '2025-01-01', 'off', '元旦'],
      ['2025-01-26', '2025-01-26', 'working', '春节'],
      ['2025-01-28', '2025-02-04', 'off', '春节'],
      ['2025-02-08', '2025-02-08', 'working', '春节'],
      ['2025-04-04', '2025-04-06', 'off', '清明节'],
      ['2025-04-27', '2025-04-27', 'working', '劳动节'],
      ['2025-05-01', '2025-05-05', 'off', '劳动节'],
      ['2025-05-31', '2025-06-02', 'off', '端午节'],
      ['2025-09-28', '2025-09-28', 'working', '国庆节、中秋节'],
      ['2025-10-01', '2025-10-08', 'off', '国庆节、中秋节'],
      ['2025-10-11', '2025-10-11', 'working', '国庆节、中秋节'],
    ],
  },
  {
    year: 2026,
    source: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
    blocks: [
      ['2026-01-01', '2026-01-03', 'off', '元旦'],
      ['2026-01-04', '2026-01-04', 'working', '元旦'],
      ['2026-02-14', '2026-02-14', 'working', '春节'],
      ['2026-02-15', '2026-02-23', 'off', '春节'],
      ['2026-02-28', '2026-02-28', 'working', '春节'],
      ['2026-04-04', '2026-04-06', 'off', '清明节'],
      ['2026-05-01', '2026-05-05', 'off', '劳动节'],
      ['2026-05-09', '2026-05-09', 'working', '劳动节'],
      ['2026-06-19', '2026-06-21', 'off', '端午节'],
      ['2026-09-20', '2026-09-20', 'working', '国庆节'],
      ['2026-09-25', '2026-09-27', 'off', '中秋节'],
      ['2026-10-01', '2026-10-07', 'off', '国庆节'],
      ['2026-10-10', '2026-10-10', 'working', '国庆节'],
    ],
  },
]

function datesOf(from: string, to: string): string[] {
  const dates: string[] = []
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d = new Date(d.getTime() + 86_400_000)) {
    dates.push(d.toISOString().slice(0, 10))
  }
  return dates
}

export async function up(db: Kysely<any>): Promise<void> {
  // One row per loaded notice: a year without one falls back to weekends and the fixed-date statutory days.
  await db.schema
    .createTable('holiday_notice')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('loaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('loaded_by', 'uuid', (c) => c.references('app_user.id').onDelete('set null'))
    .execute()
  await db.schema
    .createTable('holiday_day')
    .addColumn('date', 'date', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull().references('holiday_notice.year').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('off', 'working')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addCheckConstraint('holiday_day_in_its_year', sql`extract(year from date) = year`)
    .execute()
  await sql`create index holiday_day_year_idx on holiday_day (year)`.execute(db)

  for (const notice of NOTICES) {
    await db.insertInto('holiday_notice').values({ year: notice.year, source: notice.source, loaded_by: null }).execute()
    await db
      .insertInto('holiday_day')
      .values(notice.blocks.flatMap(([from, to, kind, name]) => datesOf(from, to).map((date) => ({ date, year: notice.year, kind, name }))))
      .execute()
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('holiday_day').execute()
  await db.schema.dropTable('holiday_notice').execute()
}
