import {
  CREDITS_CAP,
  CREDITS_CAP_MINUTES,
  CREDIT_STEP_MINUTES,
  type CreditsSummary,
  GIFT_MIN_AGE,
  LEDGER_KIND_LABELS,
  type LedgerKind,
  type LedgerQuerySchema,
  ageOn,
  creditsOf,
} from '@linli/shared'
import type { z } from 'zod'
import { findResidentForAssist } from '../auth/assist-lookup'
import { maskName } from '../booking/rules'
import { CHINA_TIME_ZONE, localDate, localMoment } from '../calendar/local-time'
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
import * as helpRepo from './help-repository'
import type { HelpRequestRow, TimeBankAccountRow } from './help-table'
import { VOLUNTEER_MESSAGES } from './messages'
import type { RecordRow } from './table'
import * as repo from './time-bank-repository'

/**
 * 时间银行 (issue 12 item 6; docs/decisions/033-time-bank.md). Credits are minutes (1 credit =
 * 60): hours are recorded in minutes, so an hour and a half earns 1.5 exactly. Every movement is
 * a conditional UPDATE of the balance and an entry, in one transaction, so the entries of an
 * account always add up to its balance and no balance goes below zero (CHECK). Credits are never
 * exchanged for money: there is no such route.
 */

/** Credits typed (1.5) as minutes (90), in steps of 0.1. */
export function minutesOfCredits(credits: number): number {
  return Math.round(credits * 10) * CREDIT_STEP_MINUTES
}

const signed = (minutes: number) => `${minutes > 0 ? '+' : ''}${creditsOf(minutes)}`

async function entry(trx: Db, account: TimeBankAccountRow, delta: number, kind: LedgerKind, at: Date, ref: { recordId?: string; helpRequestId?: string; counterpart?: string; actor?: string | null; note?: string }) {
  await repo.insertEntry(trx, {
    account_id: account.id,
    delta_minutes: delta,
    kind,
    record_id: ref.recordId ?? null,
    help_request_id: ref.helpRequestId ?? null,
    counterpart_account_id: ref.counterpart ?? null,
    actor_user_id: ref.actor ?? null,
    note: ref.note ?? null,
    created_at: at,
  })
}

/**
 * At approval: the payer's credits for the service are taken off and held on the request
 * (its escrow), so a request approved can always be paid. Too little → TIME_BANK_INSUFFICIENT and
 * the approval does not happen (the caller's transaction rolls back).
 */
export async function reserveForRequest(trx: Db, payer: TimeBankAccountRow, request: HelpRequestRow, minutes: number, actorUserId: string, at: Date): Promise<void> {
  if (!(await repo.debit(trx, payer.id, minutes))) throw new AppError('TIME_BANK_INSUFFICIENT', { message: `付款账户的时间币不足 ${creditsOf(minutes)}，不能用时间币支付这次求助` })
  await entry(trx, payer, -minutes, payer.user_id ? 'spent' : 'pool_spent', at, { helpRequestId: request.id, actor: actorUserId })
}

async function payerOf(trx: Db, request: HelpRequestRow): Promise<TimeBankAccountRow | undefined> {
  return request.payer_account_id ? repo.findAccountById(trx, request.payer_account_id) : undefined
}

/**
 * Confirmed hours of help requests become credits, in the confirming transaction (confirmed.ts):
 * 1. The volunteer earns the minutes, as much as fits under 1,500 credits held; the rest is not
 *    credited, and she is told so.
 * 2. The payer's escrow pays for them; what was held beyond the confirmed minutes goes back to the
 *    payer (a 2-hour request done in 1.5 hours costs 1.5). A request confirmed again after a
 *    revocation has no escrow left: the payer is charged from her balance, as far as it goes.
 * 3. The request is done, and the requester told.
 */
