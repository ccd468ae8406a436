import { mkdirSync, readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { createCommunity, createStreet, sessionFor } from '../support/factories'
import { confirmDialog, checkBothModes, checkPage, createPerson, openTab, shownDialog, signIn, tap, useBrowser } from './harness'

const e2e = useBrowser({ demo: false })
const TITLE = '小区南门增设非机动车充电棚'
const SHOTS = process.env.LINLI_SHOTS_DIR ?? '/tmp/shots-M'
const HOUR_MS = 60 * 60 * 1000
const MINUTES = '会议议定：在南门东侧增设充电棚，物业负责施工，下月底前完成。'

/** The part of the page the step is about, scrolled into view (Taro's H5 page scrolls inside its own container). */
async function shot(page: Page, name: string, focus: string) {
  mkdirSync(SHOTS, { recursive: true })
  await page.locator(focus).first().scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/meeting-${name}.png` })
}

async function openTopic(page: Page) {
  await openTab(page, '首页')
  await tap(page.locator('.consultation-link:visible'))
  await page.locator('.topic-tabs:visible').waitFor()
  await tap(page.locator('.topic-tabs:visible .chip', { hasText: '协商中' }))
  await tap(page.locator('.topic-card:visible', { hasText: TITLE }).last())
  await page.locator('.topic-title:visible', { hasText: TITLE }).waitFor()
}

async function elderMode(page: Page) {
  await openTab(page, '我的')
  await tap(page.locator('.elder-switch:visible'), '长辈模式')
  await page.locator('.page--elder .elder-switch:visible', { hasText: '已开启' }).waitFor()
}


/** The day after tomorrow on the community's clock (Shanghai). */
function meetingDate(): string {
  return new Date(Date.now() + 2 * 24 * HOUR_MS).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })
}

describe('议事会 in the H5 app', () => {
  it('a resident registers and sees her code; staff check her in, enter a tally, a second staff member confirms, minutes reach the topic page', async () => {
    const db = e2e.deps.db
    const street = await createStreet(db, '桂花街道')
    const communityId = (await createCommunity(db, { streetId: street.id, name: '桂花社区' })).id
    const resident = await createPerson(e2e, { name: '王秀兰', birthDate: '1948-03-15', communityId })
    const staff = await createPerson(e2e, { name: '张丽', birthDate: '1988-05-02', communityId, grant: { role: 'staff', communityId } })
    const second = await createPerson(e2e, { name: '李强', birthDate: '1985-09-12', communityId, grant: { role: 'staff', communityId } })
    const category = await db.selectFrom('consultation_category').select('id').where('community_id', 'is', null).executeTakeFirstOrThrow()
    const topic = await db
      .insertInto('consultation_topic')
      .values({
        community_id: communityId,
        category_id: category.id,
        proposer_user_id: resident.id,
        title: TITLE,
        description: '南门外电动车乱停乱充，存在消防隐患，建议增设充电棚。',
        links: [],
        state: 'deliberating',
        state_reason: null,
        threshold: 1,
        expires_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const date = meetingDate()
    const meeting = await e2e.api<{ id: string; startsAt: string; endsAt: string }>(`/staff/consultation/topics/${topic.id}/meetings`, {
      token: await sessionFor(db, staff.id),
      body: { title: '充电棚议事会', place: '党群服务中心二楼', date, startTime: '14:00', endTime: '16:00', kind: 'representatives', openSeats: 20, reserved: [{ tag: 'resident_rep', seats: 5 }] },
    })
    const starts = new Date(meeting.startsAt)

    // Staff see the meeting on the topic page, with 安排议事会 for another one.
    const desk = await e2e.newPage()
    await desk.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, desk, staff)
    await openTopic(desk)
    await desk.locator('.meeting-title:visible', { hasText: '充电棚议事会' }).waitFor()
    await tap(desk.locator('.meeting-new:visible'))
    await desk.locator('.meeting-form:visible').waitFor()
    await checkPage(desk, '议题详情（议事会，工作人员）')
    await shot(desk, 'topic-staff-normal', '.meeting-form:visible')

    // The resident (长辈模式) registers and sees her code, big.
    const home = await e2e.newPage()
    await home.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, home, resident)
    await elderMode(home)
    await openTopic(home)
    await tap(home.locator('.meeting-register:visible'))
    await confirmDialog(home, '党群服务中心二楼')
    const code = (await home.locator('.meeting-code:visible').innerText()).trim()
    expect(code).toMatch(/^\d{6}$/)
    await home.locator('.result--ok:visible', { hasText: '报名成功' }).waitFor()
    await checkPage(home, '议题详情（已报名，签到码）')
    await shot(home, 'topic-resident-elder', '.meeting-code:visible')

    // At the door, half an hour before: staff type her code.
    e2e.setNow(new Date(starts.getTime() - HOUR_MS / 2))
    await desk.reload()
    await desk.locator('.topic-title:visible', { hasText: TITLE }).waitFor()
    await tap(desk.locator('.meeting-open:visible'))
    await desk.locator('.desk:visible').waitFor()
    await desk.locator('.desk-entry:visible', { hasText: '王*兰 · 未签到' }).waitFor()
    // Staff tag her 居民代表 (found by name and birth date), for the next meeting's reserved seats.
    await desk.locator('.tags-name:visible input').fill('王秀兰')
    await desk.locator('.tags-birth:visible input').fill('1948-03-15')
    await tap(desk.locator('.tags-choices:visible .chip', { hasText: '居民代表' }))
    await desk.locator('.tags-choices:visible .chip[aria-checked="true"]', { hasText: '✓ 居民代表' }).waitFor()
    await tap(desk.locator('.tags-submit:visible'))
    await desk.locator('.tags-result:visible', { hasText: '王*兰：居民代表' }).waitFor()
    expect(await db.selectFrom('consultation_participant_tag').select(['user_id', 'tag']).execute()).toEqual([{ user_id: resident.id, tag: 'resident_rep' }])
    // 调整座位: fewer than the seat she holds is refused and said so; then two more open seats.
    const pool = desk.locator('.seats-pool--open:visible')
    await pool.locator('.seats-count input').fill('0')
    await tap(pool.locator('.seats-save'))
    await desk.locator('.seats-form .field__error:visible', { hasText: '不能少于已报名占用的 1 个' }).waitFor()
    await pool.locator('.seats-count input').fill('22')
    await tap(pool.locator('.seats-save'))
    await desk.locator('.seats-form .result--ok:visible', { hasText: '开放座位调整为 22 个' }).waitFor()
    await pool.locator('.field__label', { hasText: '已占 1 / 共 22 个' }).waitFor()
    await checkBothModes(desk, '议事会（会前，工作人员）', { dir: SHOTS, prefix: 'meeting-', focus: '.seats-form' })
    await desk.locator('.desk-code:visible input').fill(code)
    await tap(desk.locator('.desk-check-in:visible'))
    await desk.locator('.desk-result:visible', { hasText: '王*兰 已签到，到会 1 人' }).waitFor()
    await desk.locator('.desk .meeting-quorum:visible', { hasText: '已达到法定人数' }).waitFor()
    await desk.locator('.desk-entry:visible', { hasText: '王*兰 · 已签到' }).waitFor()
    expect(await desk.locator('body').innerText()).not.toContain('王秀兰')
    await checkPage(desk, '议事会（现场签到台）')
    await shot(desk, 'desk-normal', '.desk-result:visible')

    // During the meeting: the show of hands, entered by one staff member.
    e2e.setNow(new Date(starts.getTime() + HOUR_MS / 2))
    await desk.reload()
    await desk.locator('.tally-form:visible').waitFor()
    await desk.locator('.tally-label:visible input').fill('同意增设充电棚')
    await desk.locator('.tally-for:visible input').fill('1')
    await desk.locator('.tally-against:visible input').fill('0')
    await desk.locator('.tally-abstain:visible input').fill('0')
    await tap(desk.locator('.tally-submit:visible'))
    await confirmDialog(desk, '另一位工作人员确认')
    await desk.locator('.tally-waiting:visible').waitFor()
    expect(await desk.locator('.tally-confirm-button:visible').count()).toBe(0)
    await checkPage(desk, '议事会（计票待确认）')
    await shot(desk, 'tally-entered-normal', '.tally-form:visible')

    // A second staff member (长辈模式) confirms it.
    const other = await e2e.newPage()
    await other.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, other, second)
    await elderMode(other)
    await openTopic(other)
    await tap(other.locator('.meeting-open:visible'))
    await other.locator('.tally-confirm:visible', { hasText: '张*' }).waitFor()
    await checkPage(other, '议事会（确认计票）')
    await tap(other.locator('.tally-confirm-button:visible'))
    await confirmDialog(other, '不能再修改')
    await other.locator('.meeting-tally-item:visible', { hasText: '同意增设充电棚：同意 1，反对 0，弃权 0 · 通过' }).waitFor()
    await checkPage(other, '议事会（计票已确认）')
    await shot(other, 'tally-confirmed-elder', '.meeting-tally:visible')

    // After the meeting: the minutes, published by staff, shown on the topic page.
    e2e.setNow(new Date(new Date(meeting.endsAt).getTime() + HOUR_MS))
    await desk.reload()
    await desk.locator('.minutes-form:visible').waitFor()
    await desk.locator('.minutes-input:visible textarea').fill(MINUTES)
    await tap(desk.locator('.minutes-publish:visible'))
    await confirmDialog(desk, '议题页面公开')
    await desk.locator('.meeting-minutes-text:visible', { hasText: MINUTES }).waitFor()
    await desk.locator('.desk:visible', { hasText: '报名与出席情况' }).locator('.desk-entry', { hasText: '王*兰 · 已签到' }).waitFor()
    expect(await desk.locator('.desk-code:visible').count()).toBe(0)
    // 报名与签到表: the attendance as a CSV for the meeting's records (issue 11 item 9).
    const download = desk.waitForEvent('download')
    await tap(desk.locator('.meeting-export__save:visible'))
    const sheet = await download
    expect(sheet.suggestedFilename()).toMatch(/^议事会签到表-\d{4}-\d{2}-\d{2}-.+\.csv$/)
    const lines = readFileSync(await sheet.path(), 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(lines[0]).toBe('"序号","姓名","报名方式","报名状态","座位","出席情况","签到时间"')
    expect(lines.filter((l) => l.includes('已签到'))).toHaveLength(1)
    await desk.locator('.meeting-export .result--ok:visible', { hasText: '已下载' }).waitFor()
    await checkBothModes(desk, '议事会（会议纪要）', { dir: SHOTS, prefix: 'meeting-', focus: '.meeting-export' })
    await shot(desk, 'minutes-normal', '.meeting-minutes:visible')

    await home.reload()
    await home.locator('.topic-title:visible', { hasText: TITLE }).waitFor()
    await home.locator('.meeting-minutes-text:visible', { hasText: MINUTES }).waitFor()
    await home.locator('.meeting-tally-item:visible', { hasText: '通过' }).waitFor()
    await checkPage(home, '议题详情（会议纪要）')
    await shot(home, 'topic-minutes-elder', '.meeting-minutes:visible')
  }, 400_000)
})
