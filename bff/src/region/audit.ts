import { AUDIT_ACTION_LABELS, type AuditPage, type AuditQuerySchema, maskIdNumber, maskPhone } from '@linli/shared'
import type { z } from 'zod'
import { peopleByIds } from '../auth/residents'
import { maskName } from '../booking/rules'
import { localMoment } from '../calendar/local-time'
import type { Deps } from '../deps'
import { decodeCursor, pageFrom } from '../http/cursor'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { listAudit } from '../platform/audit'
import { communitiesByIds, communityIdsOnStreets } from './service'

/**
 * A run of digits as long as a phone number or an ID number (the last may be X), in free text a
 * resident or staff member typed into a reason or a note.
 */
const NUMBER_IN_TEXT = /\d{6,}[\dXx]?/g

/** A detail value with phone and ID numbers in its texts masked (138****1234), at any depth. */
function maskValue(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(NUMBER_IN_TEXT, (n) => maskIdNumber(n))
  if (Array.isArray(value)) return value.map(maskValue)
  if (value !== null && typeof value === 'object') return maskDetail(value)
  return value
}

function maskDetail(detail: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(detail).map(([k, v]) => [k, maskValue(v)]))
}

/** Who acted, masked; an account deleted since is named so, not shown as the system. */
function maskedActor(person: { name: string; phone: string | null } | undefined) {
  if (!person) return { name: '已注销的用户', phone: null }
  return { name: maskName(person.name), phone: person.phone === null ? null : maskPhone(person.phone) }
}

/**
 * 审计日志 for a street admin: who did what and when in the street's communities (or one of
 * them), newest first, a page at a time. Names and phones are masked (GB/T 35273); the log is
 * read-only, as the table itself enforces.
 */
export async function streetAudit(deps: Deps, auth: Auth, query: z.output<typeof AuditQuerySchema>): Promise<AuditPage> {
  const streetIds = auth.grants.filter((g) => g.role === 'street_admin' && g.streetId).map((g) => g.streetId as string)
  if (streetIds.length === 0) throw new AppError('FORBIDDEN')
  const after = query.cursor ? decodeCursor(query.cursor, 'instant') : undefined
  const reach = await communityIdsOnStreets(deps.db, streetIds)
  if (query.communityId && !reach.includes(query.communityId)) throw new AppError('FORBIDDEN')
  const communityIds = query.communityId ? [query.communityId] : reach
  if (communityIds.length === 0) return { items: [], nextCursor: null }
  const page = pageFrom(await listAudit(deps.db, { communityIds, after, limit: query.limit + 1 }), query.limit, (r) => ({ key: r.at, id: r.id }))
  const [communities, people] = await Promise.all([
    communitiesByIds(deps.db, page.rows.flatMap((r) => (r.community_id ? [r.community_id] : []))),
    peopleByIds(deps.db, deps.cipher, page.rows.flatMap((r) => (r.actor_user_id ? [r.actor_user_id] : []))),
  ])
  const items = page.rows.flatMap((r) => {
    const community = r.community_id ? communities.get(r.community_id) : undefined
    if (!community) return []
    return [
      {
        id: r.id,
        at: r.at.toISOString(),
        atLocal: localMoment(r.at, community.timezone),
        communityName: community.name,
        actor: r.actor_user_id ? maskedActor(people.get(r.actor_user_id)) : null,
        action: r.action,
        actionLabel: AUDIT_ACTION_LABELS[r.action] ?? r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        detail: maskDetail(r.detail),
      },
    ]
  })
  return { items, nextCursor: page.nextCursor }
}
