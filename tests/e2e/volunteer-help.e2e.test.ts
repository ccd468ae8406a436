import type { Locator } from 'playwright-core'
import { createCommunity, createStreet, sessionFor } from '../support/factories'
import { createVolunteer } from '../support/volunteer'
import { checkBothModes, checkPage, confirmDialog, createPerson, openTab, screenshot, signIn, tap, useBrowser, waitForOne } from './harness'

const e2e = useBrowser({ demo: false })
const SHOTS = process.env.LINLI_SHOTS_DIR ?? '/tmp/shots-v5'
const FAR = new Date('2030-01-01')

/** Today on Shanghai's clock, and an instant of it. */
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })
const at = (time: string) => new Date(`${today()}T${time}:00+08:00`)




async function chip(group: Locator, label: string) {
  await tap(group.locator('.chip', { hasText: label }))
}

describe('邻里求助 in the H5 app', () => {
  it('a daughter posts a request for her mother, staff approve, a volunteer takes it, the code on her page checks him in and out, the hours confirmed become his credits', async () => {
    const db = e2e.deps.db
    // Before the service, on today's clock: 07:00; the service 09:00–11:00.
    e2e.setNow(at('07:00'))
    const street = await createStreet(db, '桂花街道')
    const communityId = (await createCommunity(db, { streetId: street.id, name: '桂花社区' })).id
    const daughter = await createPerson(e2e, { name: '李敏', birthDate: '1990-08-21', communityId })
    await createPerson(e2e, { name: '王秀兰', birthDate: '1954-03-15', communityId })
    const staff = await createPerson(e2e, { name: '张丽', birthDate: '1988-05-02', communityId, grant: { role: 'staff', communityId } })
    const v = await createVolunteer(db, { communityId, name: '赵志远', birthDate: '1960-01-30' })
    const volunteer = { id: v.user.id, name: '赵志远', phone: '13900009999' }
    await db.updateTable('app_user').set({ phone_hash: e2e.deps.cipher.lookupHash(volunteer.phone), phone_enc: e2e.deps.cipher.encrypt(volunteer.phone) }).where('id', '=', volunteer.id).execute()
    await e2e.api('/me/family', { token: await sessionFor(db, daughter.id, FAR), body: { name: '王秀兰', relation: 'parent', birthDate: '1954-03-15' } })

    // 1. The daughter: 首页 → 邻里求助, 我要求助 for 王秀兰.
    const home = await e2e.newPage()
    await home.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, home, daughter)
    const openList = async () => {
      await openTab(home, '首页')
      await tap(home.locator('.help-link:visible'))
      await home.locator('.help-form:visible').waitFor()
    }
    await openList()
    await checkBothModes(home, '邻里求助', { dir: SHOTS, prefix: 'help-', focus: '.help-form' })
    await chip(home.locator('.help-kind:visible'), '陪同就医')
    await chip(home.locator('.help-for:visible'), '王秀兰')
    await home.locator('.help-date:visible').click()
    await home.locator('.weui-picker__action:visible', { hasText: '确定' }).click()
    await home.locator('.help-date:visible', { hasText: today() }).waitFor()
    await home.locator('.help-place:visible input').fill('桂花苑3幢2单元501')
    await home.locator('.help-needs:visible textarea').fill('陪同去市一医院复查血压，帮忙排队取药')
    await home.locator('.help-contact-name:visible input').fill('李敏')
    await home.locator('.help-contact-phone:visible input').fill('13912345678')
    await tap(home.locator('.help-submit:visible'))
    await home.locator('.help-result:visible', { hasText: '已提交' }).waitFor()
    await home.locator('.help-mine:visible .help-card', { hasText: '待审核' }).waitFor()

    // 2. Staff approve it on 邻里求助管理.
    const desk = await e2e.newPage()
    await desk.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, desk, staff)
    const openStaff = async () => {
      await desk.goto(`${e2e.baseUrl}/#/packages/volunteer/pages/help-list/index?mode=staff`)
      await waitForOne(desk.locator('.help-pool-card:visible'))
    }
    await openStaff()
    await desk.locator('.help-pending:visible .help-card', { hasText: '王*兰' }).waitFor()
    await checkBothModes(desk, '邻里求助管理', { dir: SHOTS, prefix: 'help-', focus: '.help-decide' })
    await tap(desk.locator('.help-approve:visible'))
    await confirmDialog(desk, '开放给本社区志愿者接单')
    await desk.locator('.help-pending:visible', { hasText: '没有待审核的求助' }).waitFor()

    // 3. The volunteer takes it from the open list; the contact is whole to him once taken.
    const phone = await e2e.newPage()
    await phone.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, phone, volunteer)
    await openTab(phone, '首页')
    await tap(phone.locator('.help-link:visible'))
    const open = phone.locator('.help-open:visible .help-card', { hasText: '陪同就医' })
    await open.waitFor()
    expect(await open.innerText()).toContain('139****5678')
    await tap(phone.locator('.help-open:visible .help-take'))
    await confirmDialog(phone, '桂花苑3幢2单元501')
    await phone.locator('.help-taken:visible .help-card', { hasText: '已接单' }).waitFor()
    await tap(phone.locator('.help-taken:visible .help-open'))
    await phone.locator('.help-card:visible', { hasText: '13912345678' }).waitFor()
    const { id } = await db.selectFrom('volunteer_help_request').select('id').executeTakeFirstOrThrow()
    const openHelp = async () => {
      await phone.goto(`${e2e.baseUrl}/#/packages/volunteer/pages/help/index?id=${id}`)
      await waitForOne(phone.locator('.help-volunteer:visible'))
    }
    await checkBothModes(phone, '求助详情（志愿者）', { dir: SHOTS, prefix: 'help-', focus: '.help-volunteer' })

    // 4. At the door, 08:50: the daughter's help page shows the code, the volunteer types it.
    e2e.setNow(at('08:50'))
    await home.goto(`${e2e.baseUrl}/#/packages/volunteer/pages/help/index?id=${id}`)
    const digits = home.locator('.help-code__digits:visible')
    await digits.waitFor()
    await checkPage(home, '求助详情（签到码）')
    await screenshot(home, SHOTS, 'help-求助详情-签到码', '.help-code')
    await phone.reload()
    await phone.locator('.help-code-input:visible input').fill((await digits.innerText()).trim())
    await tap(phone.locator('.help-check-in:visible'))
    await phone.locator('.help-action-result:visible', { hasText: '已签到' }).waitFor()

    // 5. 10:55: checked out with the code of that minute.
    e2e.setNow(at('10:55'))
    await home.reload()
    await home.locator('.help-code__digits:visible').waitFor()
    await phone.reload()
    await phone.locator('.help-code-input:visible input').fill((await home.locator('.help-code__digits:visible').innerText()).trim())
    await tap(phone.locator('.help-check-out:visible'))
    await phone.locator('.help-action-result:visible', { hasText: '已签退' }).waitFor()

    // 6. Staff confirm the hours (the hours feature's route; organiser = staff); the credits move.
    e2e.setNow(at('11:30'))
    const request = await db.selectFrom('volunteer_help_request').select(['activity_id', 'shift_id']).executeTakeFirstOrThrow()
    await e2e.api(`/volunteer/activities/${request.activity_id}/hours/confirm`, { token: await sessionFor(db, staff.id, FAR), body: { shiftId: request.shift_id } })
    const openCredits = async () => {
      await phone.goto(`${e2e.baseUrl}/#/packages/volunteer/pages/credits/index`)
      await waitForOne(phone.locator('.credits-balance:visible'))
    }
    await openCredits()
    await phone.locator('.credits-balance:visible', { hasText: '我的时间币：2' }).waitFor()
    await phone.locator('.credits-entry:visible', { hasText: '志愿服务获得 +2' }).waitFor()
    await checkBothModes(phone, '我的时间币', { dir: SHOTS, prefix: 'help-', focus: '.credits-balance' })

    // 7. The daughter sees it done; her credits page offers only her mother (aged 72) to give to.
    await home.reload()
    await home.locator('.help-card:visible', { hasText: '已完成' }).waitFor()
    await home.goto(`${e2e.baseUrl}/#/packages/volunteer/pages/credits/index`)
    await home.locator('.credits-member:visible', { hasText: '王秀兰' }).waitFor()
    expect(await home.locator('.credits-no-money:visible').innerText()).toContain('不能兑换现金')
    await screenshot(home, SHOTS, 'help-我的时间币-家属', '.credits-give')
  }, 300_000)
  it('a daughter withdraws a request a volunteer had taken, before the service: the volunteer is told, and her page says so', async () => {
    const db = e2e.deps.db
    e2e.setNow(at('07:00'))
    const street = await createStreet(db, '丹桂街道')
    const communityId = (await createCommunity(db, { streetId: street.id, name: '丹桂社区' })).id
    const daughter = await createPerson(e2e, { name: '周敏', birthDate: '1991-02-11', communityId })
    const staff = await createPerson(e2e, { name: '钱芳', birthDate: '1985-07-09', communityId, grant: { role: 'staff', communityId } })
    const v = await createVolunteer(db, { communityId, name: '孙建国', birthDate: '1962-04-18' })
    const daughterToken = await sessionFor(db, daughter.id, FAR)
    const posted = await e2e.api<{ id: string }>('/volunteer/help-requests', {
      token: daughterToken,
      body: { kind: 'shopping', date: today(), startTime: '09:00', endTime: '10:00', place: '丹桂苑2幢101', needs: '帮忙买一周的米面和蔬菜', contactName: '周敏', contactPhone: '13912340000' },
    })
    await e2e.api(`/staff/volunteer/help-requests/${posted.id}/approve`, { token: await sessionFor(db, staff.id, FAR), body: {} })
    await e2e.api(`/volunteer/help-requests/${posted.id}/take`, { token: await sessionFor(db, v.user.id, FAR), body: {} })

    const home = await e2e.newPage()
    await home.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, home, daughter)
    const openHelp = async () => {
      await home.goto(`${e2e.baseUrl}/#/packages/volunteer/pages/help/index?id=${posted.id}`)
      await waitForOne(home.locator('.help-withdraw:visible'))
    }
    await openHelp()
    await home.locator('.help-card:visible', { hasText: '已接单' }).waitFor()
    await checkBothModes(home, '求助详情（可撤回）', { dir: SHOTS, prefix: 'help-', focus: '.help-withdraw-card' })
    await tap(home.locator('.help-withdraw:visible'))
    await confirmDialog(home, '孙*国会收到通知')
    await home.locator('.help-withdrawn-note:visible').waitFor()
    await home.locator('.help-card:visible', { hasText: '已撤回' }).waitFor()
    expect(await home.locator('.help-withdraw:visible').count()).toBe(0)
    await checkPage(home, '求助详情（已撤回）')
    await screenshot(home, SHOTS, 'help-求助详情-已撤回', '.help-card')
    expect(await db.selectFrom('volunteer_help_request').select('status').where('id', '=', posted.id).executeTakeFirstOrThrow()).toEqual({ status: 'withdrawn' })
    const told = await db.selectFrom('notification_outbox').select('kind').where('user_id', '=', v.user.id).where('kind', '=', 'help_request_withdrawn').execute()
    expect(told).toHaveLength(1)
  }, 300_000)
})
