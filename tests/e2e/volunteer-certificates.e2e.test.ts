import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { themeStyle } from '../../miniapp/src/theme/tokens'
import { createCommunity, createStreet, TEST_CIPHER } from '../support/factories'
import { idNumberFor } from '../support/volunteer'
import { createActivity } from '../support/volunteer'
import { confirmHours } from '../support/volunteer-certificates'
import { checkPage, confirmDialog, createPerson, signIn, tap, useBrowser } from './harness'

const e2e = useBrowser({ demo: false })
const SHOTS = process.env.LINLI_SHOTS_DIR ?? '/tmp/shots-v4'
const SHIFT = { startsAt: new Date('2026-11-20T06:00:00Z'), endsAt: new Date('2026-11-20T08:00:00Z'), capacity: 5 }

/** The page as it is, and as 长辈模式 draws it (the same tokens <Page> applies), for a person to look at. */
async function shots(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: `${SHOTS}/${name}-normal.png`, fullPage: true })
  await page.evaluate((vars) => {
    for (const el of [...document.querySelectorAll('.page--normal')] as HTMLElement[]) {
      el.classList.replace('page--normal', 'page--elder')
      for (const [k, v] of Object.entries(vars)) el.style.setProperty(k, v)
    }
    for (const [k, v] of Object.entries(vars)) document.body.style.setProperty(k, v)
    document.body.classList.add('elder-mode')
  }, themeStyle('elder'))
  await page.screenshot({ path: `${SHOTS}/${name}-elder.png`, fullPage: true })
  await page.reload()
}

/** A volunteer registered by real name, as registration leaves her (the registration feature's pages are not under test here). */
async function registerVolunteer(userId: string, communityId: string, name: string) {
  const idNumber = idNumberFor('1985-04-12')
  await e2e.deps.db
    .insertInto('volunteer')
    .values({
      user_id: userId,
      community_id: communityId,
      volunteer_no: 'GH2026000123',
      name_enc: TEST_CIPHER.encrypt(name),
      id_number_enc: TEST_CIPHER.encrypt(idNumber),
      id_number_hash: TEST_CIPHER.lookupHash(`id:${idNumber}`),
      id_masked: `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`,
      birth_date_enc: TEST_CIPHER.encrypt('1985-04-12'),
      phone_enc: TEST_CIPHER.encrypt('13900000001'),
      skills: ['elder_care'],
      id_consent_at: new Date(),
    })
    .execute()
  return idNumber
}

