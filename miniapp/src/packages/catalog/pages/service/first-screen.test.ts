import type { ServiceDetail } from '@linli/shared'
import { NOT_BOOKABLE_NOTICE, PAUSED_NOTICE, bookPageUrl, serviceFirstScreenHtml } from './first-screen'

// index.html draws a service's page from its early answers (decision 046): the HTML it builds.
const meal: ServiceDetail = {
  id: '5ad13373-6119-43f7-8d3d-895bb0904223',
  communityId: 'c5d3b9a0-1111-4222-8333-444455556666',
  name: '老年助餐·午餐',
  categoryId: 'elder_care',
  categoryName: '养老服务',
  summary: '社区食堂午餐',
  priceKind: 'low_cost',
  eligibility: { minAge: 60, childMinAge: null, childMaxAge: null, residentsOnly: true },
  status: 'active',
  featured: true,
  providerName: '福满堂餐饮',
  facilityName: '枫林社区党群服务中心',
  satisfaction: { ratings: 31, rate: 0.806 },
  description: '借助枫林小学食堂中央厨房供餐，社区活动室就餐。',
  adjustedByConsultation: null,
  priceNote: '每餐12元',
  subsidyNote: '70周岁以上每餐补贴3元',
  communityName: '枫林社区',
  facility: { name: '枫林社区党群服务中心', address: '枫林二路16号', openingHours: '周一至周五 8:30–17:30', phone: '0731-85550202' },
  provider: { name: '福满堂餐饮', kind: '助餐机构', phone: null },
}

/** The text of each element, in order, as a person reads the screen. */
function texts(html: string): string[] {
  return [...html.matchAll(/<(span|a)[^>]*>([^<]*)<\/\1>/g)].map((m) => m[2]!)
}

describe('a service page’s first screen drawn by index.html', () => {
  it('says what the page says, in its order: name, community, satisfaction, 预约, description, fees, who may use it, place and phone', () => {
    const html = serviceFirstScreenHtml(meal, 'bookable')
    expect(texts(html)).toEqual([
      '老年助餐·午餐',
      '枫林社区 · 养老服务',
      '满意率 80.6%（31条评价）',
      '预约',
      '借助枫林小学食堂中央厨房供餐，社区活动室就餐。',
      '费用',
      '低偿：每餐12元',
      '补贴：70周岁以上每餐补贴3元',
      '适用对象',
      '60周岁及以上，仅限本社区居民',
      '服务地点',
      '枫林社区党群服务中心',
      '枫林二路16号',
      '开放时间：周一至周五 8:30–17:30',
      '服务提供方',
      '福满堂餐饮（助餐机构）',
      '电话咨询 0731-85550202',
    ])
    expect(html).toContain(`href="#${bookPageUrl(meal.id)}"`)
    expect(html).toContain('href="tel:0731-85550202"')
  })

  it('offers no 预约 while paused or when the service needs no booking, and says why', () => {
    const paused = texts(serviceFirstScreenHtml({ ...meal, status: 'paused' }, 'bookable'))
    expect(paused).toContain(PAUSED_NOTICE)
    expect(paused).not.toContain('预约')
    const walkIn = texts(serviceFirstScreenHtml(meal, 'not_bookable'))
    expect(walkIn).toContain(NOT_BOOKABLE_NOTICE)
    expect(walkIn).not.toContain('预约')
    // booking-setup failed otherwise: nothing said, as the page says nothing.
    const unknown = texts(serviceFirstScreenHtml(meal, 'unknown'))
    expect(unknown).not.toContain('预约')
    expect(unknown).not.toContain(NOT_BOOKABLE_NOTICE)
  })

  it('marks a service a 协商结果 adjusted, with its topic, and leaves out a card with nothing in it', () => {
    const adjusted = { ...meal, adjustedByConsultation: { topicId: 'a0000000-0000-4000-8000-000000000001', topicTitle: '午餐提前到11点', version: 2 }, facility: null, provider: null }
    const html = serviceFirstScreenHtml(adjusted, 'bookable')
    expect(texts(html)).toEqual(expect.arrayContaining(['因居民协商调整', '依据议题：午餐提前到11点', '查看议题']))
    expect(html).toContain('href="#/packages/consultation/pages/topic/index?id=a0000000-0000-4000-8000-000000000001"')
    expect(texts(html)).not.toContain('服务地点')
    expect(html).not.toContain('tel:')
  })

  it('draws what staff typed as text, never as markup', () => {
    const html = serviceFirstScreenHtml({ ...meal, name: '<img src=x onerror=alert(1)>助餐', description: '满 "60" 岁 & 本社区' }, 'bookable')
    expect(html).not.toContain('<img')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;助餐')
    expect(html).toContain('满 &quot;60&quot; 岁 &amp; 本社区')
  })
})
