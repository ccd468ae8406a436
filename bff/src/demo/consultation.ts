import type { TopicState } from '@linli/shared'
import * as auth from '../auth/repository'
import { registeredResidents } from '../auth/residents'
import { sealPerson } from '../auth/sealed'
import * as deliberation from '../consultation/opinion-repository'
import * as consultation from '../consultation/repository'
import { communityOrThrow, settingsOf, supportThreshold } from '../consultation/service'
import * as votes from '../consultation/vote-repository'
import { decide } from '../consultation/votes'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { FieldCipher } from '../platform/crypto'

const HOUR_MS = 60 * 60 * 1000
const DAY_MS = 24 * HOUR_MS
/** Neighbours of 桂花社区 who support the demo topics (no phone: they never log in). */
const SUPPORTERS = ['周桂芳', '吴建华', '郑玉梅', '孙德胜', '钱淑珍', '冯志明', '陈凤兰', '褚国庆', '卫秀云', '蒋春来', '沈丽娟', '韩长生', '杨美华', '朱家宝', '秦雪梅', '尤振华', '许玉琴', '何永康', '吕桂兰', '施建平', '张翠英', '孔德明', '曹小红', '严宝林']

type Stance = 'support' | 'oppose' | 'neutral'

/** A neighbour's opinion, with replies and likes by other neighbours (indexes into SUPPORTERS; -1 is the proposer). */
interface DemoOpinion {
  by: number
  stance: Stance
  body: string
  hoursAfter: number
  likes?: number
  replies?: { by: number; body: string }[]
}

/** A 居民会议 vote: `ballots` per option, cast by neighbours (never by a persona, who can still vote in the demo). */
interface DemoVote {
  opensDaysAgo: number
  /** Negative: still open that many days from now. */
  closesDaysAgo: number
  options: { label: string; adopts: boolean; ballots: number }[]
}

interface DemoTopic {
  proposer: 'elder' | 'parent'
  category: string
  title: string
  description: string
  links?: string[]
  daysAgo: number
  supports: number
  /** The moves after 征集中 with their reasons: by staff, the proposer, or the system (a vote's close, the 公示's end). */
  moves: { to: TopicState; by: 'staff' | 'proposer' | 'system'; reason?: string; daysAgo: number }[]
  /** Posted during 协商中 (the move to deliberating), so the page of a topic past it has its deliberation too. */
  opinions?: DemoOpinion[]
  vote?: DemoVote
}

