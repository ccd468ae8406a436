import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { createBookableService, createCommunity, createFacility, createStreet } from '../support/factories'
import { createVolunteer } from '../support/volunteer'
import { checkPage, confirmDialog, createPerson, openTab, signIn, tap, useBrowser } from './harness'

const e2e = useBrowser({ demo: false })
const SHOTS = process.env.LINLI_SHOTS_DIR ?? '/tmp/shots-v6'

/** The part of the page the step is about, scrolled into view (Taro's H5 page scrolls inside its own container). */
async function shot(page: Page, name: string, focus: string) {
  mkdirSync(SHOTS, { recursive: true })
  await page.locator(focus).first().scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/${name}.png` })
}

async function setElderMode(page: Page, on: boolean) {
  await openTab(page, '我的')
  const already = (await page.locator('.page--elder').count()) > 0
  if (already !== on) await tap(page.locator('.elder-switch:visible'), '长辈模式')
  await page.locator(on ? '.page--elder .elder-switch:visible' : '.page--normal .elder-switch:visible').waitFor()
}

describe('服务志愿者 in the H5 app', () => {
  it('staff ask a 助餐 slot for helpers, see it with its seats, and cancel it with a reason', async () => {
    const db = e2e.deps.db
    const street = await createStreet(db, '桂花街道')
    const communityId = (await createCommunity(db, { streetId: street.id, name: '桂花社区' })).id
    const canteen = await createFacility(db, communityId, '桂花社区长者食堂')
    const lunch = await createBookableService(db, { communityId, name: '老年助餐', category: 'elder_care' })
    await db.updateTable('service').set({ facility_id: canteen.id, summary: '为60岁以上老人提供午餐堂食和送餐' }).where('id', '=', lunch.id).execute()
    const volunteer = await createVolunteer(db, { communityId, name: '陈志远', skills: ['elder_care'] })
    const staff = await createPerson(e2e, { name: '张丽', birthDate: '1988-05-02', communityId, grant: { role: 'staff', communityId } })

    const page = await e2e.newPage()
    await page.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, page, staff)
    await page.goto(`${e2e.baseUrl}/#/packages/volunteer/pages/slot-helpers/index`)
    await page.locator('.service-chips:visible .chip', { hasText: '老年助餐' }).waitFor()
    const card = page.locator('.slot-helpers:visible').filter({ has: page.locator('.helpers-open') }).first()
    await card.waitFor()
    await checkPage(page, '服务志愿者（时段列表）')
    await shot(page, 'slot-helpers-list', '.slot-helpers')

    // 招募志愿者: three 送餐员 with 助老, the place from the canteen.
    await tap(card.locator('.helpers-open'))
    const form = page.locator('.helpers-form:visible')
    await form.waitFor()
    await form.locator('.helpers-seats input').fill('3')
    expect(await form.locator('.helpers-role input').inputValue()).toBe('送餐员')
    await form.locator('.helpers-duties textarea').fill('把午餐送到行动不便老人家中')
    await form.locator('.helpers-risks textarea').fill('雨天路滑，注意安全')
    await checkPage(page, '服务志愿者（招募表单）')
    await shot(page, 'slot-helpers-form', '.helpers-form')
    await tap(form.locator('.helpers-submit'))
    const request = page.locator('.helpers-request:visible').first()
    await request.waitFor()
    expect(await request.innerText()).toContain('送餐员 · 名额 3 人 · 已报名 0 人')
    expect(await request.innerText()).toContain('地点：桂花社区长者食堂')
    expect(await request.innerText()).toContain('还没有志愿者报名')

    const activity = await db.selectFrom('volunteer_activity').selectAll().where('kind', '=', 'service_slot').executeTakeFirstOrThrow()
    expect(activity).toMatchObject({ status: 'published', category: 'elder_care', headcount: 3 })
    const told = await db.selectFrom('inbox_message').select('user_id').where('kind', '=', 'slot_helpers_needed').execute()
    expect(told.map((m) => m.user_id)).toEqual([volunteer.user.id])

    await checkPage(page, '服务志愿者（已发布招募）')
    await shot(page, 'slot-helpers-request', '.helpers-request')
    await setElderMode(page, true)
    await page.goto(`${e2e.baseUrl}/#/packages/volunteer/pages/slot-helpers/index`)
    await page.locator('.page--elder .helpers-request:visible').first().waitFor()
    await shot(page, 'slot-helpers-request-elder', '.helpers-request')
    await setElderMode(page, false)
    await page.goto(`${e2e.baseUrl}/#/packages/volunteer/pages/slot-helpers/index`)

    // 取消招募 with a reason: WeChat's dialog says who is told.
    const live = page.locator('.helpers-request:visible').first()
    await live.waitFor()
    await live.locator('.helpers-cancel-reason textarea').fill('送餐改由食堂员工负责')
    await tap(live.locator('.helpers-cancel'))
    await confirmDialog(page, '已报名和候补的志愿者都会收到取消通知')
    await page.locator('.slot-helpers:visible', { hasText: '此前的招募已取消：送餐改由食堂员工负责' }).first().waitFor()
    expect((await db.selectFrom('volunteer_activity').select(['status', 'cancel_reason']).where('id', '=', activity.id).executeTakeFirstOrThrow())).toEqual({
      status: 'cancelled',
      cancel_reason: '送餐改由食堂员工负责',
    })
    await shot(page, 'slot-helpers-cancelled', '.slot-helpers')
  })
})
