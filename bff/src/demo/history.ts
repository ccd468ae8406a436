import { GOOD_TAGS, POOR_TAGS } from '@linli/shared'
import { addDays, addMinutes, localDate, zonedInstant } from '../calendar/local-time'
import * as auth from '../auth/repository'
import { sealPerson } from '../auth/sealed'
import * as booking from '../booking/repository'
import { markBookingRated } from '../booking/served'
import * as catalog from '../catalog/repository'
import { workingDayCalendar } from '../calendar/service'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { FieldCipher } from '../platform/crypto'
import * as rating from '../rating/repository'
import { rectificationDeadline } from '../rating/service'
import * as region from '../region/repository'
import { issueCheckInCode, takeSeat } from '../seats/seats'

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗']
const GIVEN = ['桂英', '秀英', '建国', '玉兰', '志强', '淑芬', '国华', '丽华', '德明', '秀珍', '春生', '凤英', '海燕', '长青', '素梅']
/**
 * What residents say about each kind of service, by level, with tags that fit it (no 饭菜 under
 * 家庭医生), and how staff put a 差评 right — said of whoever serves, not "服务承接方".
 */
interface Feedback {
  comments: Record<number, readonly string[]>
  goodTags: readonly GoodTag[]
  poorTags: readonly PoorTag[]
  rectify: string
}
type GoodTag = (typeof GOOD_TAGS)[number]
type PoorTag = (typeof POOR_TAGS)[number]

const MEAL: Feedback = {
  comments: {
    5: ['饭菜可口，阿姨很热情', '荤素搭配好，价格实惠'],
    4: ['菜挺好，就是排队的人有点多', ''],
    3: ['还可以，口味偏淡', ''],
    2: ['排队太久，饭菜凉了', '菜量比上个月少了'],
    1: ['打饭的师傅态度不好', '米饭夹生，反映了也没人管'],
  },
  goodTags: ['饭菜可口', '态度好', '准时'],
  poorTags: ['等待太久', '饭菜不合口', '态度差'],
  rectify: '已与食堂沟通：午餐高峰增开窗口，饭菜保温后再打',
}
const DAYCARE: Feedback = {
  comments: {
    5: ['护理员很耐心，老人愿意来', '午休床位干净，活动也多'],
    4: ['活动丰富，就是人多有点吵', ''],
    3: ['还可以', ''],
    2: ['康复器材坏了一直没修', '下午的活动经常临时取消'],
    1: ['护理员对老人说话很冲', '反映的问题一直没人管'],
  },
  goodTags: ['耐心细致', '环境整洁', '态度好'],
  poorTags: ['环境不好', '态度差', '问题没解决'],
  rectify: '已与日间照料中心沟通：器材修好，活动按公示时间开展',
}
const LEGAL: Feedback = {
  comments: {
    5: ['律师讲得很清楚，帮了大忙', '耐心听我说完，给了具体建议'],
    4: ['解答专业，就是时间有点短', ''],
    3: ['说得比较笼统', ''],
    2: ['预约了还要等半小时', '只说去法院起诉，没讲怎么准备材料'],
    1: ['律师态度敷衍', '问题没有解决，白跑一趟'],
  },
  goodTags: ['专业', '耐心细致', '准时'],
  poorTags: ['等待太久', '不专业', '问题没解决'],
  rectify: '已与法律顾问沟通：按预约时间接待，书面列出需要准备的材料',
}
const AFTER_SCHOOL: Feedback = {
  comments: {
    5: ['老师辅导作业很认真，孩子很喜欢', '接孩子时老师会讲当天的情况'],
    4: ['挺好的，就是活动室有点挤', ''],
    3: ['还可以', ''],
    2: ['作业辅导不够细，错题没讲', '接孩子时在门口等了很久'],
    1: ['孩子磕破了膝盖，没人告诉家长', '老师对孩子说话很凶'],
  },
  goodTags: ['耐心细致', '专业', '环境整洁'],
  poorTags: ['态度差', '不专业', '等待太久'],
  rectify: '已与托管老师沟通：孩子有情况当天告知家长，错题逐一讲解',
}
const DOCTOR: Feedback = {
  comments: {
    5: ['医生讲得很细，用药说得清楚', '随访很及时'],
    4: ['医生很专业，就是排队久', ''],
    3: ['还可以', ''],
    2: ['签约后一直没人来随访', '等了一个小时才轮到'],
    1: ['医生态度不耐烦', '血压高的原因没讲清楚就让走了'],
  },
  goodTags: ['专业', '耐心细致', '准时'],
  poorTags: ['等待太久', '态度差', '问题没解决'],
  rectify: '已与家庭医生团队沟通：按月随访，现场签约分时段叫号',
}
const FEEDBACK: Record<string, Feedback> = {
  'guihua-meal-lunch': MEAL,
  'fenglin-meal': MEAL,
  'shiqiao-meal': MEAL,
  'guihua-daycare': DAYCARE,
  'guihua-legal': LEGAL,
  'guihua-afterschool': AFTER_SCHOOL,
  'guihua-doctor': DOCTOR,
}

