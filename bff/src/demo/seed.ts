import type { Db } from '../db/database'
import { upsertCategories } from '../catalog/categories'
import type { FieldCipher } from '../platform/crypto'
import { DEMO_BOOKINGS, DEMO_COMMUNITIES, DEMO_DISTRICT, DEMO_FACILITIES, DEMO_PROVIDERS, DEMO_SERVICES, DEMO_STREET } from './data'
import { DEMO_PERSONAS } from './personas'

function lookup(rows: { id: string; code: string }[]): (code: string) => string {
  const ids = new Map(rows.map((r) => [r.code, r.id]))
  return (code) => {
    const id = ids.get(code)
    if (!id) throw new Error(`demo data refers to unknown code ${code}`)
    return id
  }
}

/**
 * Writes the demo district. Idempotent: every row is upserted by its stable `code` (users by
 * persona), so running it again updates in place and duplicates nothing.
 */
export async function seedDemo(db: Db, cipher: FieldCipher): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await upsertCategories(trx)
    const district = await trx
      .insertInto('district')
      .values(DEMO_DISTRICT)
      .onConflict((oc) => oc.column('code').doUpdateSet({ name: DEMO_DISTRICT.name }))
      .returning(['id', 'code'])
      .executeTakeFirstOrThrow()
    const street = await trx
      .insertInto('street')
      .values({ ...DEMO_STREET, district_id: district.id })
      .onConflict((oc) => oc.column('code').doUpdateSet({ name: DEMO_STREET.name, district_id: district.id }))
      .returning(['id', 'code'])
      .executeTakeFirstOrThrow()

    const communityId = lookup(
      await trx
        .insertInto('community')
        .values(DEMO_COMMUNITIES.map((c) => ({ ...c, street_id: street.id })))
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            kind: eb.ref('excluded.kind'),
            address: eb.ref('excluded.address'),
            phone: eb.ref('excluded.phone'),
          })),
        )
        .returning(['id', 'code'])
        .execute(),
    )

    const facilityId = lookup(
      await trx
        .insertInto('facility')
        .values(
          DEMO_FACILITIES.map((f) => ({
            code: f.code,
            community_id: communityId(f.community),
            name: f.name,
            kind: f.kind,
            address: f.address,
            opening_hours: f.openingHours,
            phone: f.phone,
          })),
        )
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            kind: eb.ref('excluded.kind'),
            address: eb.ref('excluded.address'),
            opening_hours: eb.ref('excluded.opening_hours'),
            phone: eb.ref('excluded.phone'),
          })),
        )
        .returning(['id', 'code'])
        .execute(),
    )

    const providerId = lookup(
      await trx
        .insertInto('provider')
        .values(DEMO_PROVIDERS.map((p) => ({ ...p, street_id: street.id })))
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), kind: eb.ref('excluded.kind'), phone: eb.ref('excluded.phone') })),
        )
        .returning(['id', 'code'])
        .execute(),
    )

    const serviceIds = await trx
      .insertInto('service')
      .values(
        DEMO_SERVICES.map((s, i) => ({
          code: s.code,
          community_id: communityId(s.community),
          category_id: s.category,
          name: s.name,
          summary: s.summary,
          description: s.description,
          provider_id: s.provider ? providerId(s.provider) : null,
          facility_id: s.facility ? facilityId(s.facility) : null,
          price_kind: s.priceKind,
          price_note: s.priceNote ?? null,
          subsidy_note: s.subsidyNote ?? null,
          min_age: s.minAge ?? null,
          child_min_age: s.childAge?.[0] ?? null,
          child_max_age: s.childAge?.[1] ?? null,
          residents_only: s.residentsOnly ?? false,
          featured: s.featured ?? false,
          sort_order: (i + 1) * 10,
        })),
      )
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          category_id: eb.ref('excluded.category_id'),
          name: eb.ref('excluded.name'),
          summary: eb.ref('excluded.summary'),
          description: eb.ref('excluded.description'),
          provider_id: eb.ref('excluded.provider_id'),
          facility_id: eb.ref('excluded.facility_id'),
          price_kind: eb.ref('excluded.price_kind'),
          price_note: eb.ref('excluded.price_note'),
          subsidy_note: eb.ref('excluded.subsidy_note'),
          min_age: eb.ref('excluded.min_age'),
          child_min_age: eb.ref('excluded.child_min_age'),
          child_max_age: eb.ref('excluded.child_max_age'),
          residents_only: eb.ref('excluded.residents_only'),
          featured: eb.ref('excluded.featured'),
          sort_order: eb.ref('excluded.sort_order'),
        })),
      )
      .returning(['id', 'code', 'community_id'])
      .execute()

    for (const service of serviceIds) {
      const b = DEMO_BOOKINGS[service.code]
      if (!b) continue
      const settings = {
        community_id: service.community_id,
        mode: b.mode,
        slot_minutes: b.slotMinutes ?? null,
        min_notice_minutes: b.minNoticeMinutes ?? 60,
        max_days_ahead: b.maxDaysAhead ?? 7,
        cancel_before_minutes: b.cancelBeforeMinutes ?? null,
        cancel_by_local_time: b.cancelByLocalTime ?? null,
        max_open_per_person: b.maxOpenPerPerson ?? null,
        max_per_day_per_person: b.maxPerDayPerPerson ?? null,
        requires_confirmation: b.requiresConfirmation ?? false,
        reminder_lead_minutes: b.reminderLeadMinutes ?? 120,
        questions: JSON.stringify(b.questions ?? []),
      }
      await trx
        .insertInto('booking_settings')
        .values({ service_id: service.id, ...settings })
        .onConflict((oc) => oc.column('service_id').doUpdateSet(settings))
        .execute()
      await trx.deleteFrom('availability_rule').where('service_id', '=', service.id).execute()
      await trx
        .insertInto('availability_rule')
        .values(
          b.days.map((weekday) => ({
            service_id: service.id,
            community_id: service.community_id,
            weekday,
            start_time: b.start,
            end_time: b.end,
            capacity: b.capacity,
          })),
        )
        .execute()
    }

    for (const persona of DEMO_PERSONAS) {
      const phoneHash = cipher.lookupHash(persona.phone)
      const user = await trx
        .insertInto('app_user')
        .values({
          display_name: persona.name,
          demo_persona: persona.id,
          phone_hash: phoneHash,
          phone_enc: cipher.encrypt(persona.phone),
          birth_date: persona.birthDate,
          community_id: communityId(persona.communityCode),
          wx_openid: null,
        })
        .onConflict((oc) =>
          oc.column('demo_persona').doUpdateSet({
            display_name: persona.name,
            birth_date: persona.birthDate,
            community_id: communityId(persona.communityCode),
          }),
        )
        .returning('id')
        .executeTakeFirstOrThrow()
      await trx.deleteFrom('user_role').where('user_id', '=', user.id).execute()
      const grant = persona.grant
      if (grant) {
        await trx
          .insertInto('user_role')
          .values({
            user_id: user.id,
            role: grant.role,
            community_id: grant.role === 'staff' ? communityId(grant.communityCode) : null,
            street_id: grant.role === 'street_admin' ? street.id : null,
            provider_id: grant.role === 'provider' ? providerId(grant.providerCode) : null,
          })
          .execute()
      }
      if (persona.volunteer) {
        await trx
          .insertInto('volunteer_profile')
          .values({ user_id: user.id, community_id: communityId(persona.communityCode) })
          .onConflict((oc) => oc.column('user_id').doNothing())
          .execute()
      }
    }
  })
}

export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('community').select('id').limit(1).executeTakeFirst()
  return row === undefined
}
