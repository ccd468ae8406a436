import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { createBookableService, createCommunity, createFacility, createStreet, createUser, sessionFor } from '../support/factories'
import { createVolunteer } from '../support/volunteer'
import { checkPage, confirmDialog, createPerson, openTab, setElderMode, signIn, tap, useBrowser } from './harness'

const e2e = useBrowser({ demo: false })
const SHOTS = process.env.LINLI_SHOTS_DIR ?? '/tmp/shots-v6'
/** Sessions that outlast the clock moved to after the lunch. */
const FAR = new Date('2030-01-01')

/** The part of the page the step is about, scrolled into view (Taro's H5 page scrolls inside its own container). */
async function shot(page: Page, name: string, focus: string) {
  mkdirSync(SHOTS, { recursive: true })
  await page.locator(focus).first().scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/${name}.png` })
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
    // A lunch already under way offers no 招募 (the BFF would refuse it), whatever the hour the test runs.
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
    // This wait timed out twice in 12 local runs (2026-12-02) and never with the state below printed: it says what the page showed.
    await page
      .locator('.slot-helpers:visible', { hasText: '此前的招募已取消：送餐改由食堂员工负责' })
      .first()
      .waitFor()
      .catch(async (e: unknown) => {
        const reasons = await page.locator('.helpers-cancel-reason textarea').evaluateAll((n) => n.map((x) => (x as HTMLTextAreaElement).value))
        console.log('after 取消招募 the page shows', await page.locator('.slot-helpers').allInnerTexts(), 'reasons typed', reasons, 'activity', await db.selectFrom('volunteer_activity').select('status').execute())
        throw e
      })
    expect((await db.selectFrom('volunteer_activity').select(['status', 'cancel_reason']).where('id', '=', activity.id).executeTakeFirstOrThrow())).toEqual({
      status: 'cancelled',
      cancel_reason: '送餐改由食堂员工负责',
    })
    await shot(page, 'slot-helpers-cancelled', '.slot-helpers')
  }, 120_000)

  it('a volunteer finds the slot’s helper shift among the activities, and her 评价情况 counts the residents’ ratings of the lunch she served', async () => {
    {
      const db = e2e.deps.db
      const street = await createStreet(db, '荷花街道')
      const communityId = (await createCommunity(db, { streetId: street.id, name: '荷花社区' })).id
      const canteen = await createFacility(db, communityId, '荷花长者食堂')
      const lunch = await createBookableService(db, { communityId, name: '长者午餐', category: 'elder_care' })
      await db.updateTable('service').set({ facility_id: canteen.id }).where('id', '=', lunch.id).execute()
      const staffUser = await createUser(db, { name: '赵敏', grant: { role: 'staff', communityId } })
      const staff = await sessionFor(db, staffUser.id, FAR)
      const v = await createVolunteer(db, { communityId, name: '孙丽华', skills: ['elder_care'] })
      const phone = '13911112222'
      await db.updateTable('app_user').set({ phone_enc: e2e.deps.cipher.encrypt(phone), phone_hash: e2e.deps.cipher.lookupHash(phone) }).where('id', '=', v.user.id).execute()

      // Staff ask tomorrow's and the next day's lunches for helpers; residents book tomorrow's.
      const slots = await e2e.api<{ items: { id: string; date: string; startsAt: string; endsAt: string; state: string }[] }>(`/services/${lunch.id}/slots`)
      const [first, second] = slots.items.filter((s) => s.state === 'open' && new Date(s.startsAt).getTime() > Date.now() + 3 * 3600_000)
      if (!first || !second) throw new Error('no open lunches ahead')
      const ask = (slotId: string) => e2e.api<{ shiftId: string; title: string }>('/staff/volunteer/slot-helpers', { token: staff, body: { slotId, seats: 2, role: '送餐员' } })
      const served = await ask(first.id)
      const ahead = await ask(second.id)
      const bookings: { token: string; id: string }[] = []
      for (const name of ['王秀兰', '李建国', '张桂英', '刘福生']) {
        const r = await createUser(db, { name, birthDate: '1948-03-15', communityId })
        const token = await sessionFor(db, r.id, FAR)
        bookings.push({ token, id: (await e2e.api<{ id: string }>('/bookings', { token, body: { slotId: first.id } })).id })
      }
      // The lunch is eaten: staff mark it served, residents rate it (two 好评, one 中评, one 差评), her hours are confirmed.
      e2e.setNow(new Date(new Date(first.endsAt).getTime() + 3600_000))
      for (const [i, b] of bookings.entries()) {
        await e2e.api(`/bookings/${b.id}/serve`, { token: staff, body: {} })
        await e2e.api(`/bookings/${b.id}/rating`, { token: b.token, body: { level: [5, 4, 3, 1][i] } })
      }
      const shift = await db.selectFrom('volunteer_shift').selectAll().where('id', '=', served.shiftId).executeTakeFirstOrThrow()
      await db
        .insertInto('volunteer_record')
        .values({ user_id: v.user.id, community_id: communityId, activity_id: shift.activity_id, shift_id: shift.id, category: 'elder_care', service_date: first.date, checked_in_at: shift.starts_at, checked_out_at: shift.ends_at, minutes: 60, status: 'confirmed', confirmed_by: staffUser.id, confirmed_at: shift.ends_at })
        .execute()

      const page = await e2e.newPage()
      await page.goto(`${e2e.baseUrl}/`)
      await signIn(e2e, page, { name: '孙丽华', phone })
      await page.goto(`${e2e.baseUrl}/#/packages/volunteer/pages/activities/index`)
      await page.locator('.activity-card:visible', { hasText: ahead.title }).waitFor()
      await shot(page, 'activities-with-slot', '.activity-card')

      await page.goto(`${e2e.baseUrl}/#/packages/volunteer/pages/profile/index`)
      const evaluation = page.locator('.evaluation:visible')
      await evaluation.locator('.evaluation-share').waitFor()
      expect(await evaluation.innerText()).toContain('您服务过的 1 个社区服务时段，居民共评价 4 次')
      for (const text of ['好评 2', '中评 1', '差评 1', '好评率 50%']) expect(await evaluation.innerText()).toContain(text)
      for (const name of ['王秀兰', '李建国', '张桂英', '刘福生']) expect(await evaluation.innerText()).not.toContain(name)
      await checkPage(page, '我的志愿（评价情况）')
      await shot(page, 'evaluation', '.evaluation')
      await setElderMode(page, true)
      await page.goto(`${e2e.baseUrl}/#/packages/volunteer/pages/profile/index`)
      await page.locator('.page--elder .evaluation-share:visible').waitFor()
      await shot(page, 'evaluation-elder', '.evaluation')
    }
  }, 120_000)
})
