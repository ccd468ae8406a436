import type { TopicState } from '@linli/shared'
import * as auth from '../auth/repository'
import { registeredResidents } from '../auth/residents'
import { sealPerson } from '../auth/sealed'
import * as consultation from '../consultation/repository'
import { settingsOf, supportThreshold } from '../consultation/service'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { FieldCipher } from '../platform/crypto'

const DAY_MS = 24 * 60 * 60 * 1000
/** Neighbours of 桂花社区 who support the demo topics (no phone: they never log in). */
const SUPPORTERS = ['周桂芳', '吴建华', '郑玉梅', '孙德胜', '钱淑珍', '冯志明', '陈凤兰', '褚国庆', '卫秀云', '蒋春来', '沈丽娟', '韩长生', '杨美华', '朱家宝', '秦雪梅', '尤振华', '许玉琴', '何永康', '吕桂兰', '施建平', '张翠英', '孔德明', '曹小红', '严宝林']

interface DemoTopic {
  proposer: 'elder' | 'parent'
  category: string
  title: string
  description: string
  links?: string[]
  daysAgo: number
  supports: number
  /** The moves after 征集中, by staff unless the proposer withdrew, with their reasons. */
  moves: { to: TopicState; by: 'staff' | 'proposer'; reason?: string; daysAgo: number }[]
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

/**
 * 社区协商 demo topics for 桂花社区, one or more in each state reached so far (征集中 below and
 * at the threshold, 已立项, 协商中, 未立项, 已终止), through the consultation domain's repository.
 * Runs once: nothing is written when the community has topics already.
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
      for (const userId of supporters.slice(0, t.supports)) {
        if (await consultation.insertSupport(trx, topic.id, userId)) await consultation.incrementSupport(trx, topic.id, now)
      }
      let from: TopicState = 'collecting'
      for (const m of t.moves) {
        await consultation.moveTopic(trx, topic.id, from, m.to, m.reason ?? null)
        const actor = m.by === 'staff' ? staff.id : proposers[t.proposer]
        await consultation.insertMove(trx, { topic_id: topic.id, from_state: from, to_state: m.to, reason: m.reason ?? null, actor_kind: m.by, actor_user_id: actor, at: new Date(now.getTime() - m.daysAgo * DAY_MS) })
        from = m.to
      }
    }
  })
}
