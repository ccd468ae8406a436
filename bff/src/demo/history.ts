import { RATING_LEVEL_LABELS, tagsForLevel } from '@linli/shared'
import { addDays, addMinutes, localDate, zonedInstant } from '../booking/time'
import type { Db } from '../db/database'
import type { FieldCipher } from '../platform/crypto'
import { rectificationDeadline } from '../rating/service'

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗']
const GIVEN = ['桂英', '秀英', '建国', '玉兰', '志强', '淑芬', '国华', '丽华', '德明', '秀珍', '春生', '凤英', '海燕', '长青', '素梅']
const COMMENTS: Record<number, string[]> = {
  5: ['饭菜可口，阿姨很热情', '律师讲得很清楚，帮了大忙', '环境干净，工作人员耐心'],
  4: ['挺好的，就是人有点多', '服务不错', ''],
  3: ['还可以', '等的时间有点长', ''],
  2: ['排队太久，饭菜凉了', '预约了还要等半小时'],
  1: ['工作人员态度不好', '问题没有解决'],
}

/** A small deterministic generator, so the demo history is the same on every machine. */
function generator(seed: number) {
  let state = seed
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296
    return state / 4294967296
  }
}

/**
 * Three months of served bookings and ratings in the demo communities, so 满意度公示 and the
 * dashboards show something real from the first start. Mostly satisfied, some 差评 with their
 * rectification (answered in time, one still open and one overdue). Written once.
 */
export async function seedDemoHistory(db: Db, cipher: FieldCipher, now: Date): Promise<void> {
  if (await db.selectFrom('rating').select('id').limit(1).executeTakeFirst()) return
  const random = generator(20261122)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const services = await db
    .selectFrom('service')
    .innerJoin('booking_settings', 'booking_settings.service_id', 'service.id')
    .innerJoin('community', 'community.id', 'service.community_id')
    .innerJoin('availability_rule', 'availability_rule.service_id', 'service.id')
    .select(['service.id', 'service.community_id', 'service.category_id', 'service.provider_id', 'community.timezone', 'availability_rule.start_time', 'availability_rule.end_time', 'availability_rule.capacity'])
    .where('service.code', 'in', ['guihua-meal-lunch', 'guihua-daycare', 'guihua-legal', 'guihua-afterschool', 'guihua-doctor', 'fenglin-meal', 'shiqiao-meal'])
    .distinctOn('service.id')
    .execute()
  const staff = await db.selectFrom('app_user').select('id').where('demo_persona', '=', 'staff').executeTakeFirst()

  await db.transaction().execute(async (trx) => {
    const residents = new Map<string, string[]>()
    for (const service of services) {
      if (!residents.has(service.community_id)) {
        const rows = await trx
          .insertInto('app_user')
          .values(
            Array.from({ length: 24 }, (_, i) => {
              const phone = `1350000${String(residents.size * 100 + i).padStart(4, '0')}`
              return {
                display_name: `${pick(SURNAMES)}${pick(GIVEN)}`,
                phone_hash: cipher.lookupHash(phone),
                phone_enc: cipher.encrypt(phone),
                birth_date: `19${40 + Math.floor(random() * 30)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
                community_id: service.community_id,
                wx_openid: null,
                demo_persona: null,
              }
            }),
          )
          .returning('id')
          .execute()
        residents.set(service.community_id, rows.map((r) => r.id))
      }
      const people = residents.get(service.community_id) ?? []
      const today = localDate(now, service.timezone)
      for (let back = 80; back >= 2; back -= 1 + Math.floor(random() * 4)) {
        const day = addDays(today, -back)
        const startsAt = zonedInstant(day, service.start_time, service.timezone)
        const slot = await trx
          .insertInto('slot')
          .values({ community_id: service.community_id, service_id: service.id, starts_at: startsAt, ends_at: zonedInstant(day, service.end_time, service.timezone), capacity: service.capacity })
          .onConflict((oc) => oc.columns(['service_id', 'starts_at']).doUpdateSet({ capacity: service.capacity }))
          .returning('id')
          .executeTakeFirstOrThrow()
        const userId = pick(people)
        const servedAt = addMinutes(startsAt, 30)
        await trx.updateTable('slot').set((eb) => ({ booked: eb('booked', '+', 1) })).where('id', '=', slot.id).execute()
        const booking = await trx
          .insertInto('booking')
          .values({
            community_id: service.community_id,
            service_id: service.id,
            slot_id: slot.id,
            booked_by: userId,
            family_member_id: null,
            status: 'served',
            holds_seat: true,
            check_in_code: String(100000 + Math.floor(random() * 899999)),
            answers: JSON.stringify({}),
            channel: 'self',
            status_reason: null,
            reminded_at: null,
            served_at: servedAt,
            created_at: addMinutes(startsAt, -24 * 60),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        const roll = random()
        const level = roll < 0.55 ? 5 : roll < 0.8 ? 4 : roll < 0.9 ? 3 : roll < 0.97 ? 2 : 1
        const ratedAt = addMinutes(servedAt, 120)
        const rating = await trx
          .insertInto('rating')
          .values({
            community_id: service.community_id,
            booking_id: booking.id,
            service_id: service.id,
            category_id: service.category_id,
            provider_id: service.provider_id,
            rater_user_id: userId,
            level,
            tags: [pick(tagsForLevel(level))],
            comment: pick(COMMENTS[level] ?? ['']),
            month: `${localDate(ratedAt, service.timezone).slice(0, 7)}-01`,
            created_at: ratedAt,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        if (level > 2) continue
        const deadline = rectificationDeadline(ratedAt, 15, service.timezone)
        const answered = back > 25
        const caseRow = await trx
          .insertInto('rectification_case')
          .values({
            community_id: service.community_id,
            rating_id: rating.id,
            service_id: service.id,
            status: answered ? 'closed' : 'open',
            deadline: back > 10 && !answered ? addMinutes(now, -24 * 60) : deadline,
            escalated_at: null,
            resident_satisfied: answered ? true : null,
            replied_at: answered ? addMinutes(ratedAt, 3 * 24 * 60) : null,
            closed_at: answered ? addMinutes(ratedAt, 4 * 24 * 60) : null,
            created_at: ratedAt,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        if (answered) {
          const steps = [
            ['verify', `电话回访居民，核实：${RATING_LEVEL_LABELS[level]}属实`],
            ['rectify', '已与服务承接方沟通整改'],
            ['reply', '已整改，欢迎再次监督'],
            ['resident_feedback', '满意'],
          ] as const
          for (const [i, [kind, note]] of steps.entries()) {
            await trx
              .insertInto('case_step')
              .values({ case_id: caseRow.id, kind, note, actor_user_id: kind === 'resident_feedback' ? userId : staff?.id ?? null, at: addMinutes(ratedAt, (i + 1) * 24 * 60) })
              .execute()
          }
        }
      }
    }
  })
}
