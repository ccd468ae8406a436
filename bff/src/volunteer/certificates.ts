import { createHash, randomInt } from 'node:crypto'
import {
  CERTIFICATE_CODE_ALPHABET,
  CERTIFICATE_CODE_LENGTH,
  type Certificate,
  type CertificateApply,
  type CertificateList,
  type CertificateVerification,
  VOLUNTEER_SKILL_LABELS,
  type VolunteerSkill,
  formatCertificateCode,
} from '@linli/shared'
import qrcode from 'qrcode-generator'
import { maskName } from '../booking/rules'
import { localDate, localMoment } from '../calendar/local-time'
import { communityZones } from '../calendar/service'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { ChangeFeed } from '../cache/changes'
import type { Deps } from '../deps'
import { decodeCursor, pageFrom } from '../http/cursor'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { enqueue } from '../notify/outbox'
import { writeAudit } from '../platform/audit'
import type { FieldCipher } from '../platform/crypto'
import { consumeRate } from '../platform/rate-limit'
import { canManageCommunity } from '../region/access'
import { communitiesByIds, communityIdsOnStreets, findCommunityById } from '../region/service'
import * as repo from './certificate-repository'
import type { CertificateContent, CertificateRow } from './certificate-table'
import { VOLUNTEER_MESSAGES } from './messages'
import * as core from './repository'
import { hoursOf } from './star-levels'

/**
 * 志愿服务证明 (issue 12 item 4; 《志愿服务记录与证明出具办法》; decision 032). Issued at once on the
 * volunteer's request, free: the hours in it were confirmed by the organiser who recorded them
 * (谁记录谁证明), so there is nothing left to check. The certificate is an immutable snapshot with
 * an unguessable code that anyone can verify without logging in.
 */

/** The H5 app's verify page (hash router), what the QR code carries. */
export const VERIFY_PAGE = '/#/packages/volunteer/pages/verify/index?code='
/** Activities the certificate lists by name (服务内容); more are counted. */
const ACTIVITIES_LISTED = 12
/** Verifications of codes not in the cache, per client address and minute: guessing is slow. */
const VERIFY_MISSES_PER_MINUTE = 30
/** How long a process keeps a verification: bounds how long another process may show a voided one as valid. */
const VERIFY_CACHE_MAX = 10_000

/** 12 characters of a 31-letter alphabet (about 59 bits) from the CSPRNG. */
function newCode(): string {
  let code = ''
  for (let i = 0; i < CERTIFICATE_CODE_LENGTH; i++) code += CERTIFICATE_CODE_ALPHABET[randomInt(CERTIFICATE_CODE_ALPHABET.length)]
  return code
}

