import type { Category } from '@linli/shared'
import type { Db } from '../db/database'

/**
 * A category of the inventory, with the everyday words residents search with: each inventory
 * term (as services are named) maps to what people say for it — an elder types 吃饭, not 助餐.
 */
interface CategoryDefinition extends Category {
  synonyms: Readonly<Record<string, readonly string[]>>
}

/**
 * The service categories of the community service inventory, from the 城乡社区服务体系建设规划
 * documents: 为民 (elder care, children, legal, mental health, employment, disability, health,
 * culture), 便民 (convenience) and 安民 (safety). Reference data every deployment needs.
 */
const DEFINITIONS: readonly CategoryDefinition[] = [
  {
    id: 'elder_care',
    name: '养老服务',
    description: '助餐、助浴、助洁、日间照料、探访关爱',
    synonyms: {
      助餐: ['吃饭', '午饭', '晚饭', '饭堂', '食堂', '送饭', '老年餐'],
      助浴: ['洗澡', '洗浴'],
      日间照料: ['托老', '白天照看', '养老院', '看护老人'],
      探访: ['陪聊', '上门看望', '独居', '空巢'],
    },
  },
  {
    id: 'children',
    name: '儿童服务',
    description: '课后托管、寒暑假看护、家长学校、儿童之家',
    synonyms: {
      托管: ['接孩子', '放学', '看孩子', '带孩子', '写作业', '辅导作业', '小饭桌'],
      看护: ['暑假', '寒假', '放假'],
      家长学校: ['育儿', '亲子', '教育孩子'],
    },
  },
  {
    id: 'legal',
    name: '法律服务',
    description: '社区法律顾问咨询、人民调解、法律援助',
    synonyms: {
      法律: ['打官司', '律师', '起诉', '告状', '维权', '合同', '欠薪', '离婚', '遗嘱', '继承'],
      调解: ['吵架', '纠纷', '邻居', '扯皮', '漏水', '噪音'],
    },
  },
  {
    id: 'mental_health',
    name: '心理疏导',
    description: '心理咨询、情绪疏导、家庭关系辅导',
    synonyms: { 心理: ['心情不好', '失眠', '焦虑', '抑郁', '想不开', '压力大', '谈心'] },
  },
  {
    id: 'employment',
    name: '就业服务',
    description: '岗位推荐、职业指导、技能培训',
    synonyms: { 就业: ['找工作', '打工', '招聘', '失业'], 培训: ['学技术', '学手艺'] },
  },
  {
    id: 'disability',
    name: '助残服务',
    description: '康复训练、辅具适配、残疾人之家',
    synonyms: { 康复: ['残疾', '残疾人'], 辅具: ['轮椅', '拐杖', '助行器'] },
  },
  {
    id: 'health',
    name: '卫生健康',
    description: '家庭医生签约、健康体检、慢病随访',
    synonyms: {
      家庭医生: ['看病', '看医生', '医生', '开药', '拿药', '血压', '血糖', '高血压', '糖尿病'],
      体检: ['检查身体', '查身体'],
    },
  },
  {
    id: 'culture',
    name: '文体科普',
    description: '文体活动、科普讲座、老年教育',
    synonyms: { 文体: ['跳舞', '广场舞', '下棋', '打球', '乒乓球', '唱歌', '书法'], 讲座: ['防骗', '骗子', '诈骗'] },
  },
  {
    id: 'convenience',
    name: '便民服务',
    description: '家政、维修、代购代办',
    synonyms: { 维修: ['修水管', '修电器', '修锁', '换灯泡', '坏了'], 家政: ['打扫', '保洁', '保姆', '搞卫生'] },
  },
  {
    id: 'safety',
    name: '平安服务',
    description: '消防安全、反诈宣传、矛盾排查',
    synonyms: { 消防: ['着火', '燃气', '煤气', '灭火器'] },
  },
]

export const CATEGORIES: readonly Category[] = DEFINITIONS.map(({ id, name, description }) => ({ id, name, description }))

/**
 * What a search for `q` looks for: `q` itself and, for every everyday word it contains, the
 * inventory term that word stands for (吃饭 → 助餐, 看病 → 家庭医生, 打官司 → 法律).
 */
export function searchTerms(q: string): string[] {
  const terms = new Set([q])
  for (const { synonyms } of DEFINITIONS) {
    for (const [term, words] of Object.entries(synonyms)) {
      if (words.some((word) => q.includes(word))) terms.add(term)
    }
  }
  return [...terms]
}

export async function upsertCategories(db: Db): Promise<void> {
  await db
    .insertInto('service_category')
    .values(CATEGORIES.map((c, i) => ({ id: c.id, name: c.name, description: c.description, sort_order: i + 1 })))
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        description: eb.ref('excluded.description'),
        sort_order: eb.ref('excluded.sort_order'),
      })),
    )
    .execute()
}
