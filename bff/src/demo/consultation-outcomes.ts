import type { Milestone } from '@linli/shared'
import * as auth from '../auth/repository'
import { addDays, localDate, zonedInstant } from '../calendar/local-time'
import { workingDayCalendar } from '../calendar/service'
import * as outcomes from '../consultation/outcome-repository'
import { publicityPeriod } from '../consultation/outcomes'
import * as consultation from '../consultation/repository'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'

const DAY_MS = 24 * 60 * 60 * 1000
const TZ = 'Asia/Shanghai'

interface DemoUpdate {
  daysAgo: number
  statusText: string
  progress: number
  milestonesDone: number
}

/** A result of one of the demo topics (found by title), with what followed it. */
interface DemoOutcome {
  title: string
  summary: string
  publishedDaysAgo: number
  objection?: { body: string; answer: string }
  implementation?: { startedDaysAgo: number; unit: string; dueDaysAgo: number; milestones: string[]; updates: DemoUpdate[]; doneDaysAgo?: number }
  /** 评议 levels, given by the first of those who took part. */
  ratings?: number[]
}

const OUTCOMES: DemoOutcome[] = [
  {
    // Published yesterday: its 公示 runs, so a resident trying the demo can still object.
    title: '垃圾分类投放点从楼下迁到西侧空地',
    summary: '经居民会议表决通过：2栋、4栋楼下投放点迁至西侧空地，加装顶棚、照明和洗手池；行动不便的老人由志愿者每天上门收一次垃圾。',
    publishedDaysAgo: 1,
    objection: { body: '西侧空地离6栋太远，晚上去倒垃圾没有路灯，希望沿路加装照明。', answer: '已将沿路加装3盏太阳能路灯列入实施方案，与投放点同步完工。' },
  },
  {
    // Due a month ago and still 落实中: the street admin's overdue list has it.
    title: '助老食堂增加周六午餐',
    summary: '采纳：助老食堂周六增加午餐，价格与工作日相同，先试行三个月，按就餐人数决定是否长期开设。',
    publishedDaysAgo: 90,
    implementation: {
      startedDaysAgo: 83,
      unit: '桂花助老食堂',
      dueDaysAgo: 30,
      milestones: ['招聘周六厨师', '试行首月', '试行总结'],
      updates: [
        { daysAgo: 70, statusText: '已招聘一名周六厨师，菜单已确定。', progress: 30, milestonesDone: 1 },
        { daysAgo: 40, statusText: '试行首月每周六平均就餐42人，老人反映良好。', progress: 60, milestonesDone: 2 },
      ],
    },
  },
  {
    title: '小区主干道增设减速带和限速标志',
    summary: '经居民会议表决通过：在幼儿园门口和两个拐弯处加装缓坡减速带，设置限速5公里标志。',
    publishedDaysAgo: 163,
    implementation: {
      startedDaysAgo: 156,
      unit: '桂花物业',
      dueDaysAgo: 125,
      milestones: ['采购缓坡减速带', '施工安装', '竣工验收'],
      updates: [
        { daysAgo: 145, statusText: '减速带与标志牌已采购到货。', progress: 40, milestonesDone: 1 },
        { daysAgo: 128, statusText: '三处减速带和限速标志安装完毕，验收合格。', progress: 100, milestonesDone: 3 },
      ],
      doneDaysAgo: 120,
    },
    ratings: [5, 5, 4, 4, 3],
  },
]

const ago = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS)
const milestonesOf = (titles: readonly string[], done: number): Milestone[] => titles.map((title, i) => ({ title, done: i < done }))

/**
 * 协商结果 for the demo topics of 桂花社区 that are past a vote (seedDemoConsultation makes them):
 * one in 公示 with an answered objection, one 落实中 and overdue, one 已落实 with 评议. Through the
 * outcome repository; runs once (a topic that has a result is left as it is).
 */
export async function seedDemoOutcomes(db: Db, now: Date): Promise<void> {
  const staff = await auth.findUserByPersona(db, 'staff')
  const elder = await auth.findUserByPersona(db, 'elder')
  const communityId = elder?.community_id
  if (!staff || !communityId) return
  const calendar = await workingDayCalendar(db)
  const topics = await consultation.listTopics(db, { communityId, limit: 100 })
  await inTransaction(db, async (trx) => {
    for (const o of OUTCOMES) {
      const topic = topics.find((t) => t.title === o.title)
      if (!topic || (await outcomes.findOutcome(trx, topic.id))) continue
      const publishedAt = ago(now, o.publishedDaysAgo)
      const period = publicityPeriod(calendar, publishedAt, 5, TZ)
      const impl = o.implementation
      const dueOn = impl ? localDate(ago(now, impl.dueDaysAgo), TZ) : null
      const last = impl?.updates.at(-1)
      await outcomes.insertOutcome(trx, {
        topic_id: topic.id,
        community_id: communityId,
        summary: o.summary,
        adopted: true,
        reason: null,
        publicity_working_days: 5,
        published_at: publishedAt,
        publicity_ends_at: period.endsAt,
        published_by: staff.id,
        responsible_unit: impl?.unit ?? null,
        due_on: dueOn,
        due_at: dueOn ? zonedInstant(addDays(dueOn, 1), '00:00', TZ) : null,
        progress: last?.progress ?? 0,
        status_text: last?.statusText ?? null,
        milestones: JSON.stringify(impl ? milestonesOf(impl.milestones, last?.milestonesDone ?? 0) : []),
        started_at: impl ? ago(now, impl.startedDaysAgo) : null,
        done_at: impl?.doneDaysAgo ? ago(now, impl.doneDaysAgo) : null,
        overdue_noticed_at: null,
      })
      const participants = await outcomes.followerIds(trx, topic.id)
      if (o.objection) {
        const by = participants.find((id) => id !== topic.proposer_user_id) ?? topic.proposer_user_id
        const objection = await outcomes.insertObjection(trx, { topic_id: topic.id, author_user_id: by, body: o.objection.body, created_at: new Date(publishedAt.getTime() + DAY_MS / 4) })
        if (objection) await outcomes.answerObjection(trx, objection.id, { answer: o.objection.answer, answered_by: staff.id, answered_at: new Date(publishedAt.getTime() + DAY_MS / 2) })
      }
      if (impl && dueOn) {
        const first = { daysAgo: impl.startedDaysAgo, statusText: '开始落实', progress: 0, milestonesDone: 0 }
        for (const u of [first, ...impl.updates]) {
          await outcomes.insertUpdate(trx, {
            topic_id: topic.id,
            status_text: u.statusText,
            progress: u.progress,
            milestones: milestonesOf(impl.milestones, u.milestonesDone),
            responsible_unit: impl.unit,
            due_on: dueOn,
            reason: null,
            actor_user_id: staff.id,
            at: ago(now, u.daysAgo),
          })
        }
      }
      for (const [i, level] of (o.ratings ?? []).entries()) {
        const userId = participants[i]
        if (userId) await outcomes.insertRating(trx, { topic_id: topic.id, user_id: userId, level, comment: '', created_at: ago(now, 100 - i) })
      }
    }
  })
}