function qrCodeOf(url: string): string {
  const code = qrcode(0, 'M')
  code.addData(url)
  code.make()
  const svg = code.createSvgTag({ cellSize: 4, margin: 2, scalable: true })
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`
}

const label = (category: string) => VOLUNTEER_SKILL_LABELS[category as VolunteerSkill] ?? category

/** Applies for and issues a certificate of her confirmed hours (all, or one year's). */
export async function issueCertificate(deps: Deps, auth: Auth, input: CertificateApply, origin: string, requestId: string | null): Promise<Certificate> {
  const row = await issueFor(deps.db, deps.cipher, auth.userId, input.year, deps.now(), requestId)
  return (await viewsOf(deps, [row], origin))[0] as Certificate
}

/** The issuing itself, in one transaction: the snapshot, its audit entry and her message. The demo calls it too. */
export function issueFor(db: Db, cipher: FieldCipher, userId: string, year: number | null, now: Date, requestId: string | null): Promise<CertificateRow> {
  return inTransaction(db, async (trx) => {
    const volunteer = await core.findVolunteer(trx, userId)
    if (!volunteer || volunteer.status === 'withdrawn') throw new AppError('VOLUNTEER_NOT_REGISTERED')
    const community = await findCommunityById(trx, volunteer.community_id)
    if (!community) throw new AppError('NOT_FOUND')
    const byCategory = await repo.minutesByCategory(trx, userId, year)
    const totalMinutes = byCategory.reduce((n, c) => n + c.minutes, 0)
    if (totalMinutes === 0) throw new AppError('VOLUNTEER_CERTIFICATE_NO_HOURS')
    const served = await repo.servedActivities(trx, userId, year, ACTIVITIES_LISTED)
    const code = newCode()
    const name = cipher.decrypt(volunteer.name_enc)
    const content: CertificateContent = {
      code,
      volunteerNo: volunteer.volunteer_no,
      idMasked: volunteer.id_masked,
      year,
      totalHours: hoursOf(totalMinutes),
      byCategory: byCategory.map((c) => ({ category: c.category, label: label(c.category), hours: hoursOf(c.minutes) })),
      activities: served.rows.map((a) => ({ title: a.title, category: a.category, label: label(a.category) })),
      moreActivities: Math.max(0, served.total - served.rows.length),
      communityName: community.name,
      issuedOn: localDate(now, community.timezone),
    }
    const certificate = await repo.insertCertificate(trx, {
      code,
      user_id: userId,
      community_id: volunteer.community_id,
      year,
      name_enc: volunteer.name_enc,
      name_masked: maskName(name),
      content,
      issued_at: now,
      void_reason: null,
      voided_by: null,
      voided_at: null,
    })
    await writeAudit(trx, {
      actorUserId: userId,
      communityId: volunteer.community_id,
      action: 'volunteer_certificate.issued',
      targetType: 'volunteer_certificate',
      targetId: certificate.id,
      detail: { year: year, totalHours: content.totalHours },
      requestId,
    })
    await enqueue(trx, {
      kind: VOLUNTEER_MESSAGES.certificate_issued,
      recipient: { userId: userId, communityId: volunteer.community_id },
      payload: { title: '志愿服务证明', detail: `${year ?? '全部'}年度 ${content.totalHours} 小时，核验码 ${formatCertificateCode(code)}` },
    })
    return certificate
  })
}

async function viewsOf(deps: Deps, rows: readonly CertificateRow[], origin: string): Promise<Certificate[]> {
  const zoneOf = await communityZones(deps.db, rows.map((r) => r.community_id))
  return rows.map((r) => {
    const tz = zoneOf(r.community_id)
    const verifyUrl = `${origin}${VERIFY_PAGE}${r.content.code}`
    return {
      ...(r.content as Certificate),
      id: r.id,
      name: deps.cipher.decrypt(r.name_enc),
      status: r.status,
      voidReason: r.void_reason,
      voidedOn: r.voided_at ? localDate(r.voided_at, tz) : null,
      issuedAtLocal: localMoment(r.issued_at, tz),
      verifyUrl,
      qrCode: qrCodeOf(verifyUrl),
    }
  })
}

/** Her own certificates, newest first, a page. */
export async function myCertificates(deps: Deps, auth: Auth, page: { cursor?: string; limit: number }, origin: string): Promise<CertificateList> {
  const after = page.cursor ? decodeCursor(page.cursor, 'instant') : undefined
  const rows = await repo.listCertificates(deps.db, { userId: auth.userId, after, limit: page.limit })
  const { rows: shown, nextCursor } = pageFrom(rows, page.limit, (r) => ({ key: r.issued_at, id: r.id }))
  return { items: await viewsOf(deps, shown, origin), nextCursor }
}

/** The communities a staff member or street admin runs, or the one asked for if she runs it. */
export async function managedCommunities(deps: Deps, auth: Auth, communityId: string | undefined) {
  const own = auth.grants.flatMap((g) => (g.role === 'staff' && g.communityId ? [g.communityId] : []))
  const streets = auth.grants.flatMap((g) => (g.role === 'street_admin' && g.streetId ? [g.streetId] : []))
  const ids = [...own, ...(await communityIdsOnStreets(deps.db, streets))]
  const communities = [...(await communitiesByIds(deps.db, ids)).values()].sort((a, b) => a.name.localeCompare(b.name, 'zh'))
  const chosen = communityId === undefined ? communities : communities.filter((c) => c.id === communityId)
  if (chosen.length === 0) throw new AppError('FORBIDDEN')
  return chosen
}

/** Certificates the caller's communities issued, newest first, a page (staff: to find one to void). */
export async function staffCertificates(deps: Deps, auth: Auth, query: { communityId?: string; cursor?: string; limit: number }, origin: string): Promise<CertificateList> {
  const communities = await managedCommunities(deps, auth, query.communityId)
  const after = query.cursor ? decodeCursor(query.cursor, 'instant') : undefined
  const rows = await repo.listCertificates(deps.db, { communityIds: communities.map((c) => c.id), after, limit: query.limit })
  const { rows: shown, nextCursor } = pageFrom(rows, query.limit, (r) => ({ key: r.issued_at, id: r.id }))
  return { items: await viewsOf(deps, shown, origin), nextCursor }
}

async function assertIssuerStaff(db: Db, auth: Auth, communityId: string): Promise<void> {
  const community = await findCommunityById(db, communityId)
  if (!community || !canManageCommunity(auth, community)) throw new AppError('FORBIDDEN', { message: '只有出具证明的社区工作人员可以作废' })
}

/** Her own, or one the caller's community issued. */
export async function getCertificate(deps: Deps, auth: Auth, id: string, origin: string): Promise<Certificate> {
  const row = await repo.findCertificate(deps.db, id)
  if (!row) throw new AppError('VOLUNTEER_CERTIFICATE_NOT_FOUND')
  if (row.user_id !== auth.userId) await assertIssuerStaff(deps.db, auth, row.community_id)
  return (await viewsOf(deps, [row], origin))[0] as Certificate
}

/** Staff of the issuing community void a certificate with a reason (audited); it then verifies as 已作废. */
export async function voidCertificate(deps: Deps, auth: Auth, id: string, reason: string, origin: string, requestId: string | null): Promise<Certificate> {
  const now = deps.now()
  const row = await inTransaction(deps.db, async (trx) => {
    const found = await repo.findCertificate(trx, id)
    if (!found) throw new AppError('VOLUNTEER_CERTIFICATE_NOT_FOUND')
    await assertIssuerStaff(trx, auth, found.community_id)
    const voided = await repo.voidCertificate(trx, id, { by: auth.userId, reason, at: now })
    if (!voided) throw new AppError('VOLUNTEER_CERTIFICATE_VOIDED')
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: found.community_id,
      action: 'volunteer_certificate.voided',
      targetType: 'volunteer_certificate',
      targetId: id,
      detail: { reason },
      requestId,
    })
    return voided
  })
  return (await viewsOf(deps, [row], origin))[0] as Certificate
}

// --- Public verification ---

export interface Verified {
  body: string
  etag: string
}
/** Per change feed (one per app): what was verified, forgotten whenever a certificate changes anywhere. */
const verifyCache = new WeakMap<ChangeFeed, Map<string, Verified>>()

function keptFor(changes: ChangeFeed | undefined): Map<string, Verified> | undefined {
  if (!changes) return undefined
  let kept = verifyCache.get(changes)
  if (!kept) {
    const fresh = new Map<string, Verified>()
    changes.on('certificate', () => fresh.clear())
    verifyCache.set(changes, fresh)
    kept = fresh
  }
  return kept
}

function verificationOf(row: NonNullable<Awaited<ReturnType<typeof repo.findCertificateByCode>>>, tz: string): CertificateVerification {
  return { ...(row.content as CertificateVerification), nameMasked: row.name_masked, status: row.status, voidedOn: row.voided_at ? localDate(row.voided_at, tz) : null }
}

/**
 * A certificate as anyone with its code sees it, serialized once with its ETag and kept until a
 * certificate changes in any process (the change feed's `certificate` family: voiding one forgets
 * them all, here at once and elsewhere when it commits). A code not kept costs a rate-limit hit per
 * client address before the lookup, so guessing runs into 429 long before it finds anything.
 */
export async function verify(deps: Deps, code: string, client: string): Promise<Verified> {
  const kept = keptFor(deps.changes)
  const hit = kept?.get(code)
  if (hit) return hit
  const generation = deps.changes?.generation('certificate')
  await consumeRate(deps.db, { bucket: `volunteer-verify:${client}`, windowSeconds: 60, max: VERIFY_MISSES_PER_MINUTE }, deps.now())
  const row = await repo.findCertificateByCode(deps.db, code)
  if (!row) throw new AppError('VOLUNTEER_CERTIFICATE_NOT_FOUND')
  const tz = (await communityZones(deps.db, [row.community_id]))(row.community_id)
  const body = JSON.stringify(verificationOf(row, tz))
  const entry = { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` }
  if (!kept || deps.changes?.generation('certificate') !== generation) return entry
  if (kept.size >= VERIFY_CACHE_MAX) kept.clear()
  kept.set(code, entry)
  return entry
}