export async function accrueCredits(trx: Db, records: readonly RecordRow[], now: Date): Promise<void> {
  const requests = new Map((await helpRepo.lockRequestsByActivities(trx, [...new Set(records.map((r) => r.activity_id))])).map((r) => [r.activity_id, r]))
  for (const record of records) {
    const request = requests.get(record.activity_id)
    const minutes = record.minutes ?? 0
    if (!request || minutes <= 0) continue
    // 1.
    const account = await repo.accountOf(trx, record.community_id, record.user_id)
    const earned = await repo.creditUpTo(trx, account.id, minutes, CREDITS_CAP_MINUTES)
    const lost = minutes - earned
    if (earned > 0) await entry(trx, account, earned, 'earned', now, { recordId: record.id, helpRequestId: request.id, note: lost > 0 ? `超出上限 ${creditsOf(lost)} 未计入` : undefined })
    await enqueue(trx, {
      kind: VOLUNTEER_MESSAGES.credits_received,
      recipient: { userId: record.user_id, communityId: record.community_id },
      payload: {
        title: '邻里求助服务时长已计入时间银行',
        helpRequestId: request.id,
        detail: lost > 0 ? `获得 ${creditsOf(earned)} 时间币；持有已达 ${CREDITS_CAP} 上限，超出的 ${creditsOf(lost)} 未计入` : `获得 ${creditsOf(earned)} 时间币`,
      },
    })
    // 2.
    let charged = Math.min(minutes, request.escrow_minutes)
    const payer = await payerOf(trx, request)
    if (payer) {
      const released = request.escrow_minutes - charged
      if (released > 0) {
        await repo.credit(trx, payer.id, released, null)
        await entry(trx, payer, released, 'released', now, { helpRequestId: request.id, note: `实际服务 ${creditsOf(minutes)} 小时，多预扣的退回` })
      }
      const owed = minutes - charged
      if (owed > 0) {
        const taken = await repo.debitUpTo(trx, payer.id, owed)
        if (taken > 0) await entry(trx, payer, -taken, payer.user_id ? 'spent' : 'pool_spent', now, { helpRequestId: request.id, recordId: record.id, note: '更正后的服务时长结算' })
        charged += taken
      }
    }
    // 3.
    await helpRepo.updateRequest(trx, request.id, { status: 'done', done_at: now, escrow_minutes: 0, charged_minutes: request.charged_minutes + charged })
    await enqueue(trx, {
      kind: VOLUNTEER_MESSAGES.help_request_done,
      recipient: { userId: request.requester_user_id, communityId: request.community_id },
      payload: { title: '求助服务已完成', helpRequestId: request.id, detail: `服务时长 ${creditsOf(minutes)} 小时已确认` },
    })
  }
}

/**
 * A confirmed help-request record revoked (or superseded by a correction): undone in the same
 * transaction.
 * - The volunteer gives back what the record earned, as far as she still holds it. Credits she
 *   already gave or donated are not chased: they bought someone else's hour of help, which happened,
 *   and a balance never goes below zero. The entry says how much could not be taken back.
 * - The payer gets back what she was charged for it, and the request is 已接单 again, so a
 *   corrected record settles it anew.
 */
export async function reverseCredits(trx: Db, records: readonly RecordRow[], now: Date): Promise<void> {
  const requests = new Map((await helpRepo.lockRequestsByActivities(trx, [...new Set(records.map((r) => r.activity_id))])).map((r) => [r.activity_id, r]))
  const net = await repo.netEarnedByRecord(trx, records.map((r) => r.id))
  for (const record of records) {
    const request = requests.get(record.activity_id)
    if (!request) continue
    const owed = net.get(record.id) ?? 0
    const account = await repo.findAccount(trx, record.user_id)
    if (account && owed > 0) {
      const taken = await repo.debitUpTo(trx, account.id, owed)
      const note = taken < owed ? `已使用的 ${creditsOf(owed - taken)} 不再扣回` : undefined
      if (taken > 0) await entry(trx, account, -taken, 'reversed', now, { recordId: record.id, helpRequestId: request.id, note })
    }
    const payer = await payerOf(trx, request)
    if (payer && request.charged_minutes > 0) {
      await repo.credit(trx, payer.id, request.charged_minutes, null)
      await entry(trx, payer, request.charged_minutes, 'refunded', now, { helpRequestId: request.id, recordId: record.id })
    }
    if (request.status === 'done') await helpRepo.updateRequest(trx, request.id, { status: 'taken', done_at: null, charged_minutes: 0 })
  }
}

