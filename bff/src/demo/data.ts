import type { CategoryId, PriceKind } from '@linli/shared'

/**
 * The demo district: 清溪区 → 桂花街道 → three urban communities and one village (村).
 * Names are invented; services follow the inventories in the 城乡社区服务体系建设规划 documents.
 */
export const DEMO_DISTRICT = { code: 'qingxi', name: '清溪区' }
export const DEMO_STREET = { code: 'guihua-street', name: '桂花街道' }

export const DEMO_COMMUNITIES = [
  { code: 'guihua', name: '桂花社区', kind: 'urban', address: '清溪区桂花路88号', phone: '0731-85550101' },
  { code: 'fenglin', name: '枫林社区', kind: 'urban', address: '清溪区枫林二路16号', phone: '0731-85550202' },
  { code: 'hetang', name: '荷塘社区', kind: 'urban', address: '清溪区荷塘街3号', phone: '0731-85550303' },
  { code: 'shiqiao', name: '石桥村', kind: 'rural', address: '清溪区桂花街道石桥村村部', phone: '0731-85550404' },
] as const

export const DEMO_FACILITIES = [
  { code: 'guihua-center', community: 'guihua', name: '桂花社区党群服务中心', kind: '党群服务中心', address: '桂花路88号一楼', openingHours: '周一至周五 8:30–17:30，周六 9:00–12:00', phone: '0731-85550101' },
  { code: 'guihua-daycare', community: 'guihua', name: '桂花社区日间照料中心', kind: '日间照料中心', address: '桂花路88号二楼', openingHours: '每天 8:00–18:00', phone: '0731-85550111' },
  { code: 'guihua-canteen', community: 'guihua', name: '桂花助老食堂', kind: '助老食堂', address: '桂花路90号', openingHours: '午餐 11:30–12:30，晚餐 17:00–18:00', phone: '0731-85550112' },
  { code: 'guihua-kids', community: 'guihua', name: '桂花社区儿童之家（四点半课堂）', kind: '儿童之家', address: '桂花路88号三楼', openingHours: '上学日 16:00–18:30，假期 8:30–17:30', phone: '0731-85550113' },
  { code: 'fenglin-center', community: 'fenglin', name: '枫林社区党群服务中心', kind: '党群服务中心', address: '枫林二路16号', openingHours: '周一至周五 8:30–17:30', phone: '0731-85550202' },
  { code: 'fenglin-clinic', community: 'fenglin', name: '枫林社区卫生服务站', kind: '社区卫生服务站', address: '枫林二路18号', openingHours: '每天 8:00–17:00', phone: '0731-85550212' },
  { code: 'hetang-center', community: 'hetang', name: '荷塘社区党群服务中心', kind: '党群服务中心', address: '荷塘街3号', openingHours: '周一至周五 8:30–17:30', phone: '0731-85550303' },
  { code: 'hetang-kangyuan', community: 'hetang', name: '荷塘如康家园', kind: '残疾人之家', address: '荷塘街5号', openingHours: '周一至周五 9:00–16:30', phone: '0731-85550313' },
  { code: 'shiqiao-center', community: 'shiqiao', name: '石桥村党群服务中心', kind: '党群服务中心', address: '石桥村村部', openingHours: '周一至周六 8:30–17:00', phone: '0731-85550404' },
  { code: 'shiqiao-happy', community: 'shiqiao', name: '石桥村互助幸福院', kind: '农村互助幸福院', address: '石桥村老村小旧址', openingHours: '每天 8:00–17:00', phone: '0731-85550414' },
] as const

export const DEMO_PROVIDERS = [
  { code: 'lawyer-chen', name: '清溪律师事务所 陈志明律师', kind: '社区法律顾问', phone: '0731-85551200' },
  { code: 'mediation', name: '桂花街道人民调解委员会', kind: '人民调解组织', phone: '0731-85551201' },
  { code: 'fumantang', name: '福满堂餐饮（助老食堂运营）', kind: '助餐机构', phone: '0731-85551202' },
  { code: 'yikang', name: '颐康居家养老服务中心', kind: '养老服务机构', phone: '0731-85551203' },
  { code: 'sunflower', name: '向日葵社会工作服务中心', kind: '社会工作服务机构', phone: '0731-85551204' },
  { code: 'yangguang-xinli', name: '阳光心理咨询工作室', kind: '心理服务机构', phone: '0731-85551205' },
  { code: 'qingxi-chc', name: '清溪区社区卫生服务中心', kind: '基层医疗卫生机构', phone: '0731-85551206' },
  { code: 'jobs-station', name: '桂花街道就业服务站', kind: '公共就业服务机构', phone: '0731-85551207' },
  { code: 'qingxi-cdpf', name: '清溪区残联', kind: '残疾人组织', phone: '0731-85551208' },
  { code: 'anju-jiazheng', name: '安居家政服务有限公司', kind: '家政企业', phone: '0731-85551209' },
] as const

