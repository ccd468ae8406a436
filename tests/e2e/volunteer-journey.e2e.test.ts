import type { Locator, Page } from 'playwright-core'
import { createCommunity, createStreet, sessionFor } from '../support/factories'
import { idNumberWithSerial } from '../support/volunteer'
import { checkBothModes, checkPage, confirmDialog, createPerson, openTab, screenshot, signIn, tap, useBrowser, waitForOne } from './harness'

/**
 * Issue 12's journey through the H5 pages as people tap them: a resident registers as a volunteer,
 * signs up for a shift, checks in and out with the organiser's code, the organiser confirms, she
 * opens her certificate and its code verifies on the public page; then an elder's daughter posts a
 * help request that the same volunteer completes, and her time credits move.
 * The server's clock is set (e2e.setNow) so that every window is open when a person acts.
 */

const e2e = useBrowser({ demo: false })
const SHOTS = process.env.LINLI_SHOTS_DIR ?? '/tmp/shots-j'
const FAR = new Date('2030-01-01')
const PAGES = '/#/packages/volunteer/pages'
const QR_CAPTION = '扫码或在“邻里”证明核验页输入核验码，无需登录即可核验'

/** Today on Shanghai's clock (桂花社区's), and an instant of it. */
const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })
const at = (time: string) => new Date(`${today}T${time}:00+08:00`)





let loads = 0
/** A fresh load of a page of the package (the query makes it a new document, not a hash change). */
async function open(page: Page, path: string, ready: string) {
  await page.goto(`${e2e.baseUrl}/?r=${++loads}${PAGES}/${path}`)
  await page.locator(`${ready}:visible`).first().waitFor()
}

/** 我的 → 我的志愿, the way she goes there each time (the instance she opened before may still be sliding out). */
async function openProfile(page: Page) {
  await openTab(page, '我的')
  await tap(page.locator('.volunteer-profile-link:visible'))
  await waitForOne(page.locator('.volunteer-card:visible'))
}

async function chip(group: Locator, label: string) {
  await tap(group.locator('.chip', { hasText: label }))
}