const TOPICS: DemoTopic[] = [
  {
    proposer: 'elder',
    category: '公共设施与环境整治',
    title: '3栋楼道加装扶手和夜间感应灯',
    description: '3栋是老楼，楼道没有扶手，晚上灯也不亮，老人上下楼很危险。建议每层加装扶手和感应灯。',
    daysAgo: 12,
    supports: 8,
    moves: [],
  },
  {
    proposer: 'parent',
    category: '为老为小服务',
    title: '暑假开设小学生托管班',
    description: '双职工家庭暑假孩子没人看，建议社区利用党群服务中心活动室开设暑期托管班，请志愿者辅导作业。',
    links: ['https://example.org/guihua/summer-care-survey.pdf'],
    daysAgo: 20,
    supports: 22,
    moves: [],
  },
  {
    proposer: 'elder',
    category: '小区物业与停车管理',
    title: '东门口电动车乱停影响通行',
    description: '东门口每天停满电动车，轮椅和婴儿车过不去，消防通道也被堵。建议划定停放区并加装充电桩。',
    daysAgo: 40,
    supports: 24,
    moves: [{ to: 'accepted', by: 'staff', daysAgo: 30 }],
  },
  {
    proposer: 'parent',
    category: '公共设施与环境整治',
    title: '中心花园增设儿童游乐设施',
    description: '中心花园只有健身器材，孩子没有玩的地方。建议在花园东侧增设滑梯、沙池等儿童游乐设施。',
    daysAgo: 60,
    supports: 23,
    moves: [
      { to: 'accepted', by: 'staff', daysAgo: 50 },
      { to: 'deliberating', by: 'staff', daysAgo: 45 },
    ],
    opinions: [
      {
        by: 6,
        stance: 'support',
        body: '孙子放学就在花园里转圈，连个滑梯都没有，只能跑去隔壁小区玩。支持在东侧装一套，地面最好铺软垫。',
        hoursAfter: 5,
        likes: 6,
        replies: [{ by: 10, body: '同意，隔壁小区那套就是塑胶地面，孩子摔了也不疼。' }],
      },
      {
        by: 3,
        stance: 'oppose',
        body: '东侧那块离1栋太近，孩子一多吵得很，我家老伴午睡都睡不好。建议换到南边靠围墙的位置。',
        hoursAfter: 9,
        likes: 3,
        replies: [{ by: -1, body: '理解您的顾虑，可以约定晚上八点以后不开放，位置也可以在议事会上再商量。' }],
      },
      { by: 13, stance: 'neutral', body: '装可以，但以后谁来维护？器材坏了没人修反而更危险，希望物业先说清楚维护费用从哪里出。', hoursAfter: 20, likes: 4 },
      { by: 8, stance: 'support', body: '这几年年轻家庭多了，花园不能只有老人的健身器材。沙池要加盖子，防止猫狗弄脏。', hoursAfter: 30, likes: 2 },
      {
        by: 18,
        stance: 'oppose',
        body: '花园本来就不大，再占一块地，夏天乘凉的地方更少了。',
        hoursAfter: 46,
        likes: 1,
        replies: [{ by: 6, body: '东侧那块本来就是裸土，不占树荫的。' }],
      },
      { by: 20, stance: 'neutral', body: '建议先通过楼栋长做个摸底，看看有多少户有小孩，再定买多大的设施。', hoursAfter: 70, likes: 2 },
    ],
  },
  {
    proposer: 'parent',
    category: '公益事业与志愿服务',
    title: '文体活动室工作日晚上开放到21:00',
    description: '文体活动室下午五点半就关门，上班族下班回来根本用不上。建议工作日晚上延长开放到21:00，由志愿者轮流值守。',
    daysAgo: 70,
    supports: 21,
    moves: [
      { to: 'accepted', by: 'staff', daysAgo: 62 },
      { to: 'deliberating', by: 'staff', daysAgo: 56 },
      { to: 'voting', by: 'staff', daysAgo: 2 },
    ],
    opinions: [
      { by: 9, stance: 'support', body: '我们舞蹈队白天要带孙子，晚上才有空排练，延长开放太好了。', hoursAfter: 3, likes: 5 },
      {
        by: 1,
        stance: 'oppose',
        body: '活动室楼上就是住户，晚上九点还在放音乐会影响休息。要延长也得限制音量。',
        hoursAfter: 12,
        likes: 4,
        replies: [{ by: 11, body: '可以规定八点半以后只开书画室和乒乓球室，不放音乐。' }],
      },
      { by: 15, stance: 'neutral', body: '值守的志愿者要排好班，还要买好场地保险，出了事谁负责要先讲清楚。', hoursAfter: 26, likes: 3 },
    ],
    vote: {
      opensDaysAgo: 2,
      closesDaysAgo: -5,
      options: [
        { label: '同意工作日延长至21:00', adopts: true, ballots: 6 },
        { label: '维持现在的开放时间', adopts: false, ballots: 3 },
      ],
    },
  },
  {
    proposer: 'elder',
    category: '公共设施与环境整治',
    title: '垃圾分类投放点从楼下迁到西侧空地',
    description: '2栋和4栋楼下的垃圾投放点夏天气味很大，还招蚊虫。建议统一迁到西侧空地，定时定点投放，并加装洗手池。',
    daysAgo: 80,
    supports: 24,
    moves: [
      { to: 'accepted', by: 'staff', daysAgo: 72 },
      { to: 'deliberating', by: 'staff', daysAgo: 66 },
      { to: 'voting', by: 'staff', daysAgo: 30 },
      { to: 'resolved', by: 'system', daysAgo: 23 },
    ],
    opinions: [
      { by: 0, stance: 'support', body: '我住2栋一楼，夏天窗户都不敢开，早就盼着搬走了。', hoursAfter: 4, likes: 7 },
      {
        by: 19,
        stance: 'oppose',
        body: '西侧空地离6栋太远，老人提着垃圾走过去不方便，下雨天更麻烦。',
        hoursAfter: 15,
        likes: 3,
        replies: [{ by: 4, body: '可以请志愿者每天上门收一次行动不便老人的垃圾。' }],
      },
      { by: 22, stance: 'neutral', body: '搬可以，投放点要加顶棚和照明，晚上倒垃圾看得见。', hoursAfter: 40, likes: 2 },
    ],
    vote: {
      opensDaysAgo: 30,
      closesDaysAgo: 23,
      options: [
        { label: '同意迁至西侧空地', adopts: true, ballots: 13 },
        { label: '不同意，维持楼下投放', adopts: false, ballots: 4 },
        { label: '弃权', adopts: false, ballots: 1 },
      ],
    },
  },
  {
    proposer: 'elder',
    category: '为老为小服务',
    title: '助老食堂增加周六午餐',
    description: '助老食堂只有工作日供餐，周末子女不在身边的老人只能吃剩菜。建议周六也供应午餐，价格和平时一样。',
    daysAgo: 120,
    supports: 23,
    moves: [
      { to: 'accepted', by: 'staff', daysAgo: 110 },
      { to: 'deliberating', by: 'staff', daysAgo: 104 },
      { to: 'resolved', by: 'staff', daysAgo: 90 },
      { to: 'implementing', by: 'system', daysAgo: 83 },
    ],
    opinions: [
      { by: 7, stance: 'support', body: '老伴走了以后周末最难熬，能去食堂吃顿热饭还能和老姐妹说说话。', hoursAfter: 6, likes: 8 },
      { by: 12, stance: 'neutral', body: '周六厨师要加班，成本从哪里出？建议先试行三个月看看人数。', hoursAfter: 22, likes: 4 },
    ],
  },
  {
    proposer: 'parent',
    category: '社区安全与矛盾纠纷',
    title: '小区主干道增设减速带和限速标志',
    description: '主干道经常有车开得很快，放学时间孩子多，差点出过事。建议在幼儿园门口和拐弯处加装减速带、限速5公里标志。',
    daysAgo: 200,
    supports: 24,
    moves: [
      { to: 'accepted', by: 'staff', daysAgo: 190 },
      { to: 'deliberating', by: 'staff', daysAgo: 184 },
      { to: 'voting', by: 'staff', daysAgo: 170 },
      { to: 'resolved', by: 'system', daysAgo: 163 },
      { to: 'implementing', by: 'system', daysAgo: 156 },
      { to: 'implemented', by: 'staff', daysAgo: 120 },
    ],
    opinions: [
      { by: 5, stance: 'support', body: '上个月我家孩子在拐角差点被电动车撞到，减速带一定要装。', hoursAfter: 2, likes: 9 },
      {
        by: 16,
        stance: 'oppose',
        body: '减速带太高的话，推轮椅和婴儿车过去很颠，希望选坡度缓一点的。',
        hoursAfter: 18,
        likes: 5,
        replies: [{ by: -1, body: '好的，议事会上会请物业选用橡胶缓坡式的。' }],
      },
      { by: 23, stance: 'neutral', body: '外卖电动车才是最快的，光装减速带不够，门岗也要提醒。', hoursAfter: 33, likes: 3 },
    ],
    vote: {
      opensDaysAgo: 170,
      closesDaysAgo: 163,
      options: [
        { label: '同意增设减速带和限速标志', adopts: true, ballots: 15 },
        { label: '不同意', adopts: false, ballots: 3 },
      ],
    },
  },
  {
    proposer: 'elder',
    category: '小区物业与停车管理',
    title: '更换小区物业公司',
    description: '物业服务越来越差，保洁不及时，建议更换物业公司。',
    daysAgo: 35,
    supports: 5,
    moves: [{ to: 'declined', by: 'staff', reason: '更换物业须由业主大会依法决定，社区已转业委会按程序办理', daysAgo: 28 }],
  },
  {
    proposer: 'parent',
    category: '社区安全与矛盾纠纷',
    title: '5栋楼上漏水问题协调',
    description: '5栋502漏水到402，多次沟通未解决，希望社区出面协调。',
    daysAgo: 25,
    supports: 2,
    moves: [{ to: 'terminated', by: 'proposer', reason: '经人民调解已经解决，撤回议题', daysAgo: 18 }],
  },
]