/** Tags a resident could give at this level: praise for 4–5, complaints for 1–2, either at 3 (as tagsForLevel). */
function tagsFitting(feedback: Feedback, level: number): readonly string[] {
  if (level >= 4) return feedback.goodTags
  if (level <= 2) return feedback.poorTags
  return [...feedback.goodTags, ...feedback.poorTags]
}

/** A small deterministic generator, so the demo history is the same on every machine. */
function generator(seed: number) {
  let state = seed
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296
    return state / 4294967296
  }
}

/** The demo services that get a history, with their community's zone and their first weekly rule's hours. */
async function servicesWithHistory(db: Db) {
  const services = await catalog.findServicesByCodes(db, Object.keys(FEEDBACK))
  const zones = new Map((await region.findCommunitiesByIds(db, services.map((s) => s.community_id))).map((c) => [c.id, c.timezone]))
  const withRules = await Promise.all(services.map(async (service) => ({ service, rule: (await booking.findRules(db, service.id))[0] })))
  return withRules
    .flatMap(({ service, rule }) => {
      const timezone = zones.get(service.community_id)
      return rule && timezone ? [{ ...service, timezone, start_time: rule.start_time, end_time: rule.end_time, capacity: rule.capacity }] : []
    })
    .sort((a, b) => a.id.localeCompare(b.id))
}

/**
 * Three months of served bookings and ratings in the demo communities, so 满意度公示 and the
 * dashboards show something real from the first start. Mostly satisfied, some 差评 with their
 * rectification (answered in time, one still open and one overdue). Written once, through the
 * repositories a real booking and rating go through (seats taken by the seats kernel, 已评价 told
 * to booking by rating), so a change to booking's or rating's tables cannot leave it behind.
 */
