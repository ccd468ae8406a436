import { PRIVACY_POLICY_VERSION } from '@linli/shared'
import type { Page } from 'playwright-core'
import { checkPage, loginAs, openTab, tap, useBrowser } from './harness'

const e2e = useBrowser()

async function api<T>(path: string, init: { token?: string; body?: unknown; method?: string } = {}): Promise<T> {
  const res = await fetch(`${e2e.baseUrl}/api/v1${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

async function openMyServedBooking(page: Page) {
  await openTab(page, '我的')
  await tap(page.locator('.my-bookings-link:visible'))
  await tap(page.locator('.chip:visible', { hasText: '历史记录' }))
  await page.locator('.my-bookings:visible .booking-card', { hasText: '已服务' }).waitFor()
  await checkPage(page, '我的预约·历史记录')
  await tap(page.locator('.my-bookings:visible .booking-card', { hasText: '已服务' }))
  await tap(page.locator('.rate-link:visible'))
}

describe('好差评 in the H5 app', () => {
  it('a 不满意 rating is followed up by staff, answered, accepted by the resident, and published', async () => {
    const { page, baseUrl } = e2e
    // A served lunch for 王秀兰, set up through the API.
    const elder = await api<{ token: string; me: { community: { id: string } } }>('/auth/demo', { body: { persona: 'elder', privacyPolicyVersion: PRIVACY_POLICY_VERSION } })
    const staff = await api<{ token: string }>('/auth/demo', { body: { persona: 'staff', privacyPolicyVersion: PRIVACY_POLICY_VERSION } })
    const services = await api<{ items: { id: string; name: string }[] }>(`/communities/${elder.me.community.id}/services?q=${encodeURIComponent('午餐')}`)
    const meal = services.items[0]
    if (!meal) throw new Error('demo meal missing')
    const slots = await api<{ items: { id: string; state: string; startsAt: string }[] }>(`/services/${meal.id}/slots`)
    const slot = slots.items.find((s) => s.state === 'open')
    if (!slot) throw new Error('no open lunch slot')
    const booking = await api<{ id: string }>('/bookings', { token: elder.token, body: { slotId: slot.id } })
    // 已服务 needs the meal to have started: the rest of the story happens an hour into lunch.
    e2e.setNow(new Date(Date.parse(slot.startsAt) + 60 * 60_000))
    await api(`/bookings/${booking.id}/serve`, { token: staff.token, body: {} })

    // She rates it 不满意 with a tag and a comment.
    await page.goto(`${baseUrl}/`)
    await loginAs(page, '王秀兰')
    await openMyServedBooking(page)
    await page.locator('.level-option:visible').first().waitFor()
    await checkPage(page, '评价')
    await tap(page.locator('.level-option:visible', { hasText: '不满意' }).first())
    await tap(page.locator('.rating-tags:visible .chip', { hasText: '等待太久' }))
    await page.locator('.rating-comment:visible textarea').fill('排队等了半小时，饭菜都凉了')
    await tap(page.locator('.submit-rating:visible'))
    await page.locator('.rating-level:visible', { hasText: '不满意' }).waitFor()
    await page.locator('.rating-case:visible', { hasText: '待回访' }).waitFor()
    await checkPage(page, '评价（已提交差评）')

    // The staff member finds the case and records 回访核实, 整改, 答复.
    await loginAs(page, '张丽')
    await tap(page.locator('.cases-link:visible'))
    await page.locator('.case-card:visible', { hasText: '排队等了半小时' }).waitFor()
    await checkPage(page, '差评整改工单')
    await tap(page.locator('.case-card:visible', { hasText: '排队等了半小时' }))
    await page.locator('.btn:visible', { hasText: '回访电话' }).waitFor()
    await checkPage(page, '工单详情')
    const steps = ['电话回访王阿姨，情况属实：当天窗口只开了一个', '午餐高峰增开一个打饭窗口，保温柜提前预热', '已增开窗口并改进保温，欢迎您再来用餐']
    for (const note of steps) {
      await page.locator('.case-note:visible textarea').fill(note)
      await tap(page.locator('.case-submit:visible'))
      await page.locator('.case-step:visible', { hasText: note }).waitFor()
    }
    await page.locator(':visible', { hasText: '等待居民评价整改结果' }).last().waitFor()

    // She reads the reply and is satisfied.
    await loginAs(page, '王秀兰')
    await openMyServedBooking(page)
    await page.locator('.case-reply:visible', { hasText: '已增开窗口并改进保温' }).waitFor()
    await checkPage(page, '评价（已答复）')
    await tap(page.locator('.case-satisfied:visible'))
    await page.locator('.case-closed:visible', { hasText: '满意' }).waitFor()

    // The service's published rate reflects the rating.
    await openTab(page, '首页')
    await tap(page.locator('.satisfaction-link:visible'))
    await page.locator('.overall-rate:visible', { hasText: '满意率 0%' }).waitFor()
    await page.locator('.ranking:visible', { hasText: '老年助餐·午餐' }).waitFor()
    await checkPage(page, '满意度公示')
    await page.goBack()
    await openTab(page, '服务')
    await page.locator('.search-input:visible input').fill('午餐')
    await tap(page.locator('.search-button:visible'))
    await page.locator('.service-card:visible', { hasText: '满意率 0%（1条评价）' }).waitFor()
    await checkPage(page, '服务（搜索结果）')
  }, 120_000)
})