/** Seeds one opinion with its replies and likes, a neighbour's own: no rate limit or audit, as a migration of history would. */
async function seedOpinions(trx: Db, topicId: string, from: Date, opinions: readonly DemoOpinion[], authorOf: (i: number) => string, supporters: readonly string[]) {
  for (const o of opinions) {
    const at = new Date(from.getTime() + o.hoursAfter * HOUR_MS)
    const opinion = await deliberation.insertOpinion(trx, { topic_id: topicId, parent_id: null, author_user_id: authorOf(o.by), stance: o.stance, body: o.body, hidden_reason: null, created_at: at })
    for (const [i, r] of (o.replies ?? []).entries()) {
      await deliberation.insertOpinion(trx, { topic_id: topicId, parent_id: opinion.id, author_user_id: authorOf(r.by), stance: null, body: r.body, hidden_reason: null, created_at: new Date(at.getTime() + (i + 1) * HOUR_MS) })
    }
    for (const userId of supporters.filter((id) => id !== opinion.author_user_id).slice(0, o.likes ?? 0)) {
      if (await deliberation.insertLike(trx, opinion.id, userId)) await deliberation.incrementLike(trx, opinion.id)
    }
  }
}

/**
 * A 居民会议 vote with its ballots, each counted as castBallot counts one (ballot, turnout, option
 * in the vote's window), so a closed one shows its tally and an open one its participation bar.
 * The electorate is the community's registered residents (all adults here: the 居民会议's 18+
 * electorate when staff open one counts the same).
 */
