import {
  HELP_KIND_LABELS,
  HELP_PAY_LABELS,
  HELP_STATUS_LABELS,
  type HelpApproveSchema,
  type HelpKind,
  type HelpListQuerySchema,
  type HelpRequest,
  type HelpRequestInputSchema,
  type VolunteerSkill,
  creditsOf,
  maskPhone,
} from '@linli/shared'
import type { z } from 'zod'
import { findResidentForAssist } from '../auth/assist-lookup'
import { peopleByIds } from '../auth/residents'
import { maskName } from '../booking/rules'
import { localMoment, zonedInstant } from '../calendar/local-time'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import { listFamily } from '../family/service'
import { decodeCursor, pageFrom } from '../http/cursor'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { enqueue } from '../notify/outbox'
import { writeAudit } from '../platform/audit'
import { canManageCommunity } from '../region/access'
import * as regions from '../region/service'
import * as seats from '../seats/seats'
import { newCodeSecret, volunteerFacts } from './facts'
import * as repo from './help-repository'
import type { HelpRequestRow } from './help-table'
import { VOLUNTEER_MESSAGES } from './messages'
import * as activities from './activity-repository'
import * as core from './repository'
import { currentCode } from './rotating-code'
import { releaseEscrow, reserveForRequest } from './time-bank'
import * as bank from './time-bank-repository'

/**
 * 邻里求助 (issue 12 item 6; docs/decisions/033-time-bank.md): a resident posts a need for herself
 * or one of her 我的家人; staff approve it, which makes it a one-shift activity (kind
 * 'help_request', one seat); a volunteer takes the seat through the seats kernel; hours are
 * recorded and confirmed as any shift's, and confirmed hours become time credits (time-bank.ts).
 */

type Community = NonNullable<Awaited<ReturnType<typeof regions.findCommunityById>>>

const MINUTE_MS = 60_000
/** The requester's page shows the rotating check-in code from half an hour before the start to half an hour after the end (the hours feature's grace). */
const CODE_WINDOW_MINUTES = 30

/** The category a help request's hours are totalled by. */
const CATEGORY_OF: Record<HelpKind, VolunteerSkill> = {
  escort_medical: 'medical',
  shopping: 'elder_care',
  home_visit: 'elder_care',
  bathing: 'elder_care',
  other: 'other',
}

async function communityOrThrow(db: Db, communityId: string | null): Promise<Community> {
  const community = communityId ? await regions.findCommunityById(db, communityId) : undefined
  if (!community) throw new AppError('HELP_NOT_RESIDENT')
  return community
}

async function requestOrThrow(db: Db, id: string): Promise<HelpRequestRow> {
  const row = await repo.findRequest(db, id)
  if (!row) throw new AppError('HELP_NOT_FOUND')
  return row
}

const durationOf = (r: Pick<HelpRequestRow, 'starts_at' | 'ends_at'>) => Math.round((r.ends_at.getTime() - r.starts_at.getTime()) / MINUTE_MS)
const isRequesterSide = (auth: Auth, r: HelpRequestRow) => auth.userId === r.requester_user_id || auth.userId === r.beneficiary_user_id

/** The elder it is for: herself, or one of her 我的家人 (found as a resident of her community when she has an account). */
async function beneficiaryOf(deps: Deps, auth: Auth, community: Community, familyMemberId: string | undefined) {
  if (!familyMemberId) {
    const me = (await peopleByIds(deps.db, deps.cipher, [auth.userId])).get(auth.userId)
    return { userId: auth.userId as string | null, name: me?.name ?? '', memberId: null as string | null }
  }
  const member = (await listFamily(deps, auth)).items.find((m) => m.id === familyMemberId)
  if (!member) throw new AppError('HELP_FAMILY_NOT_FOUND')
  const found = await findResidentForAssist(deps, deps.db, community.id, member).catch(() => undefined)
  return { userId: found?.userId ?? null, name: member.name, memberId: member.id }
}

/**
 * 我要求助:
 * 1. A resident of a community, for a time to come on its clock.
 * 2. For herself or one of her 我的家人.
 * 3. Paid with credits (hers, or the elder's when the elder has an account) only if the payer holds
 *    them now; they are taken at approval, when staff can still choose the pool instead.
 */
