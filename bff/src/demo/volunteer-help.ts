import * as auth from '../auth/repository'
import { addDays, localDate, zonedInstant } from '../calendar/local-time'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import * as family from '../family/repository'
import type { FieldCipher } from '../platform/crypto'
import { openAsActivity, seatTaker } from '../volunteer/help'
import * as help from '../volunteer/help-repository'
import type { HelpRequestRow } from '../volunteer/help-table'
import * as hours from '../volunteer/hours-repository'
import { findVolunteer } from '../volunteer/repository'
import { accrueCredits } from '../volunteer/time-bank'
import * as bank from '../volunteer/time-bank-repository'

const TZ = 'Asia/Shanghai'
const ELDER = { name: '王秀兰', birthDate: '1954-03-15' }
/** A small pool, as if a few residents had donated. */
const POOL_MINUTES = 6 * 60

/**
 * 邻里求助 demo (issue 12 item 6) for 桂花社区: the parent persona (李敏) has the elder persona (王秀兰)
 * under 我的家人 and posted for her a 陪同就医 that the volunteer persona did last week (his hours
 * confirmed by staff, his credits earned), a 代买 approved and open to take, and a 上门探访 waiting
 * for approval; the community pool holds 6 credits. Through the feature's functions and the
 * repositories; loading twice adds nothing. Call after the volunteer registration demo (the
 * completed request needs the volunteer persona registered; without it, it is left out).
 */
export async function seedDemoVolunteerHelp(db: Db, cipher: FieldCipher, now: Date): Promise<void> {
  const [parent, elder, staff, volunteerUser] = await Promise.all(['parent', 'elder', 'staff', 'volunteer'].map((p) => auth.findUserByPersona(db, p)))
  const communityId = parent?.community_id
  if (!parent || !elder || !staff || !communityId) return
  if ((await help.listRequests(db, { kind: 'mine', userId: parent.id }, undefined, 1)).length > 0) return
  const volunteer = volunteerUser ? await findVolunteer(db, volunteerUser.id) : undefined
  const today = localDate(now, TZ)
  await inTransaction(db, async (trx) => {
    const members = await family.listFamilyMembers(trx, parent.id)
    const linked = members.find((m) => cipher.decrypt(m.name_enc) === ELDER.name)
    const memberId =
      linked?.id ??
      (await family.insertFamilyMember(trx, { user_id: parent.id, relation: 'parent', name_enc: cipher.encrypt(ELDER.name), birth_date_enc: cipher.encrypt(ELDER.birthDate), deleted_at: null }))
    const post = (kind: HelpRequestRow['kind'], day: string, start: string, end: string, needs: string, createdAt: Date) =>
      help.insertRequest(trx, {
        community_id: communityId,
        requester_user_id: parent.id,
        beneficiary_user_id: elder.id,
        family_member_id: memberId,
        beneficiary_name_enc: cipher.encrypt(ELDER.name),
        kind,
        service_date: day,
        start_time: start,
        end_time: end,
        starts_at: zonedInstant(day, start, TZ),
        ends_at: zonedInstant(day, end, TZ),
        place: '桂花苑3幢2单元501',
        needs,
        contact_name_enc: cipher.encrypt('李敏'),
        contact_phone_enc: cipher.encrypt('13800000002'),
        pay: 'none',
        payer_account_id: null,
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
        created_at: createdAt,
      })
    const approve = async (request: HelpRequestRow, at: Date) => {
      const { activity, shift } = await openAsActivity(trx, request, staff.id, at)
      return help.updateRequest(trx, request.id, { status: 'approved', decided_by: staff.id, decided_at: at, activity_id: activity.id, shift_id: shift.id })
    }

    // Last week: done, his hours confirmed, his credits earned.
    if (volunteer) {
      const day = addDays(today, -7)
      const posted = await post('escort_medical', day, '09:00', '11:00', '陪同去市一医院复查血压，帮忙排队取药', zonedInstant(addDays(today, -9), '20:15', TZ))
      const approved = await approve(posted, zonedInstant(addDays(today, -8), '09:30', TZ))
      const shiftId = approved.shift_id ?? ''
      await seatTaker(trx, approved, shiftId, volunteer.user_id, zonedInstant(addDays(today, -8), '10:05', TZ))
      const record = await hours.insertRecord(trx, {
        user_id: volunteer.user_id,
        community_id: communityId,
        activity_id: approved.activity_id ?? '',
        shift_id: shiftId,
        category: 'medical',
        service_date: day,
        checked_in_at: zonedInstant(day, '08:55', TZ),
        checked_out_at: zonedInstant(day, '10:55', TZ),
        minutes: 120,
        status: 'confirmed',
        corrects_record_id: null,
        fixed_by: null,
        fix_reason: null,
        confirmed_by: staff.id,
        confirmed_at: zonedInstant(day, '15:00', TZ),
        revoked_by: null,
        revoked_at: null,
        revoke_reason: null,
      })
      await hours.addToRollup(trx, [{ userId: volunteer.user_id, year: Number(day.slice(0, 4)), category: 'medical', minutes: 120, records: 1 }])
      await accrueCredits(trx, [record], zonedInstant(day, '15:00', TZ))
    }

    // Approved yesterday, open to take; and one waiting for staff.
    const shopping = await post('shopping', addDays(today, 2), '15:00', '16:00', '帮忙去超市买米、油和降压药（药已开好处方）', zonedInstant(addDays(today, -1), '08:40', TZ))
    await approve(shopping, zonedInstant(addDays(today, -1), '10:00', TZ))
    await post('home_visit', addDays(today, 3), '14:00', '15:30', '母亲独居，想请志愿者上门陪她聊聊天，看看燃气和电器', new Date(now.getTime() - 2 * 60 * 60 * 1000))

    const pool = await bank.poolOf(trx, communityId)
    if (pool.balance_minutes === 0) {
      await bank.credit(trx, pool.id, POOL_MINUTES, null)
      await bank.insertEntry(trx, { account_id: pool.id, delta_minutes: POOL_MINUTES, kind: 'pool_received', record_id: null, help_request_id: null, counterpart_account_id: null, actor_user_id: null, note: '居民捐赠（演示数据）', created_at: now })
    }
  })
}