describe('志愿服务证明 in the H5 app', () => {
  it('a volunteer applies for her certificate and opens it; logged out, its code verifies as 有效 on the public page; staff see the numbers and void it', async () => {
    const db = e2e.deps.db
    const street = await createStreet(db, '桂花街道')
    const communityId = (await createCommunity(db, { streetId: street.id, name: '桂花社区' })).id
    const staff = await createPerson(e2e, { name: '张丽', birthDate: '1988-05-02', communityId, grant: { role: 'staff', communityId } })
    const volunteer = await createPerson(e2e, { name: '陈晓燕', birthDate: '1985-04-12', communityId, volunteerCommunityId: communityId })
    const idNumber = await registerVolunteer(volunteer.id, communityId, '陈晓燕')
    const { activity } = await createActivity(db, { communityId, createdBy: staff.id, title: '关爱独居老人上门探访', shifts: [SHIFT] })
    const tutoring = await createActivity(db, { communityId, createdBy: staff.id, title: '四点半课堂作业辅导', category: 'tutoring', shifts: [SHIFT] })
    await confirmHours(db, { userId: volunteer.id, communityId, activityId: activity.id, confirmedBy: staff.id, minutes: 98 * 60, serviceDate: '2026-10-20' }, new Date())
    await confirmHours(db, { userId: volunteer.id, communityId, activityId: tutoring.activity.id, confirmedBy: staff.id, minutes: 150, serviceDate: '2026-11-20', category: 'tutoring' }, new Date())

    // 我的志愿服务证明: apply for all years; the certificate opens with its QR.
    const page = await e2e.newPage()
    await page.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, page, volunteer)
    await page.goto(`${e2e.baseUrl}/#/packages/volunteer/pages/certificate/index`)
    await page.locator('.apply-certificate:visible').waitFor()
    await page.locator('.state--empty:visible', { hasText: '还没有出具过证明' }).waitFor()
    await checkPage(page, '志愿服务证明（申请）')
    await shots(page, 'certificate-apply')
    await page.locator('.apply-certificate:visible').waitFor()
    await tap(page.locator('.apply-certificate:visible'))
    await page.locator('.cert-sheet:visible').waitFor()
    const sheet = await page.locator('.cert-sheet:visible').innerText()
    expect(sheet).toContain('陈晓燕')
    expect(sheet).toContain('100.5 小时')
    expect(sheet).toContain('关爱独居老人上门探访')
    expect(sheet).toContain('桂花社区')
    expect(sheet).not.toContain(idNumber)
    await page.locator('.cert-qr__image:visible').waitFor()
    await checkPage(page, '志愿服务证明（证明）')
    await shots(page, 'certificate-card')
    const code = /核验码：([A-Z0-9-]{14})/.exec(await page.locator('.cert-code:visible').innerText())?.[1] ?? ''
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/)

    // Anyone, logged out, opens the QR's address: 有效, the name masked.
    const publicPage = await e2e.newPage()
    await publicPage.goto(`${e2e.baseUrl}/#/packages/volunteer/pages/verify/index?code=${code.replaceAll('-', '')}`)
    await publicPage.locator('.verify-verdict:visible', { hasText: '有效' }).waitFor()
    const shown = await publicPage.locator('.verify-result:visible').innerText()
    expect(shown).toContain('陈*燕')
    expect(shown).not.toContain('陈晓燕')
    expect(shown).toContain('100.5 小时')
    await checkPage(publicPage, '证明核验（有效）')
    await shots(publicPage, 'verify-valid')
    // A code typed wrong: 不存在.
    await publicPage.locator('.verify-code:visible input').fill('ZZZZ-2345-ZZZZ')
    await tap(publicPage.locator('.verify-now:visible'))
    await publicPage.locator('.verify-result--missing:visible', { hasText: '不存在' }).waitFor()
    await checkPage(publicPage, '证明核验（不存在）')

    // The 公示 list is public too: she reached 一星 at 100 hours.
    await publicPage.goto(`${e2e.baseUrl}/#/packages/volunteer/pages/stars/index?communityId=${communityId}`)
    await publicPage.locator('.star-entry:visible', { hasText: '陈*燕 · 一星志愿者' }).waitFor()
    await checkPage(publicPage, '星级志愿者公示')
    await shots(publicPage, 'stars')

    // Staff: the numbers and the hub, then the certificate voided with a reason.
    const desk = await e2e.newPage()
    await desk.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, desk, staff)
    await desk.goto(`${e2e.baseUrl}/#/packages/volunteer/pages/numbers/index`)
    await desk.locator('.numbers-community:visible', { hasText: '桂花社区' }).waitFor()
    expect(await desk.locator('.numbers-share:visible').innerText()).toContain('1 人')
    await desk.locator('.hub-publish:visible').waitFor()
    await checkPage(desk, '志愿服务数据')
    await shots(desk, 'numbers')
    await desk.goto(`${e2e.baseUrl}/#/packages/volunteer/pages/certificate/index`)
    await tap(desk.locator('.issued-list .open-certificate:visible').first())
    await desk.locator('.void-reason:visible').waitFor()
    await desk.locator('.void-reason:visible textarea').fill('服务时长登记有误，将重新出具')
    await tap(desk.locator('.void-certificate:visible'))
    await confirmDialog(desk, '作废后公开核验将显示')
    await desk.locator('.cert-status:visible', { hasText: '已作废' }).waitFor()

    await publicPage.goto(`${e2e.baseUrl}/#/packages/volunteer/pages/verify/index?code=${code}`)
    await publicPage.locator('.verify-verdict:visible', { hasText: '已作废' }).waitFor()
    await checkPage(publicPage, '证明核验（已作废）')
    await shots(publicPage, 'verify-voided')
  }, 240_000)
})
