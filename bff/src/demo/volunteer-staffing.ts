import * as auth from '../auth/repository'
import * as booking from '../booking/repository'
import { addDays, isoWeekday, localDate, zonedInstant } from '../calendar/local-time'
import * as catalog from '../catalog/repository'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { FieldCipher } from '../platform/crypto'
import * as seats from '../seats/seats'
import * as volunteers from '../volunteer/repository'
import { insertSignup, requestsOfSlots } from '../volunteer/staffing-repository'
import { SKILL_OF_SERVICE_CATEGORY, insertRequest, requestTitle } from '../volunteer/staffing'

const TZ = 'Asia/Shanghai'
const SERVICE_CODE = 'guihua-meal-delivery'
const PLACE = '桂花助老食堂，桂花路90号（送餐到老人家中）'

/**
 * Demo 服务志愿者 (issue 12 item 7) for 桂花社区: helper requests on the next two 助餐送餐上门 lunches,
 * three 送餐员 each, published by the staff persona; on the first, the volunteer persona holds a
 * seat when she is registered as a volunteer (registration's demo runs first). Written through the
 * staffing feature's functions, the slots through booking's repository as its own listing makes
 * them. Loading twice adds nothing (a slot with a request is left alone).
 *
 * Not here yet: a past staffed slot with its ratings for 评价情况 — the hours feature's record
 * functions and rating's slot counts are what it would go through.
 */
export async function seedDemoVolunteerStaffing(db: Db, cipher: FieldCipher, now: Date): Promise<void> {
  void cipher
  const [staff, volunteerUser] = await Promise.all([auth.findUserByPersona(db, 'staff'), auth.findUserByPersona(db, 'volunteer')])
  const [service] = await catalog.findServicesByCodes(db, [SERVICE_CODE])
  if (!staff || !service) return
  const rules = await booking.findRules(db, service.id)
  const today = localDate(now, TZ)
  const days: string[] = []
  for (let i = 1; i <= 14 && days.length < 2; i++) {
    const day = addDays(today, i)
    if (rules.some((r) => r.weekday === isoWeekday(day))) days.push(day)
  }
  const volunteer = volunteerUser ? await volunteers.findVolunteer(db, volunteerUser.id) : undefined
  await inTransaction(db, async (trx) => {
    for (const [i, day] of days.entries()) {
      const rule = rules.find((r) => r.weekday === isoWeekday(day))
      if (!rule) continue
      const startsAt = zonedInstant(day, rule.start_time, TZ)
      await booking.insertSlots(trx, [{ community_id: service.community_id, service_id: service.id, starts_at: startsAt, ends_at: zonedInstant(day, rule.end_time, TZ), capacity: rule.capacity }])
      const [slot] = await booking.listSlots(trx, service.id, startsAt, new Date(startsAt.getTime() + 60_000))
      if (!slot || (await requestsOfSlots(trx, [slot.id])).length > 0) continue
      const role = '送餐员'
      const created = await insertRequest(trx, {
        slot: { id: slot.id, community_id: service.community_id, starts_at: slot.starts_at, ends_at: slot.ends_at },
        title: requestTitle('助餐送餐上门', day, role),
        content: '高龄、失能老人午餐送到家。\n志愿者岗位：送餐员。\n11:00 到食堂领餐，按名单送到老人家中，顺带看看老人情况。',
        category: SKILL_OF_SERVICE_CATEGORY[service.category_id],
        place: PLACE,
        input: { seats: 3, role, requiredSkills: ['elder_care'], training: '', risks: '雨天路滑，上下楼梯注意安全；餐盒较烫', risky: false, insurance: '' },
        actorUserId: staff.id,
        now,
      })
      if (i === 0 && volunteer && volunteer.status === 'active' && (await seats.takeSeat(trx, volunteers.SHIFT_SEATS, created.shiftId))) {
        await insertSignup(trx, { shiftId: created.shiftId, userId: volunteer.user_id, communityId: service.community_id, at: now })
      }
    }
  })
}