describe('志愿服务 journey in the H5 app', () => {
  it('a resident registers, signs up, checks in and out with the organiser’s code, gets her confirmed hours certified and verified; a daughter’s help request she completes moves her credits', async () => {
    const db = e2e.deps.db
    e2e.setNow(at('06:00'))
    const street = await createStreet(db, '桂花街道')
    const communityId = (await createCommunity(db, { streetId: street.id, name: '桂花社区' })).id
    const resident = await createPerson(e2e, { name: '周晓梅', birthDate: '1986-04-12', communityId })
    const staff = await createPerson(e2e, { name: '张丽', birthDate: '1988-05-02', communityId, grant: { role: 'staff', communityId } })
    const daughter = await createPerson(e2e, { name: '李敏', birthDate: '1990-08-21', communityId })
    await createPerson(e2e, { name: '王秀兰', birthDate: '1954-03-15', communityId })
    const staffToken = await sessionFor(db, staff.id, FAR)
    const idNumber = idNumberWithSerial('1986-04-12', '023')

    // 1. 我的 → 我的志愿 → 注册成为志愿者: the form with both consents; her number and masked ID.
    const phone = await e2e.newPage()
    await phone.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, phone, resident)
    await openTab(phone, '我的')
    await tap(phone.locator('.volunteer-profile-link:visible'))
    await phone.locator('.register-link:visible').waitFor()
    await checkBothModes(phone, '我的志愿（未注册）', { dir: SHOTS, prefix: 'journey-', focus: '.register-link' })
    await tap(phone.locator('.register-link:visible'))
    await phone.locator('.register-name:visible input').fill('周晓梅')
    await phone.locator('.register-id:visible input').fill(idNumber)
    await phone.locator('.register-phone:visible input').fill(resident.phone)
    await chip(phone.locator('.register-skills:visible'), '助老')
    await chip(phone.locator('.register-availability:visible'), '周末')
    await tap(phone.locator('.register-agreement:visible'))
    await tap(phone.locator('.register-id-consent:visible'))
    await phone.locator('.register-id-consent:visible[aria-checked="true"]').waitFor()
    await phone.locator('.register-age:visible', { hasText: '40 周岁' }).waitFor()
    await checkPage(phone, '志愿者注册')
    await screenshot(phone, SHOTS, 'journey-志愿者注册-normal', '.register-id-consent')
    await tap(phone.locator('.register-submit:visible'))
    const masked = `3301**********${idNumber.slice(-4)}`
    await phone.locator('.volunteer-id:visible', { hasText: masked }).waitFor()
    const volunteerNo = (await phone.locator('.volunteer-no:visible').innerText()).replace('志愿者编号：', '').trim()
    expect(volunteerNo).toMatch(/^ZY\d{10}$/)
    expect(await phone.locator('body').innerText()).not.toContain(idNumber)
    await checkBothModes(phone, '我的志愿', { dir: SHOTS, prefix: 'journey-', focus: '.volunteer-card' })

    // 2. Staff have published 重阳敬老 with a shift 07:00–08:00 today (the API: scenery); she signs up at 06:30.
    e2e.setNow(at('06:30'))
    await e2e.api('/volunteer/activities', {
      token: staffToken,
      body: {
        communityId,
        title: '重阳敬老院陪伴',
        content: '陪老人聊天、读报、做手工。',
        category: 'elder_care',
        place: '桂花社区养老服务中心',
        howToSignUp: '在“邻里”小程序报名',
        risks: '注意老人行动安全',
        shifts: [{ role: '陪伴志愿者', date: today, startTime: '07:00', endTime: '08:00', seats: 3 }],
      },
    })
    const { id: activityId } = await db.selectFrom('volunteer_activity').select('id').where('title', '=', '重阳敬老院陪伴').executeTakeFirstOrThrow()
    await openTab(phone, '首页')
    await tap(phone.locator('.volunteer-link:visible'))
    const card = phone.locator('.activity-card:visible', { hasText: '重阳敬老院陪伴' })
    await card.waitFor()
    await checkBothModes(phone, '志愿活动', { dir: SHOTS, prefix: 'journey-', focus: '.activity-card' })
    await tap(phone.locator('.activity-card:visible', { hasText: '重阳敬老院陪伴' }))
    await phone.locator('.shift-sign-up:visible').waitFor()
    await checkBothModes(phone, '活动详情', { dir: SHOTS, prefix: 'journey-', focus: '.shift-card' })
    await tap(phone.locator('.shift-sign-up:visible'))
    await confirmDialog(phone, '桂花社区养老服务中心')
    await phone.locator('.shift-result:visible').waitFor()
    expect(await phone.locator('.shift-result:visible').innerText()).toContain('报名成功')
    await phone.locator('.shift-mine:visible', { hasText: '您已报名' }).waitFor()

    // 3. 06:55: the organiser opens 签到与时长 from the activity; she types its six digits on 签到 / 签退.
    e2e.setNow(at('06:55'))
    const desk = await e2e.newPage()
    await desk.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, desk, staff)
    await open(desk, `activity/index?id=${activityId}`, '.organiser-tools')
    await tap(desk.locator('.open-organiser:visible'))
    const digits = desk.locator('.organiser-code__digits:visible').first()
    await digits.waitFor()
    expect(await desk.locator('.organiser-entry:visible').innerText()).toContain('周*梅')
    await checkBothModes(desk, '签到与时长', { dir: SHOTS, prefix: 'journey-', focus: '.organiser-code' })
    const codeIn = (await digits.innerText()).trim()
    expect(codeIn).toMatch(/^\d{6}$/)
    const openCheckin = () => open(phone, 'checkin/index', '.checkin-shift')
    await openProfile(phone)
    await tap(phone.locator('.link-checkin:visible'))
    await phone.locator('.checkin-code:visible input').waitFor()
    await checkBothModes(phone, '志愿签到', { dir: SHOTS, prefix: 'journey-', focus: '.checkin-shift' })
    await phone.locator('.checkin-code:visible input').fill(codeIn)
    await tap(phone.locator('.checkin-submit:visible', { hasText: '签到' }))
    await phone.locator('.result--ok:visible', { hasText: '签到成功' }).waitFor()
    await phone.locator('.checkin-state:visible', { hasText: '已签到' }).waitFor()

    // 07:55: she checks out with the code on the organiser's screen then: 60 minutes, 待确认.
    e2e.setNow(at('07:55'))
    await open(desk, `organiser/index?activityId=${activityId}`, '.organiser-code__digits')
    const codeOut = (await desk.locator('.organiser-code__digits:visible').first().innerText()).trim()
    await openCheckin()
    await phone.locator('.checkin-code:visible input').fill(codeOut)
    await tap(phone.locator('.checkin-submit:visible', { hasText: '签退' }))
    await phone.locator('.result--ok:visible', { hasText: '签退成功' }).waitFor()
    await phone.locator('.checkin-hours:visible', { hasText: '本次服务 1 小时，等待组织者确认' }).waitFor()
    await checkPage(phone, '志愿签到（签退后）')
    await screenshot(phone, SHOTS, 'journey-志愿签到-签退后-normal', '.checkin-shift')

    // 4. 08:05: the organiser confirms all pending of the shift (WeChat's dialog); she sees it in 服务记录.
    e2e.setNow(at('08:05'))
    await open(desk, `organiser/index?activityId=${activityId}`, '.organiser-code__digits')
    await desk.locator('.organiser-entry:visible', { hasText: '待确认' }).waitFor()
    await tap(desk.locator('.organiser-confirm-all:visible'))
    await confirmDialog(desk, '计入志愿者的服务时长')
    await desk.locator('.result--ok:visible', { hasText: '已确认 1 条' }).waitFor()
    await desk.locator('.organiser-entry:visible', { hasText: '已确认' }).waitFor()
    await checkPage(desk, '签到与时长（确认后）')
    await screenshot(desk, SHOTS, 'journey-签到与时长-确认后-normal', '.organiser-entry')
    await openProfile(phone)
    await phone.locator('.volunteer-total-hours:visible', { hasText: '1 小时' }).waitFor()
    await tap(phone.locator('.link-records:visible'))
    await phone.locator('.records-total:visible', { hasText: '1 小时' }).waitFor()
    const record = phone.locator('.records-item:visible', { hasText: '重阳敬老院陪伴' })
    await record.waitFor()
    expect(await record.innerText()).toContain('已确认')
    await checkBothModes(phone, '服务记录', { dir: SHOTS, prefix: 'journey-', focus: '.records-totals' })

    // 5. 志愿服务证明: issued at once; its code, opened logged out, verifies as 有效 with only what the certificate shows.
    await openProfile(phone)
    await tap(phone.locator('.link-certificate:visible'))
    await phone.locator('.apply-certificate:visible').waitFor()
    await checkBothModes(phone, '志愿服务证明（申请）', { dir: SHOTS, prefix: 'journey-', focus: '.apply-certificate' })
    await tap(phone.locator('.apply-certificate:visible'))
    const sheet = phone.locator('.cert-sheet:visible')
    await sheet.waitFor()
    const certificate = await sheet.innerText()
    for (const shown of [volunteerNo, masked, '1 小时', '重阳敬老院陪伴', '桂花社区']) expect(certificate).toContain(shown)
    expect(certificate).not.toContain(idNumber)
    await phone.locator('.cert-qr__image:visible').waitFor()
    const code = /核验码：([A-Z0-9-]{14})/.exec(await phone.locator('.cert-code:visible').innerText())?.[1] ?? ''
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/)
    const certificateUrl = new URL(phone.url()).hash.replace('#/packages/volunteer/pages/', '')
    await checkBothModes(phone, '志愿服务证明', { dir: SHOTS, prefix: 'journey-', focus: '.cert-sheet' })

    // A browser of its own, nobody logged in: the app, then the QR's address.
    const stranger = await e2e.newPage()
    await stranger.goto(`${e2e.baseUrl}/`)
    await stranger.locator('.weui-tabbar__item:visible').first().waitFor()
    await stranger.goto(`${e2e.baseUrl}/?r=${++loads}${PAGES}/verify/index?code=${code}`)
    await stranger.locator('.verify-verdict:visible', { hasText: '有效' }).waitFor()
    const verified = await stranger.locator('.verify-result:visible').innerText()
    for (const shown of ['周*梅', volunteerNo, masked, '1 小时', '重阳敬老院陪伴', '桂花社区']) expect(verified).toContain(shown)
    for (const hidden of ['周晓梅', idNumber, resident.phone]) expect(verified).not.toContain(hidden)
    // Word for word the certificate she holds, her name masked, without its QR.
    const plain = (text: string) => text.replace(QR_CAPTION, '').replace(/\s+/g, ' ').trim()
    expect(plain((await stranger.locator('.cert-sheet:visible').innerText()).replace('周*梅', '周晓梅'))).toBe(plain(certificate))
    await checkBothModes(stranger, '证明核验', { dir: SHOTS, prefix: 'journey-', focus: '.verify-result' })

    // 6. The daughter links her mother under 我的家人 and posts a 陪同就医 for her (09:00–11:00) on 邻里求助.
    e2e.setNow(at('08:10'))
    await e2e.api('/me/family', { token: await sessionFor(db, daughter.id, FAR), body: { name: '王秀兰', relation: 'parent', birthDate: '1954-03-15' } })
    const home = await e2e.newPage()
    await home.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, home, daughter)
    await openTab(home, '首页')
    await tap(home.locator('.help-link:visible'))
    await home.locator('.help-form:visible').waitFor()
    await checkBothModes(home, '邻里求助', { dir: SHOTS, prefix: 'journey-', focus: '.help-form' })
    await chip(home.locator('.help-kind:visible'), '陪同就医')
    await chip(home.locator('.help-for:visible'), '王秀兰')
    await home.locator('.help-date:visible').click()
    await home.locator('.weui-picker__action:visible', { hasText: '确定' }).click()
    await home.locator('.help-date:visible', { hasText: today }).waitFor()
    await home.locator('.help-place:visible input').fill('桂花苑3幢2单元501')
    await home.locator('.help-needs:visible textarea').fill('陪同去市一医院复查血压，帮忙排队取药')
    await home.locator('.help-contact-name:visible input').fill('李敏')
    await home.locator('.help-contact-phone:visible input').fill('13912345678')
    await tap(home.locator('.help-submit:visible'))
    await home.locator('.help-result:visible', { hasText: '已提交' }).waitFor()
    await home.locator('.help-mine:visible .help-card', { hasText: '待审核' }).waitFor()

    // Staff approve it in the review queue.
    const openQueue = () => open(desk, 'help-list/index?mode=staff', '.help-pool-card')
    await openQueue()
    await desk.locator('.help-pending:visible .help-card', { hasText: '王*兰' }).waitFor()
    await checkBothModes(desk, '邻里求助管理', { dir: SHOTS, prefix: 'journey-', focus: '.help-decide' })
    await tap(desk.locator('.help-approve:visible'))
    await confirmDialog(desk, '开放给本社区志愿者接单')
    await desk.locator('.help-pending:visible', { hasText: '没有待审核的求助' }).waitFor()

    // She (the volunteer) takes it from 首页 → 邻里求助.
    await openTab(phone, '首页')
    await tap(phone.locator('.help-link:visible'))
    const request = phone.locator('.help-open:visible .help-card', { hasText: '陪同就医' })
    await request.waitFor()
    await tap(phone.locator('.help-open:visible .help-take'))
    await confirmDialog(phone, '桂花苑3幢2单元501')
    await phone.locator('.help-taken:visible .help-card', { hasText: '已接单' }).waitFor()
    const help = await db.selectFrom('volunteer_help_request').select(['id', 'activity_id']).executeTakeFirstOrThrow()
    const openHelp = () => open(phone, `help/index?id=${help.id}`, '.help-volunteer')
    await openHelp()
    await checkBothModes(phone, '求助详情（志愿者）', { dir: SHOTS, prefix: 'journey-', focus: '.help-volunteer' })

    // 08:50, at the door: the daughter's help page shows the rotating code; the volunteer types it.
    e2e.setNow(at('08:50'))
    const openCode = () => open(home, `help/index?id=${help.id}`, '.help-code__digits')
    await openCode()
    await checkBothModes(home, '求助详情（签到码）', { dir: SHOTS, prefix: 'journey-', focus: '.help-code' })
    await openHelp()
    await phone.locator('.help-code-input:visible input').fill((await home.locator('.help-code__digits:visible').innerText()).trim())
    await tap(phone.locator('.help-check-in:visible'))
    await phone.locator('.help-action-result:visible', { hasText: '已签到' }).waitFor()

    // 10:55: checked out with the code of that minute.
    e2e.setNow(at('10:55'))
    await openCode()
    await openHelp()
    await phone.locator('.help-code-input:visible input').fill((await home.locator('.help-code__digits:visible').innerText()).trim())
    await tap(phone.locator('.help-check-out:visible'))
    await phone.locator('.help-action-result:visible', { hasText: '已签退' }).waitFor()

    // 11:30: staff confirm the hours on the organiser page of the request's activity.
    e2e.setNow(at('11:30'))
    await open(desk, `organiser/index?activityId=${help.activity_id}`, '.organiser-entry')
    await desk.locator('.organiser-entry:visible', { hasText: '待确认' }).waitFor()
    await tap(desk.locator('.organiser-confirm-all:visible'))
    await confirmDialog(desk, '计入志愿者的服务时长')
    await desk.locator('.result--ok:visible', { hasText: '已确认 1 条' }).waitFor()

    // Her 时间银行: 2 hours of help (capped at the 09:00–11:00 shift) became 2.0 credits, in the ledger.
    await openProfile(phone)
    await phone.locator('.volunteer-total-hours:visible', { hasText: '3 小时' }).waitFor()
    await tap(phone.locator('.link-credits:visible'))
    await phone.locator('.credits-balance:visible', { hasText: '我的时间币：2' }).waitFor()
    await phone.locator('.credits-entry:visible', { hasText: '志愿服务获得 +2' }).waitFor()
    await checkBothModes(phone, '时间银行', { dir: SHOTS, prefix: 'journey-', focus: '.credits-balance' })

    // The daughter sees the request done.
    await open(home, `help/index?id=${help.id}`, '.help-card')
    await home.locator('.help-card:visible', { hasText: '已完成' }).waitFor()
    await screenshot(home, SHOTS, 'journey-求助详情-已完成-normal', '.help-card')
  }, 900_000)
})