export async function postRequest(deps: Deps, auth: Auth, input: z.output<typeof HelpRequestInputSchema>, requestId: string): Promise<HelpRequest> {
  // 1.
  const community = await communityOrThrow(deps.db, auth.communityId)
  const startsAt = zonedInstant(input.date, input.startTime, community.timezone)
  const endsAt = zonedInstant(input.date, input.endTime, community.timezone)
  const now = deps.now()
  if (startsAt <= now) throw new AppError('HELP_IN_PAST')
  // 2.
  const beneficiary = await beneficiaryOf(deps, auth, community, input.familyMemberId)
  // 3.
  const payerUserId = input.pay === 'own' ? auth.userId : input.pay === 'beneficiary' ? beneficiary.userId : null
  if (input.pay === 'beneficiary' && !payerUserId) throw new AppError('HELP_BENEFICIARY_NOT_RESIDENT')
  const minutes = Math.round((endsAt.getTime() - startsAt.getTime()) / MINUTE_MS)
  const row = await inTransaction(deps.db, async (trx) => {
    const payer = payerUserId ? await bank.accountOf(trx, community.id, payerUserId) : null
    if (payer && payer.balance_minutes < minutes) throw new AppError('TIME_BANK_INSUFFICIENT', { message: `时间币余额 ${creditsOf(payer.balance_minutes)}，不足这次求助的 ${creditsOf(minutes)}` })
    const inserted = await repo.insertRequest(trx, {
      community_id: community.id,
      requester_user_id: auth.userId,
      beneficiary_user_id: beneficiary.userId,
      family_member_id: beneficiary.memberId,
      beneficiary_name_enc: deps.cipher.encrypt(beneficiary.name),
      kind: input.kind,
      service_date: input.date,
      start_time: input.startTime,
      end_time: input.endTime,
      starts_at: startsAt,
      ends_at: endsAt,
      place: input.place,
      needs: input.needs,
      contact_name_enc: deps.cipher.encrypt(input.contactName),
      contact_phone_enc: deps.cipher.encrypt(input.contactPhone),
      pay: input.pay,
      payer_account_id: payer?.id ?? null,
      status: 'pending',
      decided_by: null,
      decided_at: null,
      decline_reason: null,
      activity_id: null,
      shift_id: null,
      taken_by: null,
      taken_at: null,
      first_taken_at: null,
      done_at: null,
      created_at: now,
    })
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: community.id,
      action: 'help.posted',
      targetType: 'volunteer_help_request',
      targetId: inserted.id,
      detail: { kind: input.kind, forFamilyMember: beneficiary.memberId !== null, pay: input.pay },
      requestId,
    })
    return inserted
  })
  return view(deps, auth, row, community)
}

/** The request and its community, for the community's staff (and the street admin above it). */
async function staffRequest(deps: Deps, auth: Auth, id: string) {
  const request = await requestOrThrow(deps.db, id)
  const community = await communityOrThrow(deps.db, request.community_id)
  if (!canManageCommunity(auth, community)) throw new AppError('FORBIDDEN', { message: '只有本社区工作人员可以审核求助' })
  return { request, community }
}

function detailOf(r: HelpRequestRow): string {
  return `${r.service_date} ${r.start_time}–${r.end_time} ${r.place}`
}

/** An approved request as a one-shift activity: kind 'help_request', one seat, its place and times, organised by the staff member who approved it. */
export async function openAsActivity(trx: Db, locked: HelpRequestRow, organiserId: string, now: Date) {
  const activity = await core.insertActivity(trx, {
    community_id: locked.community_id,
    team_id: null,
    kind: 'help_request',
    title: `邻里求助：${HELP_KIND_LABELS[locked.kind]}`,
    content: locked.needs,
    category: CATEGORY_OF[locked.kind],
    place: locked.place,
    headcount: 1,
    how_to_sign_up: '在“邻里求助”中接单',
    status: 'published',
    cancel_reason: null,
    slot_id: null,
    training: null,
    insurance: null,
    created_by: organiserId,
    published_by: organiserId,
    published_at: now,
  })
  const [shift] = await core.insertShifts(trx, [
    {
      activity_id: activity.id,
      community_id: locked.community_id,
      role: HELP_KIND_LABELS[locked.kind],
      starts_at: locked.starts_at,
      ends_at: locked.ends_at,
      capacity: 1,
      signup_deadline: locked.starts_at,
      code_secret: newCodeSecret(),
    },
  ])
  if (!shift) throw new AppError('CONFLICT')
  return { activity, shift }
}

/**
 * 审核通过: the request becomes a one-shift activity (kind 'help_request', one seat, its place and
 * times, the organiser being staff), and the payer's credits are taken and held (the pool's when
 * staff pay for a 重点空巢老人). Two staff at once: one approves, the other gets HELP_NOT_PENDING.
 */
