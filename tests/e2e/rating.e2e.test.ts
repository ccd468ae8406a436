import type { Page } from 'playwright-core'
import { createBookableService, createCommunity, createStreet, sessionFor } from '../support/factories'
import { checkPage, createPerson, openTab, signIn, tap, useBrowser } from './harness'

const e2e = useBrowser({ demo: false })
const SESSION_END = new Date('2030-01-01')


async function openMyServedBooking(page: Page) {
  await openTab(page, '我的')
  await tap(page.locator('.my-bookings-link:visible'))
  // .last(): the newest page — Taro H5 keeps an earlier 我的预约 in the DOM while it slides away.
  await tap(page.locator('.chip:visible', { hasText: '历史记录' }).last())
  const served = page.locator('.my-bookings:visible .booking-card', { hasText: '已服务' }).last()
  await served.waitFor()
  await checkPage(page, '我的预约·历史记录')
  await tap(served)
  await tap(page.locator('.rate-link:visible'))
}

describe('好差评 in the H5 app', () => {
  it('a 不满意 rating is followed up by staff, answered, accepted by the resident, and published', async () => {
    // A served lunch for 王秀兰 in a community of the test's own, set up through the API.
    const street = await createStreet(e2e.deps.db, '桂花街道')
    const communityId = (await createCommunity(e2e.deps.db, { streetId: street.id, name: '桂花社区' })).id
    const meal = await createBookableService(e2e.deps.db, { communityId, name: '老年助餐·午餐', category: 'elder_care', minAge: 60, residentsOnly: true })
    const elder = await createPerson(e2e, { name: '王秀兰', birthDate: '1954-03-15', communityId })
    const staff = await createPerson(e2e, { name: '张丽', birthDate: '1988-05-02', communityId, grant: { role: 'staff', communityId } })
    // The sessions outlast the clock's move to lunch time.
    const [elderToken, staffToken] = [await sessionFor(e2e.deps.db, elder.id, SESSION_END), await sessionFor(e2e.deps.db, staff.id, SESSION_END)]
    const slots = await e2e.api<{ items: { id: string; state: string; startsAt: string }[] }>(`/services/${meal.id}/slots`)
    const slot = slots.items.find((s) => s.state === 'open')
    if (!slot) throw new Error('no open lunch slot')
    const booking = await e2e.api<{ id: string }>('/bookings', { token: elderToken, body: { slotId: slot.id } })
    // 已服务 needs the meal to have started: the rest of the story happens an hour into lunch.
    e2e.setNow(new Date(Date.parse(slot.startsAt) + 60 * 60_000))
    await e2e.api(`/bookings/${booking.id}/serve`, { token: staffToken, body: {} })

    // She rates it 不满意 with a tag and a comment, on her phone.
    const page = await e2e.newPage()
    await page.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, page, elder)
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

    // The staff member, on hers, finds the case and records 回访核实, 整改, 答复.
    const desk = await e2e.newPage()
    await desk.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, desk, staff)
    await tap(desk.locator('.cases-link:visible'))
    await desk.locator('.case-card:visible', { hasText: '排队等了半小时' }).waitFor()
    await checkPage(desk, '差评整改工单')
    await tap(desk.locator('.case-card:visible', { hasText: '排队等了半小时' }))
    await desk.locator('.btn:visible', { hasText: '回访电话' }).waitFor()
    await checkPage(desk, '工单详情')
    const steps = ['电话回访王阿姨，情况属实：当天窗口只开了一个', '午餐高峰增开一个打饭窗口，保温柜提前预热', '已增开窗口并改进保温，欢迎您再来用餐']
    for (const note of steps) {
      await desk.locator('.case-note:visible textarea').fill(note)
      await tap(desk.locator('.case-submit:visible'))
      await desk.locator('.case-step:visible', { hasText: note }).waitFor()
    }
    await desk.locator(':visible', { hasText: '等待居民评价整改结果' }).last().waitFor()

    // She reads the reply and is satisfied.
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
