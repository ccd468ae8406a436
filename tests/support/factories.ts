import { randomBytes } from 'node:crypto'
import type { CategoryId } from '@linli/shared'
import type { Db } from '../../bff/src/db/database'
import { sealPerson } from '../../bff/src/auth/sealed'
import { loadConfig } from '../../bff/src/config'
import { FieldCipher, hashToken, newToken } from '../../bff/src/platform/crypto'

const uniq = () => randomBytes(4).toString('hex')

/** The key the test app runs with (tests/support/context.ts): names and birth dates are stored as it stores them. */
export const TEST_CIPHER = new FieldCipher(loadConfig({ NODE_ENV: 'test' }).dataKey)

export async function createStreet(db: Db, name = '测试街道') {
  const district = await db
    .insertInto('district')
    .values({ code: `d-${uniq()}`, name: '测试区' })
    .returning('id')
    .executeTakeFirstOrThrow()
  return db
    .insertInto('street')
    .values({ code: `s-${uniq()}`, name, district_id: district.id })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function createCommunity(db: Db, values: { streetId: string; name?: string; kind?: 'urban' | 'rural'; timezone?: string }) {
  return db
    .insertInto('community')
    .values({
      code: `c-${uniq()}`,
      street_id: values.streetId,
      name: values.name ?? `测试社区${uniq()}`,
      kind: values.kind ?? 'urban',
      address: '测试路1号',
      phone: null,
      ...(values.timezone ? { timezone: values.timezone } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function createFacility(db: Db, communityId: string, name = '党群服务中心') {
  return db
    .insertInto('facility')
    .values({ code: `f-${uniq()}`, community_id: communityId, name, kind: '党群服务中心', address: '测试路1号', opening_hours: '8:30–17:30', phone: null })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function createProvider(db: Db, streetId: string, name = '测试律师事务所') {
  return db
    .insertInto('provider')
    .values({ code: `p-${uniq()}`, street_id: streetId, name, kind: '社区法律顾问', phone: null })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function createService(
  db: Db,
  values: {
    communityId: string
    name?: string
    summary?: string
    category?: CategoryId
    minAge?: number
    residentsOnly?: boolean
    featured?: boolean
    status?: 'active' | 'paused'
    sortOrder?: number
    providerId?: string
    facilityId?: string
  },
) {
  return db
    .insertInto('service')
    .values({
      code: `sv-${uniq()}`,
      community_id: values.communityId,
      category_id: values.category ?? 'elder_care',
      name: values.name ?? '测试服务',
      summary: values.summary ?? '简介',
      description: '详细说明',
      provider_id: values.providerId ?? null,
      facility_id: values.facilityId ?? null,
      price_kind: 'free',
      price_note: null,
      subsidy_note: null,
      min_age: values.minAge ?? null,
      child_min_age: null,
      child_max_age: null,
      residents_only: values.residentsOnly ?? false,
      featured: values.featured ?? false,
      status: values.status ?? 'active',
      sort_order: values.sortOrder ?? 0,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function createUser(
  db: Db,
  values: {
    name?: string
    birthDate?: string | null
    communityId?: string | null
    grant?: { role: 'staff' | 'grid_worker'; communityId: string } | { role: 'street_admin'; streetId: string } | { role: 'provider'; providerId: string }
    volunteerCommunityId?: string
    /** A phone to log in with by SMS code, stored as the app stores it (hashed for lookup, encrypted). */
    phone?: { number: string; cipher: FieldCipher }
  } = {},
) {
  const user = await db
    .insertInto('app_user')
    .values({
      ...sealPerson(TEST_CIPHER, { name: values.name ?? '测试居民', birthDate: values.birthDate ?? null }),
      community_id: values.communityId ?? null,
      wx_openid: null,
      phone_hash: values.phone ? values.phone.cipher.lookupHash(values.phone.number) : null,
      phone_enc: values.phone ? values.phone.cipher.encrypt(values.phone.number) : null,
      demo_persona: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  const g = values.grant
  if (g) {
    await db
      .insertInto('user_role')
      .values({
        user_id: user.id,
        role: g.role,
        community_id: g.role === 'staff' || g.role === 'grid_worker' ? g.communityId : null,
        street_id: g.role === 'street_admin' ? g.streetId : null,
        provider_id: g.role === 'provider' ? g.providerId : null,
      })
      .execute()
  }
  if (values.volunteerCommunityId) {
    await db.insertInto('volunteer_profile').values({ user_id: user.id, community_id: values.volunteerCommunityId }).execute()
  }
  return user
}

/** A session token for a user, as a login would make it. */
export async function sessionFor(db: Db, userId: string, expiresAt = new Date(Date.now() + 3600_000)): Promise<string> {
  const token = newToken()
  await db
    .insertInto('session')
    .values({ user_id: userId, token_hash: hashToken(token), channel: 'sms', expires_at: expiresAt, revoked_at: null, wx_session_key_enc: null })
    .execute()
  return token
}

export interface BookableOptions {
  communityId: string
  name?: string
  category?: CategoryId
  minAge?: number
  childAge?: [number, number]
  residentsOnly?: boolean
  providerId?: string
  mode?: 'timed' | 'session'
  slotMinutes?: number | null
  rules?: { weekday: number; start: string; end: string; capacity: number }[]
  minNoticeMinutes?: number
  maxDaysAhead?: number
  cancelBeforeMinutes?: number | null
  cancelByLocalTime?: string | null
  maxOpenPerPerson?: number | null
  maxPerDayPerPerson?: number | null
  requiresConfirmation?: boolean
  questions?: { id: string; label: string; required: boolean; maxLength: number }[]
}

/** A service with booking settings and weekly rules (default: every day 11:30–12:30, 10 seats). */
export async function createBookableService(db: Db, o: BookableOptions) {
  const service = await createService(db, {
    communityId: o.communityId,
    name: o.name ?? '老年助餐',
    category: o.category,
    minAge: o.minAge,
    residentsOnly: o.residentsOnly,
    providerId: o.providerId,
  })
  if (o.childAge) {
    await db.updateTable('service').set({ child_min_age: o.childAge[0], child_max_age: o.childAge[1] }).where('id', '=', service.id).execute()
  }
  await db
    .insertInto('booking_settings')
    .values({
      service_id: service.id,
      community_id: o.communityId,
      mode: o.mode ?? 'session',
      slot_minutes: o.slotMinutes ?? null,
      min_notice_minutes: o.minNoticeMinutes ?? 60,
      max_days_ahead: o.maxDaysAhead ?? 7,
      cancel_before_minutes: o.cancelBeforeMinutes ?? null,
      cancel_by_local_time: o.cancelByLocalTime ?? null,
      max_open_per_person: o.maxOpenPerPerson ?? null,
      max_per_day_per_person: o.maxPerDayPerPerson ?? null,
      requires_confirmation: o.requiresConfirmation ?? false,
      questions: JSON.stringify(o.questions ?? []),
    })
    .execute()
  const rules = o.rules ?? [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '11:30', end: '12:30', capacity: 10 }))
  await db
    .insertInto('availability_rule')
    .values(rules.map((r) => ({ service_id: service.id, community_id: o.communityId, weekday: r.weekday, start_time: r.start, end_time: r.end, capacity: r.capacity })))
    .execute()
  return service
}