export async function approveRequest(deps: Deps, auth: Auth, id: string, input: z.output<typeof HelpApproveSchema>, requestId: string): Promise<HelpRequest> {
  const { request, community } = await staffRequest(deps, auth, id)
  if (request.status !== 'pending') throw new AppError('HELP_NOT_PENDING')
  const now = deps.now()
  if (request.starts_at <= now) throw new AppError('HELP_IN_PAST', { message: '服务时间已过，不能再通过' })
  const row = await inTransaction(deps.db, async (trx) => {
    const locked = await repo.lockRequest(trx, id)
    if (!locked || locked.status !== 'pending') throw new AppError('HELP_NOT_PENDING')
    const { activity, shift } = await openAsActivity(trx, locked, auth.userId, now)
    const payer = input.payFromPool ? await bank.poolOf(trx, community.id) : locked.payer_account_id ? await bank.findAccountById(trx, locked.payer_account_id) : undefined
    const minutes = durationOf(locked)
    if (payer) await reserveForRequest(trx, payer, locked, minutes, auth.userId, now)
    const approved = await repo.updateRequest(trx, id, {
      status: 'approved',
      decided_by: auth.userId,
      decided_at: now,
      activity_id: activity.id,
      shift_id: shift.id,
      pay: input.payFromPool ? 'pool' : locked.pay,
      payer_account_id: payer?.id ?? null,
      escrow_minutes: payer ? minutes : 0,
    })
    await enqueue(trx, {
      kind: VOLUNTEER_MESSAGES.help_request_approved,
      recipient: { userId: locked.requester_user_id, communityId: community.id },
      payload: { title: `${HELP_KIND_LABELS[locked.kind]}求助已通过审核`, helpRequestId: id, detail: detailOf(locked) },
    })
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: community.id,
      action: 'help.approved',
      targetType: 'volunteer_help_request',
      targetId: id,
      detail: { activityId: activity.id, payFromPool: input.payFromPool, reservedMinutes: payer ? minutes : 0 },
      requestId,
    })
    return approved
  })
  return view(deps, auth, row, community)
}

/** 不通过, with the reason the requester is told. */
export async function declineRequest(deps: Deps, auth: Auth, id: string, reason: string, requestId: string): Promise<HelpRequest> {
  const { request, community } = await staffRequest(deps, auth, id)
  if (request.status !== 'pending') throw new AppError('HELP_NOT_PENDING')
  const now = deps.now()
  const row = await inTransaction(deps.db, async (trx) => {
    const declined = await repo.updateRequestFrom(trx, id, 'pending', { status: 'declined', decided_by: auth.userId, decided_at: now, decline_reason: reason })
    if (!declined) throw new AppError('HELP_NOT_PENDING')
    await enqueue(trx, {
      kind: VOLUNTEER_MESSAGES.help_request_declined,
      recipient: { userId: request.requester_user_id, communityId: community.id },
      payload: { title: `${HELP_KIND_LABELS[request.kind]}求助未通过审核`, helpRequestId: id, detail: reason },
    })
    await writeAudit(trx, { actorUserId: auth.userId, communityId: community.id, action: 'help.declined', targetType: 'volunteer_help_request', targetId: id, detail: { reason }, requestId })
    return declined
  })
  return view(deps, auth, row, community)
}

/** A registered, active volunteer of the request's community who is not the one it is for. */
async function assertCanTake(deps: Deps, auth: Auth, request: HelpRequestRow): Promise<void> {
  const facts = await volunteerFacts(deps.db, deps.cipher, auth.userId)
  const now = deps.now()
  if (facts.status !== 'active' || (facts.suspendedUntil && facts.suspendedUntil > now)) throw new AppError('VOLUNTEER_SUSPENDED')
  if (facts.communityId !== request.community_id) throw new AppError('HELP_OTHER_COMMUNITY')
  if (isRequesterSide(auth, request)) throw new AppError('HELP_OWN_REQUEST')
}

