import type { VolunteerSkill } from '@linli/shared'
import * as auth from '../auth/repository'
import { addDays, localDate, zonedInstant } from '../calendar/local-time'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { FieldCipher } from '../platform/crypto'
import * as seats from '../seats/seats'
import * as activities from '../volunteer/activity-repository'
import { newCodeSecret } from '../volunteer/facts'
import * as volunteer from '../volunteer/repository'

const TZ = 'Asia/Shanghai'

interface ActivitySeed {
  title: string
  content: string
  category: VolunteerSkill
  place: string
  how_to_sign_up: string
  required_skills?: VolunteerSkill[]
  min_age?: number
  minors_with_guardian?: boolean
  training?: string
  risks?: string
  risky?: boolean
  insurance?: string
  /** Days from today, start and end on the community's clock, role and seats. */
  shifts: { inDays: number; start: string; end: string; role: string; seats: number }[]
}

/**
 * What 桂花社区 publishes (issue 12 item 2), in the words a community would use: 社区志愿服务常态化
 * with 助老、助学、环保 and an 应急 drill (risky, insured, 志愿服务条例 第十七条).
 */
const SEEDS: ActivitySeed[] = [
  {
    title: '关爱独居老人上门探访',
    content: '两人一组上门探访社区独居、空巢老人：陪聊、了解需求，检查用电用气安全，发现困难及时反馈社区。',
    category: 'elder_care',
    place: '桂花社区党群服务中心（集合后分组出发）',
    how_to_sign_up: '在“邻里”小程序志愿活动页报名，或到党群服务中心一楼登记',
    required_skills: ['elder_care'],
    shifts: [
      { inDays: 2, start: '09:00', end: '11:00', role: '探访志愿者', seats: 2 },
      { inDays: 9, start: '09:00', end: '11:00', role: '探访志愿者', seats: 6 },
    ],
  },
  {
    title: '“四点半课堂”课后作业辅导',
    content: '为双职工家庭的小学生辅导作业、陪伴阅读，每次服务约 2 小时。',
    category: 'tutoring',
    place: '桂花社区四点半课堂（党群服务中心二楼）',
    how_to_sign_up: '在“邻里”小程序志愿活动页报名',
    min_age: 16,
    training: '首次参加前观看 20 分钟儿童安全与辅导要点视频',
    shifts: [
      { inDays: 3, start: '16:30', end: '18:30', role: '辅导老师', seats: 4 },
      { inDays: 5, start: '16:30', end: '18:30', role: '辅导老师', seats: 4 },
    ],
  },
  {
    title: '垃圾分类桶边引导',
    content: '早晚投放高峰在桶边引导居民分类投放，宣传“桶长制”，记录错投情况。家长可带孩子一同参加。',
    category: 'environment',
    place: '桂花苑 3 号、5 号投放点',
    how_to_sign_up: '在“邻里”小程序志愿活动页报名',
    min_age: 10,
    minors_with_guardian: true,
    shifts: [
      { inDays: 4, start: '07:00', end: '09:00', role: '引导员', seats: 3 },
      { inDays: 4, start: '18:00', end: '20:00', role: '引导员', seats: 3 },
    ],
  },
  {
    title: '社区应急疏散与灭火演练',
    content: '配合社区微型消防站开展高层住宅疏散演练，协助引导老人、儿童撤离，学习灭火器使用。',
    category: 'emergency',
    place: '桂花苑 8 幢及中心广场',
    how_to_sign_up: '在“邻里”小程序志愿活动页报名',
    required_skills: ['emergency'],
    training: '参加演练前 1 小时的安全培训（现场进行）',
    risks: '楼梯疏散有跌倒风险；灭火器操作有轻微烫伤风险。请穿运动鞋，听从指挥。',
    risky: true,
    insurance: '社区统一投保志愿者团体意外险（每人保额 20 万元）',
    shifts: [{ inDays: 7, start: '14:00', end: '16:30', role: '疏散引导员', seats: 8 }],
  },
  {
    title: '社区义诊与健康咨询',
    content: '配合社区卫生服务站开展量血压、测血糖和用药咨询，维持现场秩序。',
    category: 'medical',
    place: '桂花社区中心广场',
    how_to_sign_up: '在“邻里”小程序志愿活动页报名',
    shifts: [{ inDays: 6, start: '08:30', end: '11:30', role: '现场秩序', seats: 5 }],
  },
]

/**
 * Demo 志愿活动 for 桂花社区 (issue 12 item 2): five upcoming activities published by the staff
 * persona, written through this feature's repositories and the seats kernel. The first shift
 * (two seats) is filled by the community's registered volunteers with the rest waiting, when
 * enough are registered when this runs (registration's demo runs first); with none, nobody signs
 * up. Loading twice adds nothing.
 */
export async function seedDemoVolunteerActivities(db: Db, cipher: FieldCipher, now: Date): Promise<void> {
  void cipher
  const staff = await auth.findUserByPersona(db, 'staff')
  const communityId = staff ? (await auth.findUserByPersona(db, 'elder'))?.community_id : undefined
  if (!staff || !communityId) return
  const today = localDate(now, TZ)
  const existing = await activities.pageUpcomingActivities(db, { communityId, now, limit: 50 })
  const titles = new Set(existing.map((a) => a.title))
  for (const seed of SEEDS) {
    if (titles.has(seed.title)) continue
    await inTransaction(db, async (trx) => {
      const { shifts, required_skills, ...fields } = seed
      const activity = await volunteer.insertActivity(trx, {
        ...fields,
        community_id: communityId,
        team_id: null,
        kind: 'activity',
        required_skills: required_skills ?? [],
        training: seed.training ?? null,
        insurance: seed.insurance ?? null,
        headcount: shifts.reduce((n, s) => n + s.seats, 0),
        status: 'published',
        cancel_reason: null,
        slot_id: null,
        created_by: staff.id,
        published_by: staff.id,
        published_at: now,
      })
      const rows = await volunteer.insertShifts(
        trx,
        shifts.map((s) => {
          const startsAt = zonedInstant(addDays(today, s.inDays), s.start, TZ)
          return { activity_id: activity.id, community_id: communityId, role: s.role, starts_at: startsAt, ends_at: zonedInstant(addDays(today, s.inDays), s.end, TZ), capacity: s.seats, signup_deadline: startsAt, code_secret: newCodeSecret() }
        }),
      )
      if (seed === SEEDS[0] && rows[0]) await fillShift(trx, rows[0].id, communityId)
    })
  }
}

/** The registered volunteers of the community take the shift's seats in turn; the rest wait. */
async function fillShift(trx: Db, shiftId: string, communityId: string): Promise<void> {
  for (const p of await activities.activeVolunteersOf(trx, communityId, 4)) {
    const seated = await seats.takeSeat(trx, volunteer.SHIFT_SEATS, shiftId)
    await activities.insertSignup(trx, { shift_id: shiftId, user_id: p.user_id, community_id: communityId, status: seated ? 'signed_up' : 'waitlisted', guardian_user_id: null })
  }
}
