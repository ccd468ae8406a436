import type { Page } from 'playwright-core'
import { createBookableService, createCommunity, createStreet, sessionFor } from '../support/factories'
import { checkPage, createPerson, openTab, signIn, tap, useBrowser } from './harness'

const e2e = useBrowser({ demo: false })
const SESSION_END = new Date('2030-01-01')
const SHOTS = process.env.LINLI_SHOTS_DIR


/** A community of the test's own with its lunch, 王秀兰 living there and 张丽 its staff member. */
async function community() {
  const street = await createStreet(e2e.deps.db, '桂花街道')
  const communityId = (await createCommunity(e2e.deps.db, { streetId: street.id, name: '桂花社区' })).id
  const meal = await createBookableService(e2e.deps.db, { communityId, name: '老年助餐·午餐', category: 'elder_care', minAge: 60, residentsOnly: true })
  const elder = await createPerson(e2e, { name: '王秀兰', birthDate: '1954-03-15', communityId })
  const staff = await createPerson(e2e, { name: '张丽', birthDate: '1988-05-02', communityId, grant: { role: 'staff', communityId } })
  return { meal, elder, staff }
}

/** The badge Taro's H5 tab bar draws on 我的 (WeChat draws its own from the same setTabBarBadge). */
const meBadge = (page: Page) => page.locator('.weui-tabbar__item', { hasText: '我的' }).locator('.weui-badge:visible')

async function shoot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
}

describe('我的消息 in the H5 app', () => {
  it('the 答复 on her 差评 shows as a badge on 我的 and a count until she opens it and reads the reply', async () => {
    // A served lunch of 王秀兰's rated 不满意, set up through the API (the rating flow has its own test).
    const { meal, elder: wang, staff: zhang } = await community()
    // The sessions outlast the clock's move to lunch time.
    const elder = { token: await sessionFor(e2e.deps.db, wang.id, SESSION_END) }
    const staff = { token: await sessionFor(e2e.deps.db, zhang.id, SESSION_END) }
    const slots = await e2e.api<{ items: { id: string; state: string; startsAt: string }[] }>(`/services/${meal.id}/slots`)
    const slot = slots.items.find((s) => s.state === 'open')
    if (!slot) throw new Error('no open lunch slot')
    const booking = await e2e.api<{ id: string }>('/bookings', { token: elder.token, body: { slotId: slot.id } })
    // 已服务 needs the meal to have started: the rest happens an hour into lunch.
    e2e.setNow(new Date(Date.parse(slot.startsAt) + 60 * 60_000))
    await e2e.api(`/bookings/${booking.id}/serve`, { token: staff.token, body: {} })
    await e2e.api(`/bookings/${booking.id}/rating`, { token: elder.token, body: { level: 2, tags: ['等待太久'], comment: '排队四十分钟，消息测试' } })
    expect(await e2e.api<{ unread: number }>('/me/messages/unread-count', { token: elder.token })).toEqual({ unread: 0 })

    // 张丽 records 回访核实, 整改 and 答复 on the case, on her device.
    const desk = await e2e.newPage()
    await desk.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, desk, zhang)
    await tap(desk.locator('.cases-link:visible'), '差评整改工单')
    await tap(desk.locator('.case-card:visible', { hasText: '排队四十分钟，消息测试' }), '工单')
    await desk.locator('.case-note:visible textarea').waitFor()
    await checkPage(desk, '整改工单')
    const reply = '已在午餐高峰增开一个打饭窗口，排队不超过十分钟，欢迎您再来用餐'
    for (const note of ['电话回访王阿姨，情况属实', '高峰时段增开窗口', reply]) {
      await desk.locator('.case-note:visible textarea').fill(note)
      await tap(desk.locator('.case-submit:visible'), '提交')
      await desk.locator('.case-step:visible', { hasText: note }).waitFor()
    }

    // 王秀兰, signing in on her phone, sees the badge on 我的 and the count beside 我的消息.
    const page = await e2e.newPage()
    await page.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, page, wang)
    await expect(meBadge(page).textContent()).resolves.toBe('1')
    await page.locator('.messages-link:visible .unread-count', { hasText: '1 条未读' }).waitFor()
    await checkPage(page, '我的（1 条未读）')
    await shoot(page, 'me-unread')
    await tap(page.locator('.messages-link:visible'), '我的消息')

    // The message: unread in words, what it is about, the start of the reply.
    const card = page.locator('.message:visible', { hasText: '社区已答复您的评价' })
    await card.waitFor()
    await expect(card.locator('.message__state').textContent()).resolves.toBe('未读')
    await expect(card.textContent()).resolves.toContain('老年助餐·午餐')
    await expect(card.locator('.message__note').textContent()).resolves.toContain('答复：已在午餐高峰增开一个打饭窗口')
    await checkPage(page, '我的消息')
    await shoot(page, 'messages-unread')

    // Opening it shows the whole reply on her rating.
    await tap(card.locator('.message__open'), '查看答复')
    await page.locator('.case-reply:visible', { hasText: reply }).waitFor()
    await checkPage(page, '评价与答复（从消息打开）')
    expect(await e2e.api<{ unread: number }>('/me/messages/unread-count', { token: elder.token })).toEqual({ unread: 0 })

    // Back: the message reads 已读, and the badge and the count are gone.
    await page.goBack()
    await page.locator('.message:visible .message__state', { hasText: '已读' }).waitFor()
    await page.locator('.messages__summary:visible', { hasText: '消息都已读过' }).waitFor()
    await shoot(page, 'messages-read')
    await openTab(page, '我的')
    await page.locator('.messages-link:visible').waitFor()
    // 我的 asks for the count again as it shows: wait for the answer, not a moment.
    await meBadge(page).waitFor({ state: 'hidden', timeout: 5000 })
    await page.locator('.messages-link:visible .unread-count').waitFor({ state: 'hidden', timeout: 5000 })
    await checkPage(page, '我的（已读）')

    // The same in 长辈模式 (checkPage checked both; these pictures are for people).
    await tap(page.locator('.elder-switch:visible'), '长辈模式')
    await page.locator('.page--elder:visible').first().waitFor()
    await shoot(page, 'me-elder')
    await tap(page.locator('.messages-link:visible'), '我的消息')
    await page.locator('.message:visible').first().waitFor()
    await checkPage(page, '我的消息（长辈模式）')
    await shoot(page, 'messages-elder')
    await openTab(page, '我的')
    await tap(page.locator('.elder-switch:visible'), '长辈模式')
  }, 180_000)

  it('shows an empty 我的消息 with what will arrive there', async () => {
    const street = await createStreet(e2e.deps.db, '桂花街道')
    const communityId = (await createCommunity(e2e.deps.db, { streetId: street.id, name: '桂花社区' })).id
    const parent = await createPerson(e2e, { name: '李敏', birthDate: '1990-08-21', communityId })
    const page = await e2e.newPage()
    await page.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, page, parent)
    await tap(page.locator('.messages-link:visible'), '我的消息')
    await page.locator('.state--empty:visible', { hasText: '还没有消息' }).waitFor()
    await checkPage(page, '我的消息（空）')
    await shoot(page, 'messages-empty')
  }, 60_000)
})