/** The shift's one seat through the seats kernel, her sign-up, and the request 已接单; HELP_ALREADY_TAKEN if someone was quicker. */
export async function seatTaker(trx: Db, request: HelpRequestRow, shiftId: string, userId: string, now: Date): Promise<HelpRequestRow> {
  if (!(await seats.takeSeat(trx, core.SHIFT_SEATS, shiftId))) throw new AppError('HELP_ALREADY_TAKEN')
  await repo.insertSignup(trx, { shift_id: shiftId, user_id: userId, community_id: request.community_id, status: 'signed_up', guardian_user_id: null, check_in_code: null, reminded_at: null, promoted_at: null, cancelled_at: null })
  const taken = await repo.updateRequestFrom(trx, request.id, 'approved', { status: 'taken', taken_by: userId, taken_at: now, first_taken_at: request.first_taken_at ?? now })
  if (!taken) throw new AppError('HELP_ALREADY_TAKEN')
  return taken
}

/**
 * 接单: the shift's one seat through the seats kernel (one conditional UPDATE), then her sign-up.
 * Two volunteers at once: one wins, the other gets HELP_ALREADY_TAKEN and nothing is recorded.
 */
export async function takeRequest(deps: Deps, auth: Auth, id: string, requestId: string): Promise<HelpRequest> {
  const request = await requestOrThrow(deps.db, id)
  await assertCanTake(deps, auth, request)
  if (request.status === 'taken' || request.status === 'done') throw new AppError('HELP_ALREADY_TAKEN')
  if (request.status !== 'approved' || !request.shift_id) throw new AppError('HELP_NOT_OPEN')
  const now = deps.now()
  if (request.starts_at <= now) throw new AppError('HELP_STARTED', { message: '服务时间已到，不能再接单' })
  const shiftId = request.shift_id
  const community = await communityOrThrow(deps.db, request.community_id)
  const row = await inTransaction(deps.db, async (trx) => {
    const taken = await seatTaker(trx, request, shiftId, auth.userId, now)
    const names = await volunteerNames(trx, deps, [auth.userId])
    await enqueue(trx, {
      kind: VOLUNTEER_MESSAGES.help_request_taken,
      recipient: { userId: request.requester_user_id, communityId: request.community_id },
      payload: { title: `${HELP_KIND_LABELS[request.kind]}求助已有志愿者接单`, helpRequestId: id, detail: `志愿者 ${names.get(auth.userId) ?? ''}，${detailOf(request)}` },
    })
    await writeAudit(trx, { actorUserId: auth.userId, communityId: request.community_id, action: 'help.taken', targetType: 'volunteer_help_request', targetId: id, detail: { shiftId }, requestId })
    return taken
  })
  return view(deps, auth, row, community)
}

/** 退回: the volunteer who took it gives it back before it starts; the seat is freed and the request open to others again. */
export async function giveBack(deps: Deps, auth: Auth, id: string, requestId: string): Promise<HelpRequest> {
  const request = await requestOrThrow(deps.db, id)
  if (request.taken_by !== auth.userId || request.status !== 'taken' || !request.shift_id) throw new AppError('HELP_NOT_TAKER')
  const now = deps.now()
  if (request.starts_at <= now) throw new AppError('HELP_STARTED')
  const shiftId = request.shift_id
  const community = await communityOrThrow(deps.db, request.community_id)
  const row = await inTransaction(deps.db, async (trx) => {
    const reopened = await repo.updateRequestFrom(trx, id, 'taken', { status: 'approved', taken_by: null, taken_at: null })
    if (!reopened || !(await repo.cancelSignup(trx, shiftId, auth.userId, now))) throw new AppError('HELP_NOT_TAKER')
    await seats.freeSeat(trx, core.SHIFT_SEATS, shiftId)
    // She learns at once that her request waits for someone else, not on the day.
    await enqueue(trx, {
      kind: VOLUNTEER_MESSAGES.help_request_given_back,
      recipient: { userId: request.requester_user_id, communityId: request.community_id },
      payload: { title: `${HELP_KIND_LABELS[request.kind]}求助`, helpRequestId: id, detail: detailOf(request) },
    })
    await writeAudit(trx, { actorUserId: auth.userId, communityId: request.community_id, action: 'help.given_back', targetType: 'volunteer_help_request', targetId: id, detail: { shiftId }, requestId })
    return reopened
  })
  return view(deps, auth, row, community)
}

/** Statuses a requester may still withdraw from: before anyone served or staff decided against it. */
const WITHDRAWABLE: readonly HelpRequestRow['status'][] = ['pending', 'approved', 'taken']

/**
 * 撤回求助: the requester (or the elder it is for) withdraws it before the service starts.
 * 1. Pending, approved or taken only; never once the service's time has come.
 * 2. If approved, its one-shift activity is cancelled with it, and the credits reserved at approval
 *    go back to the payer (time-bank.releaseEscrow).
 * 3. If taken, the volunteer's sign-up is cancelled, the seat emptied, and she is told at once.
 * One transaction with the audit entry; the shift and the request are locked, so a volunteer
 * taking it at the same moment either took it first (and is told) or finds it withdrawn.
 */
