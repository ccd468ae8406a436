import type { DemoPersonaId } from '@linli/shared'

export interface DemoPersona {
  id: DemoPersonaId
  name: string
  description: string
  phone: string
  birthDate: string
  communityCode: string
  grant?: { role: 'staff'; communityCode: string } | { role: 'street_admin'; streetCode: string } | { role: 'provider'; providerCode: string }
  volunteer?: boolean
}

/** Development personas so a person can try every role in a browser; never seeded in production. */
export const DEMO_PERSONAS: readonly DemoPersona[] = [
  {
    id: 'elder',
    name: '王秀兰',
    description: '72岁居民，独居，常去助老食堂',
    phone: '13800000001',
    birthDate: '1954-03-15',
    communityCode: 'guihua',
  },
  {
    id: 'parent',
    name: '李敏',
    description: '家长，孩子9岁，需要课后托管',
    phone: '13800000002',
    birthDate: '1990-08-21',
    communityCode: 'guihua',
  },
  {
    id: 'staff',
    name: '张丽',
    description: '桂花社区工作者，负责预约和好差评',
    phone: '13800000003',
    birthDate: '1988-05-02',
    communityCode: 'guihua',
    grant: { role: 'staff', communityCode: 'guihua' },
  },
  {
    id: 'lawyer',
    name: '陈志明',
    description: '社区法律顾问，清溪律师事务所律师',
    phone: '13800000004',
    birthDate: '1982-11-09',
    communityCode: 'guihua',
    grant: { role: 'provider', providerCode: 'lawyer-chen' },
  },
  {
    id: 'volunteer',
    name: '赵志远',
    description: '志愿者，退休教师，参加助老和课后辅导',
    phone: '13800000005',
    birthDate: '1960-01-30',
    communityCode: 'guihua',
    volunteer: true,
  },
  {
    id: 'street_admin',
    name: '刘建国',
    description: '桂花街道管理员，督办全街道社区',
    phone: '13800000006',
    birthDate: '1975-07-18',
    communityCode: 'fenglin',
    grant: { role: 'street_admin', streetCode: 'guihua-street' },
  },
  {
    // 网格员: her grant is written by seedDemoAssist (demo/consultation-assist.ts) until the seed's
    // grant step knows the role; until then she logs in as a resident of 桂花社区.
    id: 'grid_worker',
    name: '张建华',
    description: '桂花社区网格员，上门帮没有手机的老人附议、发表意见、投票（代办）',
    phone: '13800000007',
    birthDate: '1979-04-12',
    communityCode: 'guihua',
  },
]