type CommunityCode = (typeof DEMO_COMMUNITIES)[number]['code']
type FacilityCode = (typeof DEMO_FACILITIES)[number]['code']
type ProviderCode = (typeof DEMO_PROVIDERS)[number]['code']

export interface DemoService {
  code: string
  community: CommunityCode
  category: CategoryId
  name: string
  summary: string
  description: string
  provider?: ProviderCode
  facility?: FacilityCode
  priceKind: PriceKind
  priceNote?: string
  subsidyNote?: string
  minAge?: number
  childAge?: [number, number]
  residentsOnly?: boolean
  featured?: boolean
}

export const DEMO_SERVICES: readonly DemoService[] = [
  // 桂花社区 — the demo community
  { code: 'guihua-meal-lunch', community: 'guihua', category: 'elder_care', name: '老年助餐·午餐', summary: '两荤一素一汤，可堂食或自取', description: '桂花助老食堂每日供应午餐，菜品每周公示，少油少盐，可提前说明忌口。行动不便的高龄老人可申请送餐上门。', provider: 'fumantang', facility: 'guihua-canteen', priceKind: 'low_cost', priceNote: '每餐15元', subsidyNote: '60周岁以上本社区老人每餐补贴3元，80周岁以上补贴5元，特困老人免费', minAge: 60, residentsOnly: true, featured: true },
  { code: 'guihua-meal-delivery', community: 'guihua', category: 'elder_care', name: '助餐送餐上门', summary: '高龄、失能老人午餐送到家', description: '80周岁以上或失能、半失能老人，可由志愿者和食堂员工送餐上门，送餐时顺带探视老人情况。', provider: 'fumantang', facility: 'guihua-canteen', priceKind: 'low_cost', priceNote: '每餐15元，另加配送费2元', subsidyNote: '配送费由街道补贴', minAge: 80, residentsOnly: true },
  { code: 'guihua-daycare', community: 'guihua', category: 'elder_care', name: '日间照料', summary: '白天托老：午休、康复活动、陪伴', description: '日间照料中心提供午休床位、康复器材、书画棋牌和健康监测，家属白天上班时老人有人照看。', provider: 'yikang', facility: 'guihua-daycare', priceKind: 'low_cost', priceNote: '每天20元（含午餐）', subsidyNote: '经济困难老人凭证明减免', minAge: 60, residentsOnly: true, featured: true },
  { code: 'guihua-bath', community: 'guihua', category: 'elder_care', name: '助浴服务', summary: '专业护理员上门或到中心助浴', description: '为行动不便的老人提供助浴，配备防滑设施和两名护理员，洗前测量血压。', provider: 'yikang', facility: 'guihua-daycare', priceKind: 'low_cost', priceNote: '每次30元', subsidyNote: '失能老人每月2次免费', minAge: 60, residentsOnly: true },
  { code: 'guihua-visit', community: 'guihua', category: 'elder_care', name: '独居老人探访关爱', summary: '志愿者定期上门或电话问候', description: '为独居、空巢老人建立探访台账，志愿者每周上门或电话问候，发现困难及时转给社区。', provider: 'sunflower', priceKind: 'free', minAge: 60, residentsOnly: true },
  { code: 'guihua-afterschool', community: 'guihua', category: 'children', name: '课后托管（四点半课堂）', summary: '放学后看护、作业辅导，上学日16:00–18:30', description: '社区儿童之家在上学日放学后提供看护和作业辅导，由社工和志愿者老师带领，家长下班后接回。', provider: 'sunflower', facility: 'guihua-kids', priceKind: 'free', childAge: [6, 12], residentsOnly: true, featured: true },
  { code: 'guihua-summer', community: 'guihua', category: 'children', name: '暑期看护班', summary: '暑假白天看护，含阅读、手工、体育', description: '暑假期间工作日白天看护，安排阅读、手工、体育和安全教育课程，午餐由家长自备或代订。', provider: 'sunflower', facility: 'guihua-kids', priceKind: 'low_cost', priceNote: '每周50元（材料费）', childAge: [6, 12], residentsOnly: true },
  { code: 'guihua-parent-school', community: 'guihua', category: 'children', name: '家长学校', summary: '每月一次家庭教育讲座', description: '邀请学校老师和心理咨询师讲亲子沟通、青春期、网络使用等家庭教育话题，可带孩子一起参加。', provider: 'sunflower', facility: 'guihua-center', priceKind: 'free' },
  { code: 'guihua-legal', community: 'guihua', category: 'legal', name: '法律咨询（社区法律顾问）', summary: '一对一咨询，每次30分钟', description: '社区法律顾问每周二、周四下午在党群服务中心坐班，解答婚姻家庭、赡养、劳动、物业、借贷等法律问题，必要时引导申请法律援助。', provider: 'lawyer-chen', facility: 'guihua-center', priceKind: 'free', featured: true },
  { code: 'guihua-mediation', community: 'guihua', category: 'legal', name: '人民调解', summary: '邻里、家庭纠纷调解', description: '街道人民调解委员会调解员驻点，调解邻里噪音、漏水、家庭赡养等纠纷，达成协议可申请司法确认。', provider: 'mediation', facility: 'guihua-center', priceKind: 'free' },
  { code: 'guihua-psych', community: 'guihua', category: 'mental_health', name: '心理疏导', summary: '心理咨询师一对一倾听与疏导', description: '持证心理咨询师每月两次驻点，为情绪困扰、家庭关系紧张、照护压力大的居民提供一对一疏导，严格保密。', provider: 'yangguang-xinli', facility: 'guihua-center', priceKind: 'free' },
  { code: 'guihua-jobs', community: 'guihua', category: 'employment', name: '就业帮扶', summary: '岗位推荐、简历指导、技能培训报名', description: '就业服务站工作人员每周三在社区提供岗位推荐、失业登记、职业技能培训报名和灵活就业指导。', provider: 'jobs-station', facility: 'guihua-center', priceKind: 'free' },
  { code: 'guihua-doctor', community: 'guihua', category: 'health', name: '家庭医生签约', summary: '签约家庭医生，慢病随访、健康咨询', description: '清溪区社区卫生服务中心的家庭医生团队每周四到社区现场签约，提供慢病随访、用药指导和每年一次健康体检。', provider: 'qingxi-chc', facility: 'guihua-center', priceKind: 'free', subsidyNote: '基本公共卫生服务免费' },
  { code: 'guihua-square-dance', community: 'guihua', category: 'culture', name: '文体活动室预约', summary: '排练厅、书画室、乒乓球室', description: '党群服务中心的排练厅、书画室、乒乓球室对居民开放，团队活动请提前预约。', facility: 'guihua-center', priceKind: 'free' },
  { code: 'guihua-repair', community: 'guihua', category: 'convenience', name: '便民维修', summary: '水电、门锁、小家电维修', description: '每月第一个周六在社区广场集中提供水电、门锁、小家电维修，老人家可预约上门。', provider: 'anju-jiazheng', priceKind: 'low_cost', priceNote: '人工免费，材料按成本价' },
  { code: 'guihua-fire', community: 'guihua', category: 'safety', name: '家庭消防安全检查', summary: '上门检查燃气、电线和灭火器', description: '网格员和消防志愿者上门检查燃气管、电线老化、电动车充电，发放简易灭火器。', priceKind: 'free', residentsOnly: true },
  // 枫林社区
  { code: 'fenglin-meal', community: 'fenglin', category: 'elder_care', name: '老年助餐·午餐', summary: '与枫林小学食堂合作供餐', description: '借助枫林小学食堂中央厨房供餐，社区活动室就餐，周一至周五供应。', provider: 'fumantang', facility: 'fenglin-center', priceKind: 'low_cost', priceNote: '每餐12元', subsidyNote: '70周岁以上每餐补贴3元', minAge: 60, residentsOnly: true, featured: true },
  { code: 'fenglin-afterschool', community: 'fenglin', category: 'children', name: '课后托管', summary: '放学后托管至18:30', description: '与枫林小学合作，放学后在社区活动室看护和辅导作业。', provider: 'sunflower', facility: 'fenglin-center', priceKind: 'free', childAge: [6, 12], residentsOnly: true },
  { code: 'fenglin-legal', community: 'fenglin', category: 'legal', name: '法律咨询（社区法律顾问）', summary: '每周五上午坐班', description: '社区法律顾问每周五上午坐班，可预约一对一咨询。', provider: 'lawyer-chen', facility: 'fenglin-center', priceKind: 'free' },
  { code: 'fenglin-checkup', community: 'fenglin', category: 'health', name: '老年人健康体检', summary: '65岁以上老人每年免费体检', description: '包括血常规、肝肾功能、心电图、B超等项目，结果由家庭医生解读。', provider: 'qingxi-chc', facility: 'fenglin-clinic', priceKind: 'free', minAge: 65, residentsOnly: true, featured: true },
  { code: 'fenglin-science', community: 'fenglin', category: 'culture', name: '科普讲座·防范电信诈骗', summary: '每月一期，讲真实案例', description: '派出所民警和反诈志愿者讲解冒充客服、养老投资、保健品等常见骗局。', facility: 'fenglin-center', priceKind: 'free' },
  { code: 'fenglin-housekeeping', community: 'fenglin', category: 'convenience', name: '家政保洁', summary: '日常保洁、深度清洁', description: '安居家政提供的日常保洁和深度清洁，社区监督价格和服务质量。', provider: 'anju-jiazheng', priceKind: 'paid', priceNote: '日常保洁每小时45元' },
  // 荷塘社区
  { code: 'hetang-kangyuan', community: 'hetang', category: 'disability', name: '如康家园康复托养', summary: '残疾人日间康复和职业训练', description: '为辖区智力、精神和肢体残疾人提供日间托养、康复训练和简单手工职业训练。', provider: 'qingxi-cdpf', facility: 'hetang-kangyuan', priceKind: 'free', residentsOnly: true, featured: true },
  { code: 'hetang-aids', community: 'hetang', category: 'disability', name: '辅具适配与租借', summary: '轮椅、助行器评估和租借', description: '康复师评估后适配轮椅、助行器、坐便椅，短期可免费租借。', provider: 'qingxi-cdpf', facility: 'hetang-kangyuan', priceKind: 'free' },
  { code: 'hetang-psych', community: 'hetang', category: 'mental_health', name: '照护者喘息与心理支持', summary: '为长期照护家属提供疏导', description: '为长期照护残疾、失能家人的家属提供小组支持和一对一疏导。', provider: 'yangguang-xinli', facility: 'hetang-center', priceKind: 'free' },
  // 石桥村 — rural
  { code: 'shiqiao-meal', community: 'shiqiao', category: 'elder_care', name: '幸福院助餐', summary: '农村互助幸福院午餐', description: '村里留守、独居老人在幸福院吃午饭，村民志愿者轮流做饭，食材部分来自村集体菜地。', facility: 'shiqiao-happy', priceKind: 'low_cost', priceNote: '每餐5元', subsidyNote: '村集体经济补贴', minAge: 70, residentsOnly: true, featured: true },
  { code: 'shiqiao-winter-care', community: 'shiqiao', category: 'children', name: '寒暑假留守儿童看护', summary: '假期白天看护与作业辅导', description: '大学生志愿者和村妇联执委在假期白天看护留守儿童，开展阅读、安全教育和作业辅导。', provider: 'sunflower', facility: 'shiqiao-center', priceKind: 'free', childAge: [6, 14], residentsOnly: true },
  { code: 'shiqiao-legal', community: 'shiqiao', category: 'legal', name: '村法律顾问咨询', summary: '土地承包、宅基地、赡养纠纷', description: '一村一法律顾问，每月两次到村，解答土地承包、宅基地、赡养、务工欠薪等问题。', provider: 'lawyer-chen', facility: 'shiqiao-center', priceKind: 'free' },
  { code: 'shiqiao-doctor', community: 'shiqiao', category: 'health', name: '家庭医生签约（村卫生室）', summary: '乡村医生上门随访', description: '乡村医生和区社区卫生服务中心医生组成团队，为高血压、糖尿病患者上门随访。', provider: 'qingxi-chc', facility: 'shiqiao-center', priceKind: 'free' },
  { code: 'shiqiao-jobs', community: 'shiqiao', category: 'employment', name: '农技培训与务工信息', summary: '种养技术培训、务工岗位', description: '组织农业技术培训，发布周边园区和城区务工岗位信息，帮助返乡人员就业。', provider: 'jobs-station', facility: 'shiqiao-center', priceKind: 'free' },
]

