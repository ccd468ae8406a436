import type {
  Category,
  ServiceDetail,
  ServiceListQuerySchema,
  ServicePage,
  ServiceStatusChange,
  ServiceSummary,
} from '@linli/shared'
import type { z } from 'zod'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import type { Auth } from '../http/env'
import { decodeCursor, pageFrom } from '../http/cursor'
import { AppError } from '../http/errors'
import { writeAudit } from '../platform/audit'
import { serviceSatisfaction } from '../rating/stats'
import { assertCanManageCommunity } from '../region/access'
import { findCommunityById } from '../region/service'
import { searchTerms } from './categories'
import * as repo from './repository'
import { latestVersion } from './service-change-repository'

export async function listCategories(deps: Deps): Promise<{ items: Category[] }> {
  return { items: await repo.listCategories(deps.db) }
}

/** `satisfaction` comes from rating, which owns the ratings (DESIGN.md: no domain reads another's tables). */
function toSummary(row: repo.ServiceWithNames, satisfaction: ServiceSummary['satisfaction'] | undefined): ServiceSummary {
  return {
    id: row.id,
    communityId: row.community_id,
    name: row.name,
    summary: row.summary,
    categoryId: row.category_id,
    categoryName: row.category_name,
    priceKind: row.price_kind,
    providerName: row.provider_name,
    facilityName: row.facility_name,
    eligibility: {
      minAge: row.min_age,
      childMinAge: row.child_min_age,
      childMaxAge: row.child_max_age,
      residentsOnly: row.residents_only,
    },
    featured: row.featured,
    status: row.status,
    satisfaction: satisfaction ?? { ratings: 0, rate: null },
  }
}

/**
 * A community's service inventory (服务清单).
 * 1. Only services in operation; paused ones are reachable by their link but not listed.
 * 2. `eligible=true` needs a signed-in resident and keeps what they may use (residence, minimum age).
 * 3. A search understands everyday words through each category's synonyms (see `searchTerms`).
 */
export async function listServices(
  deps: Deps,
  auth: Auth | null,
  communityId: string,
  query: z.output<typeof ServiceListQuerySchema>,
): Promise<ServicePage> {
  if (!(await findCommunityById(deps.db, communityId))) throw new AppError('COMMUNITY_NOT_FOUND')
  // 2.
  if (query.eligible && !auth) throw new AppError('UNAUTHENTICATED', { message: '登录后才能筛选"我可以用的服务"' })
  const after = query.cursor ? decodeCursor(query.cursor, 'integer') : undefined
  const rows = await repo.listServices(deps.db, {
    communityId,
    categoryId: query.category,
    // 3.
    terms: query.q ? searchTerms(query.q) : undefined,
    featured: query.featured,
    eligibleFor: query.eligible && auth ? { communityId: auth.communityId, birthDate: auth.birthDate } : undefined,
    after: after && { sortOrder: after.key, id: after.id },
    limit: query.limit + 1,
  })
  const page = pageFrom(rows, query.limit, (r) => ({ key: r.sort_order, id: r.id }))
  const satisfaction = await serviceSatisfaction(deps.db, page.rows.map((r) => r.id))
  return { items: page.rows.map((r) => toSummary(r, satisfaction.get(r.id))), nextCursor: page.nextCursor }
}

/** A service with its category's and provider's names, or undefined: what booking reads of the catalogue. */
export function findServiceById(db: Db, id: string) {
  return repo.findServiceById(db, id)
}

export async function getService(deps: Deps, id: string): Promise<ServiceDetail> {
  const row = await repo.findServiceById(deps.db, id)
  if (!row) throw new AppError('SERVICE_NOT_FOUND')
  const [satisfaction, latest] = await Promise.all([serviceSatisfaction(deps.db, [row.id]), latestVersion(deps.db, row.id)])
  return {
    ...toSummary(row, satisfaction.get(row.id)),
    description: row.description,
    // 「因居民协商调整」: the newest change a 协商结果 made (its topic as titled when applied).
    adjustedByConsultation: latest ? { topicId: latest.topic_id, topicTitle: latest.topic_title, version: latest.version } : null,
    priceNote: row.price_note,
    subsidyNote: row.subsidy_note,
    communityName: row.community_name,
    facility:
      row.facility_name !== null
        ? {
            name: row.facility_name,
            address: row.facility_address ?? '',
            openingHours: row.facility_opening_hours ?? '',
            phone: row.facility_phone,
          }
        : null,
    provider:
      row.provider_name !== null ? { name: row.provider_name, kind: row.provider_kind ?? '', phone: row.provider_phone } : null,
  }
}

/**
 * Staff pause or resume a service of their community (e.g. the canteen under repair).
 * 1. Staff of the service's community, or the street admin over it.
 * 2. The change and its reason go to the audit log, in the same transaction.
 */
export async function changeServiceStatus(
  deps: Deps,
  auth: Auth,
  serviceId: string,
  change: ServiceStatusChange,
  requestId: string,
): Promise<ServiceDetail> {
  const service = await repo.findServiceById(deps.db, serviceId)
  if (!service) throw new AppError('SERVICE_NOT_FOUND')
  // 1.
  assertCanManageCommunity(auth, { id: service.community_id, streetId: service.street_id })
  // 2.
  await inTransaction(deps.db, async (trx) => {
    await repo.updateServiceStatus(trx, serviceId, change.status)
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: service.community_id,
      action: 'service.status_changed',
      targetType: 'service',
      targetId: serviceId,
      detail: { from: service.status, to: change.status, reason: change.reason },
      requestId,
    })
  })
  return getService(deps, serviceId)
}