export async function withdrawRequest(deps: Deps, auth: Auth, id: string, requestId: string): Promise<HelpRequest> {
  const request = await requestOrThrow(deps.db, id)
  if (!isRequesterSide(auth, request)) throw new AppError('HELP_NOT_REQUESTER')
  const community = await communityOrThrow(deps.db, request.community_id)
  const now = deps.now()
  const row = await inTransaction(deps.db, async (trx) => {
    // The shift's row before the request's, in the order a volunteer taking it locks them, so the
    // two wait for each other instead of deadlocking (a shift made meanwhile by an approval is
    // covered by the retry on a deadlock).
    if (request.shift_id) await seats.lockInOrder(trx, core.SHIFT_SEATS, [request.shift_id])
    // 1.
    const locked = await repo.lockRequest(trx, id)
    if (!locked || !WITHDRAWABLE.includes(locked.status)) throw new AppError('HELP_NOT_WITHDRAWABLE')
    if (locked.starts_at <= now) throw new AppError('HELP_WITHDRAW_STARTED')
    // 2.–3.
    if (locked.activity_id) {
      await activities.updateActivity(trx, locked.activity_id, { status: 'cancelled', cancel_reason: '求助人已撤回' })
      const open = await activities.lockOpenSignupsOf(trx, locked.shift_id ? [locked.shift_id] : [])
      await activities.cancelSignups(trx, open.map((g) => g.id), now)
      await activities.emptyShifts(trx, locked.activity_id)
      for (const g of open) {
        await enqueue(trx, {
          kind: VOLUNTEER_MESSAGES.help_request_withdrawn,
          recipient: { userId: g.user_id, communityId: g.community_id },
          payload: { title: `${HELP_KIND_LABELS[locked.kind]}求助已撤回`, helpRequestId: id, detail: `求助人已撤回，不用再去了：${detailOf(locked)}` },
        })
      }
    }
    await releaseEscrow(trx, locked, now, '求助已撤回，预扣的时间币退回')
    const withdrawn = await repo.updateRequest(trx, id, { status: 'withdrawn', withdrawn_at: now, taken_by: null, taken_at: null })
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: community.id,
      action: 'help.withdrawn',
      targetType: 'volunteer_help_request',
      targetId: id,
      detail: { from: locked.status, releasedMinutes: locked.escrow_minutes, takerTold: locked.taken_by !== null },
      requestId,
    })
    return withdrawn
  })
  return view(deps, auth, row, community)
}

/** Volunteers' names (decrypted, then masked) from their registrations. */
async function volunteerNames(db: Db, deps: Deps, userIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds)]
  if (ids.length === 0) return new Map()
  const rows = await db.selectFrom('volunteer').select(['user_id', 'name_enc']).where('user_id', 'in', ids).execute()
  return new Map(rows.map((r) => [r.user_id, maskName(deps.cipher.decrypt(r.name_enc))]))
}

/** Who may read a request: its requester and elder, the volunteer who took it, staff; volunteers of the community while it is open. */
async function canRead(deps: Deps, auth: Auth, r: HelpRequestRow, community: Community): Promise<boolean> {
  if (isRequesterSide(auth, r) || r.taken_by === auth.userId || canManageCommunity(auth, community)) return true
  return r.status === 'approved' && auth.isVolunteer && auth.communityId === r.community_id
}

export async function getRequest(deps: Deps, auth: Auth, id: string): Promise<HelpRequest> {
  const row = await requestOrThrow(deps.db, id)
  const community = await communityOrThrow(deps.db, row.community_id)
  if (!(await canRead(deps, auth, row, community))) throw new AppError('HELP_NOT_FOUND')
  return view(deps, auth, row, community)
}