/** Requests settled by one run of the release job. */
const RELEASE_BATCH = 100

/**
 * An approved request nobody took, its time over: the credits reserved at approval go back to the
 * payer (`released`), so nothing stays held for a service that did not happen. Run by help-jobs.ts.
 */
export async function releaseUntakenEscrow(db: Db, now: Date): Promise<number> {
  return inTransaction(db, async (trx) => {
    const due = await helpRepo.lockUntakenWithEscrow(trx, now, RELEASE_BATCH)
    for (const request of due) await releaseEscrow(trx, request, now, '无人接单，预扣的时间币退回')
    return due.length
  })
}

/** What approval reserved goes back to the payer (`released`), in the caller's transaction: nothing is held for a service that will not happen. */
export async function releaseEscrow(trx: Db, request: HelpRequestRow, now: Date, note: string): Promise<void> {
  if (request.escrow_minutes <= 0) return
  const payer = await payerOf(trx, request)
  if (payer) {
    await repo.credit(trx, payer.id, request.escrow_minutes, null)
    await entry(trx, payer, request.escrow_minutes, 'released', now, { helpRequestId: request.id, note })
  }
  await helpRepo.updateRequest(trx, request.id, { escrow_minutes: 0 })
}

async function communityOf(deps: Deps, auth: Auth) {
  const community = auth.communityId ? await regions.findCommunityById(deps.db, auth.communityId) : undefined
  if (!community) throw new AppError('HELP_NOT_RESIDENT')
  return community
}

/**
 * ★ 赠予: to one of her 我的家人 aged 60 or over (on the community's today) who lives in her
 * community (found by name and birth date, as 代办 finds a family member). Anyone else, a
 * relative under 60 among them, is refused before anything moves; the recipient's 1,500 cap too.
 */
export async function giveCredits(deps: Deps, auth: Auth, input: { familyMemberId: string; credits: number }, requestId: string): Promise<CreditsSummary> {
  const community = await communityOf(deps, auth)
  const minutes = minutesOfCredits(input.credits)
  const member = (await listFamily(deps, auth)).items.find((m) => m.id === input.familyMemberId)
  if (!member) throw new AppError('TIME_BANK_NOT_FAMILY')
  if (ageOn(member.birthDate, localDate(deps.now(), community.timezone)) < GIFT_MIN_AGE) throw new AppError('TIME_BANK_RECIPIENT_UNDER_60')
  const recipient = await findResidentForAssist(deps, deps.db, community.id, member).catch((err: unknown) => {
    if (err instanceof AppError) throw new AppError('TIME_BANK_RECIPIENT_NOT_RESIDENT')
    throw err
  })
  if (recipient.userId === auth.userId) throw new AppError('TIME_BANK_SELF')
  const now = deps.now()
  await inTransaction(deps.db, async (trx) => {
    const from = await repo.accountOf(trx, community.id, auth.userId)
    const to = await repo.accountOf(trx, community.id, recipient.userId)
    await repo.lockAccounts(trx, [from.id, to.id])
    if (!(await repo.debit(trx, from.id, minutes))) throw new AppError('TIME_BANK_INSUFFICIENT')
    if (!(await repo.credit(trx, to.id, minutes, CREDITS_CAP_MINUTES))) throw new AppError('TIME_BANK_OVER_CAP')
    await entry(trx, from, -minutes, 'given', now, { counterpart: to.id, actor: auth.userId, note: `赠予家人 ${maskName(member.name)}` })
    await entry(trx, to, minutes, 'received', now, { counterpart: from.id, actor: auth.userId })
    await enqueue(trx, {
      kind: VOLUNTEER_MESSAGES.credits_received,
      recipient: { userId: recipient.userId, communityId: community.id },
      payload: { title: '家人赠予您时间币', detail: `收到 ${creditsOf(minutes)} 时间币，可用于邻里求助` },
    })
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: community.id,
      action: 'time_bank.given',
      targetType: 'time_bank_account',
      targetId: to.id,
      detail: { minutes, fromAccountId: from.id, familyMemberId: member.id },
      requestId,
    })
  })
  return creditsSummary(deps, auth)
}