export async function seedDemoHistory(db: Db, cipher: FieldCipher, now: Date): Promise<void> {
  if (await rating.hasRatings(db)) return
  const calendar = await workingDayCalendar(db)
  const random = generator(20261122)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const services = await servicesWithHistory(db)
  const staff = await auth.findUserByPersona(db, 'staff')

  await inTransaction(db, async (trx) => {
    const residents = new Map<string, string[]>()
    for (const service of services) {
      if (!residents.has(service.community_id)) {
        const ids: string[] = []
        for (let i = 0; i < 24; i++) {
          const phone = `1350000${String(residents.size * 100 + i).padStart(4, '0')}`
          const resident = await auth.insertUser(trx, {
            person: sealPerson(cipher, {
              name: `${pick(SURNAMES)}${pick(GIVEN)}`,
              birthDate: `19${40 + Math.floor(random() * 30)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
            }),
            phoneHash: cipher.lookupHash(phone),
            phoneEnc: cipher.encrypt(phone),
            communityId: service.community_id,
          })
          if (!resident) throw new Error(`demo resident ${phone} is already registered`)
          ids.push(resident.id)
        }
        residents.set(service.community_id, ids)
      }
      const people = residents.get(service.community_id) ?? []
      const feedback = FEEDBACK[service.code] ?? MEAL
      const today = localDate(now, service.timezone)
      for (let back = 80; back >= 2; back -= 1 + Math.floor(random() * 4)) {
        const day = addDays(today, -back)
        const startsAt = zonedInstant(day, service.start_time, service.timezone)
        await booking.insertSlots(trx, [
          { community_id: service.community_id, service_id: service.id, starts_at: startsAt, ends_at: zonedInstant(day, service.end_time, service.timezone), capacity: service.capacity },
        ])
        const [slot] = await booking.listSlots(trx, service.id, startsAt, addMinutes(startsAt, 1))
        if (!slot || !(await takeSeat(trx, booking.SLOT_SEATS, slot.id))) continue
        const userId = pick(people)
        const servedAt = addMinutes(startsAt, 30)
        const bookingId = await booking.insertBooking(trx, {
          community_id: service.community_id,
          service_id: service.id,
          slot_id: slot.id,
          booked_by: userId,
          family_member_id: null,
          status: 'served',
          holds_seat: true,
          check_in_code: await issueCheckInCode(trx, booking.SLOT_SEATS, service.community_id, () => String(100000 + Math.floor(random() * 899999))),
          answers: JSON.stringify({}),
          channel: 'self',
          status_reason: null,
          reminded_at: null,
          served_at: servedAt,
          created_at: addMinutes(startsAt, -24 * 60),
        })
        const roll = random()
        const level = roll < 0.55 ? 5 : roll < 0.8 ? 4 : roll < 0.9 ? 3 : roll < 0.97 ? 2 : 1
        // Every demo booking is rated two hours after serving.
        const ratedAt = addMinutes(servedAt, 120)
        const ratingId = await rating.insertRating(trx, {
          community_id: service.community_id,
          booking_id: bookingId,
          service_id: service.id,
          category_id: service.category_id,
          provider_id: service.provider_id,
          rater_user_id: userId,
          level,
          tags: [pick(tagsFitting(feedback, level))],
          comment: pick(feedback.comments[level] ?? ['']),
          month: `${localDate(ratedAt, service.timezone).slice(0, 7)}-01`,
          created_at: ratedAt,
        })
        await markBookingRated(trx, bookingId, ratedAt)
        if (level > 2) continue
        const deadline = rectificationDeadline(calendar, ratedAt, 15, service.timezone)
        const answered = back > 25
        const caseId = await rating.insertCase(trx, {
          community_id: service.community_id,
          rating_id: ratingId,
          service_id: service.id,
          status: answered ? 'closed' : 'open',
          deadline: back > 10 && !answered ? addMinutes(now, -24 * 60) : deadline,
          escalated_at: null,
          resident_satisfied: answered ? true : null,
          replied_at: answered ? addMinutes(ratedAt, 3 * 24 * 60) : null,
          closed_at: answered ? addMinutes(ratedAt, 4 * 24 * 60) : null,
          created_at: ratedAt,
        })
        if (answered) {
          const steps = [
            ['verify', '电话回访居民，反映的情况属实'],
            ['rectify', feedback.rectify],
            ['reply', '已整改，欢迎再次监督'],
            ['resident_feedback', '满意'],
          ] as const
          for (const [i, [kind, note]] of steps.entries()) {
            await rating.insertCaseStep(trx, { case_id: caseId, kind, note, actor_user_id: kind === 'resident_feedback' ? userId : staff?.id ?? null, at: addMinutes(ratedAt, (i + 1) * 24 * 60) })
          }
        }
      }
    }
  })
}