async function seedVote(trx: Db, topicId: string, communityId: string, openedBy: string, now: Date, vote: DemoVote, voters: readonly string[]) {
  const opensAt = new Date(now.getTime() - vote.opensDaysAgo * DAY_MS)
  const closesAt = new Date(now.getTime() - vote.closesDaysAgo * DAY_MS)
  const row = await votes.insertVote(trx, { topic_id: topicId, rule: 'resident_meeting', opens_at: opensAt, closes_at: closesAt, eligible: await registeredResidents(trx, communityId), opened_by: openedBy, created_at: opensAt })
  if (!row) throw new Error('demo topic has a vote already')
  await votes.insertOptions(trx, row.id, vote.options)
  const options = await votes.findOptions(trx, row.id)
  // Cast inside the window, before now: halfway through what has passed of it.
  const castAt = new Date((opensAt.getTime() + Math.min(closesAt.getTime(), now.getTime())) / 2)
  let next = 0
  for (const [i, o] of vote.options.entries()) {
    const optionId = options[i]?.id
    if (!optionId) throw new Error('demo vote option missing')
    for (let n = 0; n < o.ballots; n++) {
      const userId = voters[next++]
      if (!userId) throw new Error('demo vote has more ballots than neighbours')
      await votes.insertBallot(trx, { vote_id: row.id, user_id: userId, household_id: null, assisted_by: null })
      // 0 m²: 居民会议 counts heads, not floor area.
      await votes.incrementTurnout(trx, row.id, castAt, 0)
      await votes.incrementOption(trx, row.id, optionId, 0)
    }
  }
  // A vote that ended is closed with its result, as the close job would have done then: the job
  // finds nothing to close (nor moves, nor messages) in the demo's history.
  if (closesAt <= now) {
    const counted = await votes.findVoteByTopic(trx, topicId)
    if (!counted) throw new Error('demo vote vanished')
    const result = decide(counted, await communityOrThrow(trx, communityId), await votes.findOptions(trx, row.id))
    await votes.markClosed(trx, row.id, closesAt, result.outcome)
  }
}

