import type { Category } from '@linli/shared'
import type { Db } from '../db/database'

/**
 * The service categories of the community service inventory, from the 城乡社区服务体系建设规划
 * documents: 为民 (elder care, children, legal, mental health, employment, disability, health,
 * culture), 便民 (convenience) and 安民 (safety). Reference data every deployment needs.
 */
export const CATEGORIES: readonly Category[] = [
  { id: 'elder_care', name: '养老服务', description: '助餐、助浴、助洁、日间照料、探访关爱' },
  { id: 'children', name: '儿童服务', description: '课后托管、寒暑假看护、家长学校、儿童之家' },
  { id: 'legal', name: '法律服务', description: '社区法律顾问咨询、人民调解、法律援助' },
  { id: 'mental_health', name: '心理疏导', description: '心理咨询、情绪疏导、家庭关系辅导' },
  { id: 'employment', name: '就业服务', description: '岗位推荐、职业指导、技能培训' },
  { id: 'disability', name: '助残服务', description: '康复训练、辅具适配、残疾人之家' },
  { id: 'health', name: '卫生健康', description: '家庭医生签约、健康体检、慢病随访' },
  { id: 'culture', name: '文体科普', description: '文体活动、科普讲座、老年教育' },
  { id: 'convenience', name: '便民服务', description: '家政、维修、代购代办' },
  { id: 'safety', name: '平安服务', description: '消防安全、反诈宣传、矛盾排查' },
]

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