/** 捐赠: her credits to her community's pool, which staff spend on help requests of 重点空巢老人. */
export async function donateCredits(deps: Deps, auth: Auth, input: { credits: number }, requestId: string): Promise<CreditsSummary> {
  const community = await communityOf(deps, auth)
  const minutes = minutesOfCredits(input.credits)
  const now = deps.now()
  await inTransaction(deps.db, async (trx) => {
    const from = await repo.accountOf(trx, community.id, auth.userId)
    const pool = await repo.poolOf(trx, community.id)
    await repo.lockAccounts(trx, [from.id, pool.id])
    if (!(await repo.debit(trx, from.id, minutes))) throw new AppError('TIME_BANK_INSUFFICIENT')
    await repo.credit(trx, pool.id, minutes, null)
    await entry(trx, from, -minutes, 'donated', now, { counterpart: pool.id, actor: auth.userId })
    await entry(trx, pool, minutes, 'pool_received', now, { counterpart: from.id, actor: auth.userId })
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: community.id,
      action: 'time_bank.donated',
      targetType: 'time_bank_account',
      targetId: pool.id,
      detail: { minutes, fromAccountId: from.id },
      requestId,
    })
  })
  return creditsSummary(deps, auth)
}

/** 我的时间币: balance, the cap, the family she may give to, her community's pool. */
export async function creditsSummary(deps: Deps, auth: Auth): Promise<CreditsSummary> {
  const community = auth.communityId ? await regions.findCommunityById(deps.db, auth.communityId) : undefined
  const today = localDate(deps.now(), community?.timezone ?? CHINA_TIME_ZONE)
  const [account, pool, family] = await Promise.all([
    repo.findAccount(deps.db, auth.userId),
    community ? repo.findPool(deps.db, community.id) : undefined,
    listFamily(deps, auth),
  ])
  const balance = account?.balance_minutes ?? 0
  return {
    balance: creditsOf(balance),
    balanceMinutes: balance,
    cap: CREDITS_CAP,
    room: creditsOf(Math.max(0, CREDITS_CAP_MINUTES - balance)),
    family: family.items.map((m) => {
      const eligible = ageOn(m.birthDate, today) >= GIFT_MIN_AGE
      return { id: m.id, name: m.name, relation: m.relation, eligible, why: eligible ? null : `未满 ${GIFT_MIN_AGE} 周岁` }
    }),
    pool: creditsOf(pool?.balance_minutes ?? 0),
  }
}

/** Her ledger, newest first, by cursor. */
export async function ledger(deps: Deps, auth: Auth, query: z.output<typeof LedgerQuerySchema>) {
  const account = await repo.findAccount(deps.db, auth.userId)
  if (!account) return { items: [], nextCursor: null }
  const community = await regions.findCommunityById(deps.db, account.community_id)
  const tz = community?.timezone ?? CHINA_TIME_ZONE
  const after = query.cursor ? decodeCursor(query.cursor, 'instant') : undefined
  const rows = await repo.listEntries(deps.db, account.id, after, query.limit + 1)
  const page = pageFrom(rows, query.limit, (r) => ({ key: r.created_at, id: r.id }))
  return {
    items: page.rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      kindLabel: LEDGER_KIND_LABELS[r.kind],
      credits: signed(r.delta_minutes),
      minutes: r.delta_minutes,
      detail: r.note,
      atLocal: localMoment(r.created_at, tz),
    })),
    nextCursor: page.nextCursor,
  }
}

/** The community's pool, for its staff (and the street admin above it). */
export async function poolBalance(deps: Deps, auth: Auth, communityId: string) {
  const community = await regions.findCommunityById(deps.db, communityId)
  if (!community || !canManageCommunity(auth, community)) throw new AppError('FORBIDDEN')
  const pool = await repo.findPool(deps.db, communityId)
  const minutes = pool?.balance_minutes ?? 0
  return { communityId, balance: creditsOf(minutes), balanceMinutes: minutes }
}