/** The lists of the 邻里求助 page: hers, those open to take (volunteers), those she took, those to approve (staff). */
export async function listRequests(deps: Deps, auth: Auth, query: z.output<typeof HelpListQuerySchema>) {
  const after = query.cursor ? decodeCursor(query.cursor, 'instant') : undefined
  let rows: HelpRequestRow[]
  let community: Community
  if (query.view === 'mine' || query.view === 'taken') {
    community = await communityOrThrow(deps.db, auth.communityId)
    rows = await repo.listRequests(deps.db, { kind: query.view, userId: auth.userId }, after, query.limit + 1)
  } else if (query.view === 'open') {
    community = await communityOrThrow(deps.db, auth.communityId)
    if (!auth.isVolunteer) throw new AppError('VOLUNTEER_NOT_REGISTERED')
    rows = await repo.listRequests(deps.db, { kind: 'status', communityId: community.id, status: 'approved' }, after, query.limit + 1)
  } else {
    community = await communityOrThrow(deps.db, query.communityId ?? auth.grants.find((g) => g.role === 'staff')?.communityId ?? auth.communityId)
    if (!canManageCommunity(auth, community)) throw new AppError('FORBIDDEN')
    rows = await repo.listRequests(deps.db, { kind: 'status', communityId: community.id, status: 'pending' }, after, query.limit + 1)
  }
  const page = pageFrom(rows, query.limit, (r) => ({ key: r.created_at, id: r.id }))
  return { items: await views(deps, auth, page.rows, community), nextCursor: page.nextCursor }
}

function view(deps: Deps, auth: Auth, row: HelpRequestRow, community: Community): Promise<HelpRequest> {
  return views(deps, auth, [row], community).then((v) => v[0] as HelpRequest)
}

/** What a person sees of requests: names masked but the requester's own, the phone whole to the requester and the volunteer who took it only. */
async function views(deps: Deps, auth: Auth, rows: readonly HelpRequestRow[], community: Community): Promise<HelpRequest[]> {
  const [people, volunteers] = await Promise.all([
    peopleByIds(deps.db, deps.cipher, rows.map((r) => r.requester_user_id)),
    volunteerNames(deps.db, deps, rows.flatMap((r) => (r.taken_by ? [r.taken_by] : []))),
  ])
  const now = deps.now()
  const staff = canManageCommunity(auth, community)
  const volunteer = auth.isVolunteer && auth.communityId === community.id
  const shifts = new Map<string, string>()
  for (const r of rows) {
    if (r.shift_id && r.status === 'taken' && isRequesterSide(auth, r)) {
      const shift = await core.findShift(deps.db, r.shift_id)
      if (shift) shifts.set(r.id, shift.code_secret)
    }
  }
  return rows.map((r) => {
    const mine = isRequesterSide(auth, r)
    const tookIt = r.taken_by === auth.userId
    const phone = deps.cipher.decrypt(r.contact_phone_enc)
    const beneficiary = deps.cipher.decrypt(r.beneficiary_name_enc)
    const contact = deps.cipher.decrypt(r.contact_name_enc)
    const secret = shifts.get(r.id)
    const open = now >= new Date(r.starts_at.getTime() - CODE_WINDOW_MINUTES * MINUTE_MS) && now <= new Date(r.ends_at.getTime() + CODE_WINDOW_MINUTES * MINUTE_MS)
    const code = secret && open ? currentCode(secret, now) : null
    return {
      id: r.id,
      kind: r.kind,
      kindLabel: HELP_KIND_LABELS[r.kind],
      status: r.status,
      statusLabel: HELP_STATUS_LABELS[r.status],
      date: r.service_date,
      startTime: r.start_time,
      endTime: r.end_time,
      place: r.place,
      needs: r.needs,
      beneficiaryName: mine ? beneficiary : maskName(beneficiary),
      requesterName: mine ? (people.get(r.requester_user_id)?.name ?? '') : maskName(people.get(r.requester_user_id)?.name ?? ''),
      contactName: mine || tookIt ? contact : maskName(contact),
      contactPhone: mine || tookIt ? phone : maskPhone(phone),
      pay: r.pay,
      payLabel: HELP_PAY_LABELS[r.pay],
      credits: creditsOf(r.pay === 'none' ? 0 : durationOf(r)),
      declineReason: mine || staff ? r.decline_reason : null,
      volunteerName: r.taken_by ? (volunteers.get(r.taken_by) ?? null) : null,
      createdAtLocal: localMoment(r.created_at, community.timezone),
      mine,
      tookIt,
      canTake: volunteer && !mine && r.status === 'approved' && r.starts_at > now,
      canGiveBack: tookIt && r.status === 'taken' && r.starts_at > now,
      canWithdraw: mine && WITHDRAWABLE.includes(r.status) && r.starts_at > now,
      canDecide: staff && r.status === 'pending',
      checkIn: code ? { code: code.code, expiresAt: code.expiresAt.toISOString() } : null,
      activityId: r.activity_id,
      shiftId: r.shift_id,
    }
  })
}