const WEEKDAYS = [1, 2, 3, 4, 5]
const MON_SAT = [1, 2, 3, 4, 5, 6]

export interface DemoBooking {
  mode: 'timed' | 'session'
  slotMinutes?: number
  days: number[]
  start: string
  end: string
  capacity: number
  minNoticeMinutes?: number
  maxDaysAhead?: number
  cancelBeforeMinutes?: number
  cancelByLocalTime?: string
  maxOpenPerPerson?: number
  maxPerDayPerPerson?: number
  requiresConfirmation?: boolean
  reminderLeadMinutes?: number
  questions?: { id: string; label: string; required: boolean; maxLength: number }[]
}

/** Booking settings of the demo services, by service code (the rest are not bookable online). */
export const DEMO_BOOKINGS: Record<string, DemoBooking> = {
  'guihua-meal-lunch': {
    mode: 'session', days: MON_SAT, start: '11:30', end: '12:30', capacity: 40, cancelByLocalTime: '09:30', maxPerDayPerPerson: 1,
    reminderLeadMinutes: 180, questions: [{ id: 'diet', label: '忌口或饮食要求（如少盐、软烂）', required: false, maxLength: 50 }],
  },
  'guihua-meal-delivery': { mode: 'session', days: WEEKDAYS, start: '11:00', end: '12:00', capacity: 15, cancelByLocalTime: '09:00', maxPerDayPerPerson: 1, requiresConfirmation: true },
  'guihua-daycare': { mode: 'session', days: WEEKDAYS, start: '08:00', end: '18:00', capacity: 20, cancelBeforeMinutes: 120, maxPerDayPerPerson: 1 },
  'guihua-bath': { mode: 'timed', slotMinutes: 60, days: [2, 4], start: '09:00', end: '11:00', capacity: 1, requiresConfirmation: true, cancelBeforeMinutes: 240 },
  'guihua-afterschool': {
    mode: 'session', days: WEEKDAYS, start: '16:00', end: '18:30', capacity: 25, cancelByLocalTime: '14:00', maxPerDayPerPerson: 1, maxDaysAhead: 14,
    questions: [{ id: 'school', label: '就读学校和班级', required: true, maxLength: 30 }],
  },
  'guihua-legal': {
    mode: 'timed', slotMinutes: 30, days: [2, 4], start: '14:00', end: '17:00', capacity: 1, cancelBeforeMinutes: 120, maxOpenPerPerson: 1, maxDaysAhead: 14,
    reminderLeadMinutes: 1440, questions: [{ id: 'topic', label: '想咨询的问题（如赡养、婚姻、劳动、物业）', required: true, maxLength: 100 }],
  },
  'guihua-mediation': { mode: 'timed', slotMinutes: 60, days: [3], start: '09:00', end: '11:00', capacity: 1, requiresConfirmation: true, maxOpenPerPerson: 1 },
  'guihua-psych': { mode: 'timed', slotMinutes: 60, days: [6], start: '09:00', end: '11:00', capacity: 1, requiresConfirmation: true, maxOpenPerPerson: 1, maxDaysAhead: 21 },
  'guihua-doctor': { mode: 'session', days: [4], start: '09:00', end: '11:30', capacity: 30, maxOpenPerPerson: 1, maxDaysAhead: 14 },
  'fenglin-meal': { mode: 'session', days: WEEKDAYS, start: '11:30', end: '12:30', capacity: 30, cancelByLocalTime: '09:30', maxPerDayPerPerson: 1 },
  'fenglin-legal': { mode: 'timed', slotMinutes: 30, days: [5], start: '09:00', end: '12:00', capacity: 1, maxOpenPerPerson: 1, cancelBeforeMinutes: 120 },
  'shiqiao-meal': { mode: 'session', days: [1, 2, 3, 4, 5, 6, 7], start: '11:30', end: '12:30', capacity: 20, cancelByLocalTime: '09:00', maxPerDayPerPerson: 1 },
}
