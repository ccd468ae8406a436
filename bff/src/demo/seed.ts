import * as auth from '../auth/repository'
import { sealPerson } from '../auth/sealed'
import * as booking from '../booking/repository'
import { upsertCategories } from '../catalog/categories'
import * as catalog from '../catalog/repository'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import * as region from '../region/repository'
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
 * Writes the demo district through each domain's repository (region's places, catalog's services,
 * booking's setups, auth's personas), so a change to a domain's tables changes its own file and
 * the demo with it. Idempotent: every row is upserted by its stable `code` (users by persona), so
 * running it again updates in place and duplicates nothing.
 */
export async function seedDemo(db: Db, cipher: FieldCipher): Promise<void> {
  await inTransaction(db, async (trx) => {
    await upsertCategories(trx)
    const districtId = await region.upsertDistrict(trx, DEMO_DISTRICT)
    const streetId = await region.upsertStreet(trx, { ...DEMO_STREET, district_id: districtId })
    const communityId = lookup(await region.upsertCommunities(trx, DEMO_COMMUNITIES.map((c) => ({ ...c, street_id: streetId }))))
    const facilityId = lookup(
      await catalog.upsertFacilities(
        trx,
        DEMO_FACILITIES.map((f) => ({
          code: f.code,
          community_id: communityId(f.community),
          name: f.name,
          kind: f.kind,
          address: f.address,
          opening_hours: f.openingHours,
          phone: f.phone,
        })),
      ),
    )
    const providerId = lookup(await catalog.upsertProviders(trx, DEMO_PROVIDERS.map((p) => ({ ...p, street_id: streetId }))))
    const services = await catalog.upsertServices(
      trx,
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

    for (const service of services) {
      const b = DEMO_BOOKINGS[service.code]
      if (!b) continue
      await booking.upsertSettings(trx, service.id, {
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
      })
      await booking.replaceRules(
        trx,
        service.id,
        b.days.map((weekday) => ({ service_id: service.id, community_id: service.community_id, weekday, start_time: b.start, end_time: b.end, capacity: b.capacity })),
      )
    }

    for (const persona of DEMO_PERSONAS) {
      const userId = await auth.upsertPersona(trx, {
        persona: persona.id,
        person: sealPerson(cipher, { name: persona.name, birthDate: persona.birthDate }),
        phoneHash: cipher.lookupHash(persona.phone),
        phoneEnc: cipher.encrypt(persona.phone),
        communityId: communityId(persona.communityCode),
      })
      const grant = persona.grant
      await auth.replaceRoleGrants(
        trx,
        userId,
        grant
          ? [
              {
                role: grant.role,
                community_id: grant.role === 'staff' ? communityId(grant.communityCode) : null,
                street_id: grant.role === 'street_admin' ? streetId : null,
                provider_id: grant.role === 'provider' ? providerId(grant.providerCode) : null,
              },
            ]
          : [],
      )
      if (persona.volunteer) await auth.addVolunteerProfile(trx, userId, communityId(persona.communityCode))
    }
  })
}

export function isEmpty(db: Db): Promise<boolean> {
  return region.hasCommunities(db).then((any) => !any)
}
