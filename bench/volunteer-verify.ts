/**
 * 志愿服务证明 verification in `npm run bench` (issue 12 Speed: "a public read cached like the
 * catalogue, ≥ 1.0 of the one-query server"): the public GET by code over the app, and the same
 * GET with the ETag it was answered (304). The lead's run.ts measures the one-query server in the
 * same run and divides; each row names its baseline and target.
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { sealPerson } from '../bff/src/auth/sealed'
import type { FieldCipher } from '../bff/src/platform/crypto'
import { issueFor } from '../bff/src/volunteer/certificates'
import type { App, BenchContext } from './context'


export interface VerifyBenchRow {
  name: string
  rate: number
  baseline: 'one-query server'
  target: number
}

type Ctx = Pick<BenchContext, 'app' | 'db' | 'cipher' | 'communityId' | 'throughput'>

/** A volunteer with a year of confirmed hours and her certificate, written as the hours feature would leave them. */
async function certifiedVolunteer(ctx: Ctx): Promise<string> {
  const db = ctx.db
  const user = await db
    .insertInto('app_user')
    .values({ ...sealPerson(ctx.cipher, { name: '核验测试', birthDate: '1980-01-01' }), community_id: ctx.communityId, wx_openid: null, phone_hash: null, phone_enc: null, demo_persona: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  const idNumber = `330106198001010${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`
  await db
    .insertInto('volunteer')
    .values({
      user_id: user.id,
      community_id: ctx.communityId,
      volunteer_no: `B${randomUUID().slice(0, 8)}`,
      name_enc: ctx.cipher.encrypt('核验测试'),
      id_number_enc: ctx.cipher.encrypt(idNumber),
      id_number_hash: ctx.cipher.lookupHash(`id:${idNumber}:${randomUUID()}`),
      id_masked: `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`,
      birth_date_enc: ctx.cipher.encrypt('1980-01-01'),
      phone_enc: ctx.cipher.encrypt('13800000000'),
      id_consent_at: new Date(),
    })
    .execute()
  const activity = await db
    .insertInto('volunteer_activity')
    .values({
      community_id: ctx.communityId,
      team_id: null,
      kind: 'activity',
      title: '关爱独居老人上门探访',
      content: '上门探访',
      category: 'elder_care',
      place: '党群服务中心',
      training: null,
      headcount: 5,
      how_to_sign_up: '小程序报名',
      status: 'finished',
      cancel_reason: null,
      slot_id: null,
      created_by: user.id,
      published_by: user.id,
      published_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await sql`insert into volunteer_record (user_id, community_id, activity_id, category, service_date, checked_in_at, checked_out_at, minutes, status)
    values (${user.id}, ${ctx.communityId}, ${activity.id}, 'elder_care', '2026-06-01', now(), now(), 180, 'confirmed')`.execute(db)
  await db.insertInto('volunteer_hours_rollup').values({ user_id: user.id, year: 2026, category: 'elder_care', minutes: 180, records: 1 }).execute()
  const certificate = await issueFor(db, ctx.cipher, user.id, null, new Date(), null)
  return certificate.code
}

export async function benchVolunteerVerify(ctx: Ctx): Promise<VerifyBenchRow[]> {
  const code = await certifiedVolunteer(ctx)
  const path = `/api/v1/public/volunteer/certificates/${code}`
  const first = await ctx.app.request(path)
  if (first.status !== 200) throw new Error(`verify: HTTP ${first.status} ${await first.text()}`)
  const etag = first.headers.get('etag') ?? ''
  const revalidated = await ctx.app.request(path, { headers: { 'if-none-match': etag } })
  if (revalidated.status !== 304) throw new Error(`verify with ETag: HTTP ${revalidated.status}`)
  await ctx.throughput(() => ctx.app.request(path))
  return [
    { name: 'certificate verify (public GET)', rate: await ctx.throughput(() => ctx.app.request(path)), baseline: 'one-query server', target: 1.0 },
    { name: 'certificate verify, ETag → 304', rate: await ctx.throughput(() => ctx.app.request(path, { headers: { 'if-none-match': etag } })), baseline: 'one-query server', target: 1.0 },
  ]
}