/**
 * 社区协商 demo topics for 桂花社区, in every state (征集中 below and at the threshold, 已立项,
 * 未立项, 协商中 with a mix of opinions, 表决中 with an open 居民会议 vote, 已形成结果 with a closed
 * one, 落实中, 已落实, 已终止), through the consultation domain's repositories. Personas never
 * vote or like here, so a person trying the demo can still do both. Runs once: nothing is written
 * when the community has topics already.
 */
export async function seedDemoConsultation(db: Db, cipher: FieldCipher, now: Date): Promise<void> {
  const [elder, parent, staff] = await Promise.all([auth.findUserByPersona(db, 'elder'), auth.findUserByPersona(db, 'parent'), auth.findUserByPersona(db, 'staff')])
  const communityId = elder?.community_id
  if (!elder || !parent || !staff || !communityId) return
  if ((await consultation.listTopics(db, { communityId, limit: 1 })).length > 0) return
  const categories = new Map((await consultation.findCategories(db, communityId)).map((c) => [c.name, c.id]))
  await inTransaction(db, async (trx) => {
    const supporters: string[] = []
    for (const name of SUPPORTERS) {
      const user = await auth.insertUser(trx, { person: sealPerson(cipher, { name, birthDate: null }), communityId })
      if (user) supporters.push(user.id)
    }
    const threshold = supportThreshold(await settingsOf(trx, communityId), await registeredResidents(trx, communityId))
    const proposers = { elder: elder.id, parent: parent.id }
    for (const t of TOPICS) {
      const createdAt = new Date(now.getTime() - t.daysAgo * DAY_MS)
      const categoryId = categories.get(t.category)
      if (!categoryId) throw new Error(`demo topic names unknown category ${t.category}`)
      const topic = await consultation.insertTopic(trx, {
        community_id: communityId,
        category_id: categoryId,
        proposer_user_id: proposers[t.proposer],
        title: t.title,
        description: t.description,
        links: t.links ?? [],
        state: 'collecting',
        state_reason: null,
        threshold,
        expires_at: new Date(createdAt.getTime() + 90 * DAY_MS),
        created_at: createdAt,
      })
      await consultation.insertMove(trx, { topic_id: topic.id, from_state: null, to_state: 'collecting', reason: null, actor_kind: 'proposer', actor_user_id: proposers[t.proposer], at: createdAt })
      // Supported in the first days of its 征集, while it ran: an old topic's period ended long ago.
      const supportedAt = new Date(createdAt.getTime() + DAY_MS)
      for (const userId of supporters.slice(0, t.supports)) {
        if (await consultation.insertSupport(trx, topic.id, userId)) await consultation.incrementSupport(trx, topic.id, supportedAt)
      }
      const authorOf = (i: number) => (i < 0 ? proposers[t.proposer] : (supporters[i] ?? proposers[t.proposer]))
      let from: TopicState = 'collecting'
      for (const m of t.moves) {
        const at = new Date(now.getTime() - m.daysAgo * DAY_MS)
        await consultation.moveTopic(trx, topic.id, from, m.to, m.reason ?? null)
        const actor = m.by === 'staff' ? staff.id : m.by === 'proposer' ? proposers[t.proposer] : null
        await consultation.insertMove(trx, { topic_id: topic.id, from_state: from, to_state: m.to, reason: m.reason ?? null, actor_kind: m.by, actor_user_id: actor, at })
        if (m.to === 'deliberating' && t.opinions) await seedOpinions(trx, topic.id, at, t.opinions, authorOf, supporters)
        if (m.to === 'voting' && t.vote) await seedVote(trx, topic.id, communityId, staff.id, now, t.vote, supporters)
        from = m.to
      }
    }
  })
}
