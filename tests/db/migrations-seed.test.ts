import { sql } from 'kysely'
import { createDb } from '../../bff/src/db/database'
import { migrateDown, migrateToLatest } from '../../bff/src/run/migrator'
import { DEMO_SERVICES } from '../../bff/src/demo/data'
import { seedDemoHistory } from '../../bff/src/demo/history'
import { seedDemo } from '../../bff/src/demo/seed'
import { FieldCipher } from '../../bff/src/platform/crypto'
import { createFreshDatabase } from '../support/context'

describe('migrations and demo data', () => {
  it('every migration goes down cleanly, and latest brings them back', async () => {
    const fresh = await createFreshDatabase()
    const db = createDb(fresh.url, 2)
    try {
      const tables = async () =>
        (await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name not like 'kysely_%'`.execute(db)).rows[0]?.n
      expect(await tables()).toBeGreaterThanOrEqual(15)
      // Each down step undoes one migration; all of them leave nothing behind. A fresh database holds
      // only the categories catalogue, which a down step would refuse to drop without force.
      while ((await migrateDown(db, { force: true })).length > 0);
      expect(await tables()).toBe(0)
      await migrateToLatest(db)
      expect(await tables()).toBeGreaterThanOrEqual(15)
    } finally {
      await db.destroy()
      await fresh.drop()
    }
  })

  it('seeds the demo district idempotently: twice gives the same rows', async () => {
    const fresh = await createFreshDatabase()
    const db = createDb(fresh.url, 2)
    const cipher = new FieldCipher(Buffer.alloc(32, 1))
    try {
      await seedDemo(db, cipher)
      const count = async () => ({
        communities: (await db.selectFrom('community').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
        services: (await db.selectFrom('service').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
        users: (await db.selectFrom('app_user').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
        roles: (await db.selectFrom('user_role').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
      })
      const first = await count()
      await seedDemo(db, cipher)
      expect(await count()).toEqual(first)
      expect(Number(first.services)).toBe(DEMO_SERVICES.length)
      expect(Number(first.services)).toBeGreaterThanOrEqual(25)
      expect(Number(first.communities)).toBeGreaterThanOrEqual(3)
      const rural = await db.selectFrom('community').select('name').where('kind', '=', 'rural').execute()
      expect(rural.length).toBeGreaterThanOrEqual(1)
      const categories = await db.selectFrom('service').select('category_id').distinct().execute()
      expect(categories.length).toBeGreaterThanOrEqual(9)

      // Three months of served bookings and ratings, written once, consistent with the seat counts.
      const now = new Date('2026-11-22T04:00:00Z')
      await seedDemoHistory(db, cipher, now)
      const ratings = Number((await db.selectFrom('rating').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
      expect(ratings).toBeGreaterThan(50)
      await seedDemoHistory(db, cipher, now)
      expect(Number((await db.selectFrom('rating').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(ratings)
      const oversold = await db.selectFrom('slot').select('id').whereRef('booked', '>', 'capacity').execute()
      expect(oversold).toEqual([])
      const poor = await db.selectFrom('rating').select('id').where('level', '<=', 2).execute()
      const cases = await db.selectFrom('rectification_case').select('id').execute()
      expect(cases.length).toBe(poor.length)

      // 差评 read as if written about the service they are under: no 饭菜凉了 under 家庭医生.
      const rated = await db
        .selectFrom('rating')
        .innerJoin('service', 'service.id', 'rating.service_id')
        .select(['service.name', 'rating.level', 'rating.comment', 'rating.tags'])
        .execute()
      const belongsTo: [RegExp, RegExp][] = [
        [/饭|菜|餐|打饭|食堂/, /助餐/],
        [/律师|法院|起诉/, /法律/],
        [/医生|随访|血压|用药/, /医生/],
        [/孩子|作业|托管/, /托管/],
      ]
      const misplaced = rated.filter((r) =>
        belongsTo.some(([words, service]) => words.test(`${r.comment}${r.tags.join('')}`) && !service.test(r.name)),
      )
      expect(misplaced).toEqual([])
      const poorServices = new Set(rated.filter((r) => r.level <= 2 && r.comment !== '').map((r) => r.name))
      expect(poorServices.size).toBeGreaterThanOrEqual(3)
      const steps = await db.selectFrom('case_step').select('note').execute()
      expect(steps.filter((s) => /承接方/.test(s.note))).toEqual([])
    } finally {
      await db.destroy()
      await fresh.drop()
    }
  })
})
