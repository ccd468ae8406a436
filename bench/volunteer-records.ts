/**
 * 志愿服务 records in `npm run bench` (issue 12 Speed): a volunteer's records first page and totals
 * (GET /volunteer/me/records) with ten years of history (3,000 records, GB/T 40143 keeps ten years)
 * and with 10 records. Each is a rate against the one-query server (run.ts divides by it); the
 * answer is the ratio ten years ÷ ten records, which O(answer) keeps near 1 (target ≥ 0.8): totals
 * come from the rollup, the page from the (user, service date) index. Both read a page of 10, so
 * the two answers differ only in the rollup rows (4 against 44).
 */
import { sql } from 'kysely'
import { sealPerson } from '../bff/src/auth/sealed'
import { type FieldCipher, hashToken, newToken } from '../bff/src/platform/crypto'
import type { App, BenchContext } from './context'

const TEN_YEARS = 3000
const FEW = 10


type Ctx = Pick<BenchContext, 'app' | 'db' | 'cipher' | 'communityId' | 'throughput'>

export interface VolunteerRecordsBench {
  rows: { name: string; rate: number; baseline: 'one-query server'; target: number }[]
  /** Rate with ten years ÷ rate with 10 records (O(answer): ≥ 0.8). */
  ratio: number
  records: { tenYears: number; few: number }
}

/** A registered volunteer with a session (as registration leaves her). */
async function volunteer(ctx: Ctx, tag: string): Promise<{ id: string; token: string }> {
  const user = await ctx.db
    .insertInto('app_user')
    .values({ ...sealPerson(ctx.cipher, { name: `记录${tag}`, birthDate: '1970-01-01' }), community_id: ctx.communityId, wx_openid: null, phone_hash: null, phone_enc: null, demo_persona: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  await ctx.db.insertInto('volunteer_profile').values({ user_id: user.id, community_id: ctx.communityId }).execute()
  const idNumber = `33010619700101${tag.padStart(4, '0').slice(-4)}`
  await ctx.db
    .insertInto('volunteer')
    .values({
      user_id: user.id,
      community_id: ctx.communityId,
      volunteer_no: `BR${tag}${Date.now().toString(36)}`,
      name_enc: ctx.cipher.encrypt(`记录${tag}`),
      id_number_enc: ctx.cipher.encrypt(idNumber),
      id_number_hash: ctx.cipher.lookupHash(`id:records:${tag}:${idNumber}`),
      id_masked: `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`,
      birth_date_enc: ctx.cipher.encrypt('1970-01-01'),
      phone_enc: ctx.cipher.encrypt('13800000000'),
      id_consent_at: new Date(),
    })
    .execute()
  const token = newToken()
  await ctx.db.insertInto('session').values({ user_id: user.id, token_hash: hashToken(token), channel: 'demo', expires_at: new Date(Date.now() + 3600_000), revoked_at: null, wx_session_key_enc: null }).execute()
  return { id: user.id, token }
}

/**
 * `n` confirmed records of hers, one a day or so back over ten years, and the rollup they make:
 * written in SQL as scenery (what confirmations over ten years leave), by `staffId`.
 */
async function history(ctx: Ctx, userId: string, staffId: string, activityId: string, n: number): Promise<void> {
  await sql`
    insert into volunteer_record (user_id, community_id, activity_id, shift_id, category, service_date, checked_in_at, checked_out_at, minutes, status, confirmed_by, confirmed_at)
    select ${userId}, ${ctx.communityId}, ${activityId}, null,
           (array['elder_care','tutoring','environment','culture_sports'])[1 + i % 4],
           (current_date - (i * 1.2)::int), now() - make_interval(days => (i * 1.2)::int), now() - make_interval(days => (i * 1.2)::int) + interval '2 hours', 120,
           'confirmed', ${staffId}, now() - make_interval(days => (i * 1.2)::int)
      from generate_series(1, ${n}) as i`.execute(ctx.db)
  await sql`
    insert into volunteer_hours_rollup (user_id, year, category, minutes, records)
    select user_id, extract(year from service_date)::int, category, sum(minutes), count(*)
      from volunteer_record where user_id = ${userId} group by 1, 2, 3`.execute(ctx.db)
}

export async function benchVolunteerRecords(ctx: Ctx): Promise<VolunteerRecordsBench> {
  const staff = await ctx.db
    .insertInto('app_user')
    .values({ ...sealPerson(ctx.cipher, { name: '确认人', birthDate: '1980-01-01' }), community_id: ctx.communityId, wx_openid: null, phone_hash: null, phone_enc: null, demo_persona: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  const activity = await ctx.db
    .insertInto('volunteer_activity')
    .values({
      community_id: ctx.communityId,
      team_id: null,
      kind: 'activity',
      title: '社区志愿服务（压测历史）',
      content: '十年服务记录。',
      category: 'elder_care',
      place: '桂花社区',
      headcount: 10,
      how_to_sign_up: '在“邻里”小程序报名',
      status: 'finished',
      created_by: staff.id,
      published_by: staff.id,
      published_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const veteran = await volunteer(ctx, '1')
  const newcomer = await volunteer(ctx, '2')
  await history(ctx, veteran.id, staff.id, activity.id, TEN_YEARS)
  await history(ctx, newcomer.id, staff.id, activity.id, FEW)
  await sql`analyze volunteer_record`.execute(ctx.db)
  const read = (token: string) => () => ctx.app.request(`/api/v1/volunteer/me/records?limit=${FEW}`, { headers: { authorization: `Bearer ${token}` } })
  const check = await read(veteran.token)()
  if (check.status !== 200) throw new Error(`records: HTTP ${check.status} ${await check.text()}`)
  await ctx.throughput(read(newcomer.token))
  const few = await ctx.throughput(read(newcomer.token))
  const tenYears = await ctx.throughput(read(veteran.token))
  return {
    rows: [
      { name: `volunteer records + totals, ${FEW} records`, rate: few, baseline: 'one-query server', target: 0.3 },
      { name: `volunteer records + totals, ten years (${TEN_YEARS.toLocaleString('en')} records)`, rate: tenYears, baseline: 'one-query server', target: 0.3 },
    ],
    ratio: tenYears / few,
    records: { tenYears: TEN_YEARS, few: FEW },
  }
}
