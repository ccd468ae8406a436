import { type AccountDeleted, type Booking, LIST_LIMIT_MAX, type PersonalDataExport, type Rating } from '@linli/shared'
import { accountRecord, eraseAccount, lockAccount } from '../auth/account'
import { cancelOpenBookingsOf, listMine } from '../booking/service'
import { cancelOpenRegistrationsOf } from '../consultation/meetings'
import { consultationRecordOf } from '../consultation/personal-data'
import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import { deleteFamilyOf, listFamily } from '../family/service'
import type { Auth } from '../http/env'
import { forgetRecipient, listMessages } from '../notify/inbox'
import { auditLook, writeAudit } from '../platform/audit'
import { ratingForBooking } from '../rating/service'
import { helpDataOf } from '../volunteer/help-personal-data'
import { volunteerRecordOf, withdrawVolunteer } from '../volunteer/personal-data'
import { myRecords } from '../volunteer/records'

/** The reason a deleted account's bookings show to the staff who run them. */
const ACCOUNT_DELETED_REASON = '居民已注销账号'

/** Reads every page of a cursor-paginated list of her own, through the function 我的 pages use. */
async function allPages<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const items: T[] = []
  let cursor: string | undefined
  do {
    const next = await page(cursor)
    items.push(...next.items)
    cursor = next.nextCursor ?? undefined
  } while (cursor)
  return items
}

/**
 * 下载我的数据 (个人信息保护法 第四十五条): everything held about the caller in one document.
 * 1. Each part comes from the function that shows it to her in the mini-program, so it holds what
 *    she may see and nobody else's data: other people appear only as the staff's words in her
 *    own rating cases.
 * 2. Phone, birth date and family members decrypted: the copy is for her.
 *    社区协商 is her own rows by her id (consultation/personal-data.ts): that she voted, never what.
 *    志愿服务 is her registration and teams (volunteer/personal-data.ts), the ID number masked.
 * 3. The export is audited (who, when), not its contents.
 */
export async function exportMyData(deps: Deps, auth: Auth, requestId: string): Promise<PersonalDataExport> {
  const limit = LIST_LIMIT_MAX
  // 1. 2.
  const [account, family, upcoming, past, messages, consultation, volunteer, help] = await Promise.all([
    accountRecord(deps, auth),
    listFamily(deps, auth),
    allPages<Booking>((cursor) => listMine(deps, auth, { scope: 'upcoming', cursor, limit })),
    allPages<Booking>((cursor) => listMine(deps, auth, { scope: 'past', cursor, limit })),
    allPages((cursor) => listMessages(deps, auth, { cursor, limit })),
    consultationRecordOf(deps.db, auth.userId),
    volunteerRecordOf(deps.db, deps.cipher, auth.userId),
    helpDataOf(deps.db, deps.cipher, auth.userId),
  ])
  // Her service records page by page, with the totals the first page carries; none if she never registered.
  let volunteerRecords: PersonalDataExport['volunteerRecords'] = null
  if (volunteer) {
    const { totals } = await myRecords(deps, auth, { limit: 1 })
    volunteerRecords = { totals, items: await allPages((cursor) => myRecords(deps, auth, { cursor, limit })) }
  }
  const bookings = [...upcoming, ...past]
  const ratings: Rating[] = []
  for (const booking of bookings.filter((b) => b.rated)) ratings.push(await ratingForBooking(deps, auth, booking.id))
  // 3.
  await auditLook(deps.db, {
    actorUserId: auth.userId,
    communityId: auth.communityId,
    action: 'privacy.exported',
    targetType: 'app_user',
    targetId: auth.userId,
    detail: { bookings: bookings.length, ratings: ratings.length, messages: messages.length },
    requestId,
  })
  return { exportedAt: deps.now().toISOString(), ...account, familyMembers: family.items, bookings, ratings, messages, consultation, volunteer, volunteerRecords, help }
}

/**
 * 注销账号 (个人信息保护法 第四十七条), all in one transaction:
 * 1. Her open bookings that have not started are cancelled, each seat going back or to the first
 *    person waiting, as her own cancel does; so are her registrations of 议事会 not started.
 * 2. Her family members, messages, consents, roles and login codes are deleted; her volunteer
 *    registration is withdrawn (phone and guardian erased, name and ID kept sealed with her service
 *    records for the ten years GB/T 40143 asks: volunteer/personal-data.ts).
 * 3. Her sessions end at once (this token answers 401 from now on).
 * 4. Bookings, ratings and case feedback that must be kept (好差评 statistics, service records)
 *    stay under her account's id, whose row keeps no name, phone, WeChat link or birth date: they
 *    are anonymous. A later login with the same phone or WeChat is a new, empty account.
 * 5. The deletion is audited.
 */
export async function deleteMyAccount(deps: Deps, auth: Auth, requestId: string): Promise<AccountDeleted> {
  const now = deps.now()
  return inTransaction(deps.db, async (trx) => {
    const account = await lockAccount(trx, auth.userId)
    // 1.
    const cancelledBookings = await cancelOpenBookingsOf(trx, auth.userId, now, ACCOUNT_DELETED_REASON)
    const cancelledMeetingRegistrations = await cancelOpenRegistrationsOf(trx, auth.userId, now)
    // 2.
    await deleteFamilyOf(trx, auth.userId)
    await forgetRecipient(trx, auth.userId)
    const volunteerWithdrawn = await withdrawVolunteer(trx, auth.userId)
    // 2. 3. 4.
    await eraseAccount(trx, deps.cipher, auth.userId, now)
    // 5.
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: account.communityId,
      action: 'account.deleted',
      targetType: 'app_user',
      targetId: auth.userId,
      detail: { cancelledBookings, cancelledMeetingRegistrations, volunteerWithdrawn },
      requestId,
    })
    return { cancelledBookings }
  })
}
