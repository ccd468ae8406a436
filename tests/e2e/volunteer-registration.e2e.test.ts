import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { createCommunity, createStreet, sessionFor } from '../support/factories'
import { idNumberWithSerial } from '../support/volunteer'
import { checkPage, confirmDialog, createPerson, openTab, signIn, tap, useBrowser } from './harness'

const e2e = useBrowser({ demo: false })
const SHOTS = process.env.LINLI_SHOTS_DIR ?? '/tmp/shots-v1'


async function shot(page: Page, name: string, focus: string) {
  mkdirSync(SHOTS, { recursive: true })
  await page.locator(focus).first().scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/${name}.png` })
}

async function elderMode(page: Page) {
  await openTab(page, '我的')
  await tap(page.locator('.elder-switch:visible'), '长辈模式')
  await page.locator('.page--elder .elder-switch:visible', { hasText: '已开启' }).waitFor()
}

async function openProfile(page: Page) {
  await openTab(page, '我的')
  await tap(page.locator('.volunteer-profile-link:visible'))
}

/** Fills the register form as she would: name, ID, phone, skills and times, both consents. */
async function fillForm(page: Page, values: { name: string; idNumber: string; phone: string; skills: string[]; times: string[] }) {
  await page.locator('.register-name:visible input').fill(values.name)
  await page.locator('.register-id:visible input').fill(values.idNumber)
  await page.locator('.register-phone:visible input').fill(values.phone)
  for (const skill of values.skills) await tap(page.locator('.register-skills:visible .chip', { hasText: skill }))
  for (const time of values.times) await tap(page.locator('.register-availability:visible .chip', { hasText: time }))
  await tap(page.locator('.register-agreement:visible'))
  await tap(page.locator('.register-id-consent:visible'))
  await page.locator('.register-id-consent:visible[aria-checked="true"]').waitFor()
}

describe('志愿者实名注册 in the H5 app', () => {
  it('a resident registers with both consents and sees her masked ID; joins a team; a 15-year-old registers with a guardian in 长辈模式; staff appoint a leader', async () => {
    const db = e2e.deps.db
    const street = await createStreet(db, '桂花街道')
    const communityId = (await createCommunity(db, { streetId: street.id, name: '桂花社区' })).id
    const resident = await createPerson(e2e, { name: '周晓梅', birthDate: '1986-04-12', communityId })
    const teen = await createPerson(e2e, { name: '周小雨', birthDate: '2011-05-01', communityId })
    const staff = await createPerson(e2e, { name: '张丽', birthDate: '1988-05-02', communityId, grant: { role: 'staff', communityId } })
    await e2e.api(`/staff/communities/${communityId}/volunteer-teams`, { token: await sessionFor(db, staff.id), body: { name: '桂花社区志愿服务队', description: '助老探访、四点半课堂、环境整治' } })
    const idNumber = idNumberWithSerial('1986-04-12', '023')

    // 我的 → 我的志愿: not yet a volunteer.
    const home = await e2e.newPage()
    await home.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, home, resident)
    await openProfile(home)
    await home.locator('.register-link:visible').waitFor()
    await checkPage(home, '我的志愿（未注册）')
    await shot(home, 'profile-unregistered-normal', '.register-link:visible')
    await tap(home.locator('.register-link:visible'))

    // The form: a mistyped ID number is told at once; submit waits for both consents.
    await home.locator('.register-name:visible').waitFor()
    await home.locator('.register-id:visible input').fill(`${idNumber.slice(0, 17)}${idNumber[17] === '0' ? '1' : '0'}`)
    await home.locator('.register-phone:visible input').click()
    await home.locator('.register-id-error:visible', { hasText: '校验位不正确' }).waitFor()
    await fillForm(home, { name: '周晓梅', idNumber, phone: '13912345678', skills: ['助老', '助学'], times: ['周末'] })
    await home.locator('.register-age:visible', { hasText: '40 周岁' }).waitFor()
    expect(await home.locator('.guardian-fields:visible').count()).toBe(0)
    await checkPage(home, '志愿者注册（填好）')
    await shot(home, 'register-filled-normal', '.register-id-consent:visible')
    await tap(home.locator('.register-submit:visible'))

    // Her profile: number, ID masked (never whole), hours, the links.
    await home.locator('.volunteer-id:visible', { hasText: `3301**********${idNumber.slice(-4)}` }).waitFor()
    await home.locator('.volunteer-no:visible', { hasText: /ZY\d{10}/ }).waitFor()
    await home.locator('.volunteer-total-hours:visible', { hasText: '0 小时' }).waitFor()
    expect(await home.locator('body').innerText()).not.toContain(idNumber)
    const row = await db.selectFrom('volunteer').select(['id_masked', 'skills', 'availability']).where('user_id', '=', resident.id).executeTakeFirstOrThrow()
    expect(row).toEqual({ id_masked: `3301**********${idNumber.slice(-4)}`, skills: ['elder_care', 'tutoring'], availability: ['weekend'] })
    await checkPage(home, '我的志愿（已注册）')
    await shot(home, 'profile-normal', '.volunteer-card:visible')

    // 志愿服务队: she joins.
    await tap(home.locator('.link-teams:visible'))
    await tap(home.locator('.team-card:visible', { hasText: '桂花社区志愿服务队' }).locator('.team-join'))
    await home.locator('.team-mine:visible').waitFor()
    await home.locator('.team-count:visible', { hasText: '队员 1 人' }).waitFor()
    await checkPage(home, '志愿服务队（已加入）')
    await shot(home, 'teams-joined-normal', '.team-card:visible')

    // A 15-year-old in 长辈模式: the ID says under 18, so the guardian's fields appear.
    const young = await e2e.newPage()
    await young.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, young, teen)
    await elderMode(young)
    await openProfile(young)
    await tap(young.locator('.register-link:visible'))
    await fillForm(young, { name: '周小雨', idNumber: idNumberWithSerial('2011-05-01', '046'), phone: '13911112222', skills: ['文体'], times: ['周末'] })
    await young.locator('.guardian-fields:visible').waitFor()
    await young.locator('.guardian-name:visible input').fill('周建国')
    await young.locator('.guardian-phone:visible input').fill('13700001111')
    await checkPage(young, '志愿者注册（未成年，长辈模式）')
    await shot(young, 'register-guardian-elder', '.guardian-fields:visible')
    // Without the guardian's consent the BFF refuses, and says why.
    await tap(young.locator('.register-submit:visible'))
    await young.locator('.register-result:visible', { hasText: '监护人' }).waitFor()
    await tap(young.locator('.guardian-consent:visible'))
    await tap(young.locator('.register-submit:visible'))
    await young.locator('.volunteer-age-group:visible', { hasText: '已记录监护人同意' }).waitFor()
    await checkPage(young, '我的志愿（长辈模式）')
    await shot(young, 'profile-elder', '.volunteer-card:visible')
    await tap(young.locator('.link-teams:visible'))
    await young.locator('.team-join:visible').waitFor()
    await checkPage(young, '志愿服务队（长辈模式）')
    await shot(young, 'teams-elder', '.team-card:visible')

    // Staff: the roster (masked), and she appoints 周晓梅 leader of the team.
    const desk = await e2e.newPage()
    await desk.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, desk, staff)
    await openProfile(desk)
    await tap(desk.locator('.staff-teams-link:visible'))
    await desk.locator('.roster-entry:visible', { hasText: '周*梅' }).waitFor()
    expect(await desk.locator('body').innerText()).not.toContain('周晓梅')
    await tap(desk.locator('.team-members-toggle:visible'))
    await tap(desk.locator('.team-member:visible', { hasText: '周*梅' }).locator('.team-leader-appoint'))
    await confirmDialog(desk, '发布本队的志愿活动')
    await desk.locator('.team-count:visible', { hasText: '队长：周*梅' }).waitFor()
    await checkPage(desk, '志愿服务队（工作人员）')
    await shot(desk, 'teams-staff-normal', '.team-card:visible')
    await shot(desk, 'teams-staff-roster-normal', '.roster:visible')
    expect(await db.selectFrom('volunteer_team_member').select('role').where('user_id', '=', resident.id).executeTakeFirstOrThrow()).toEqual({ role: 'leader' })

    // 周晓梅, now its leader, publishes an activity for the team from the team's card.
    await home.reload()
    const card = home.locator('.team-card:visible', { hasText: '桂花社区志愿服务队' })
    await card.locator('.team-mine', { hasText: '（队长）' }).waitFor()
    await checkPage(home, '志愿服务队（队长）')
    await shot(home, 'teams-leader-normal', '.team-card:visible')
    await tap(card.locator('.team-publish'))
    await home.locator('.publish-form:visible').waitFor()
    await home.locator('.title-input:visible input').fill('楼道环境整治')
    await home.locator('.content-input:visible textarea').fill('清理楼道杂物，张贴消防安全提示。')
    await home.locator('.place-input:visible input').fill('桂花社区 3 号楼')
    await checkPage(home, '发布志愿活动（队长）')
    await tap(home.locator('.publish-submit:visible'))
    await confirmDialog(home, '发布后')
    await home.locator('.activity-facts:visible', { hasText: '楼道环境整治' }).waitFor()
    const team = await db.selectFrom('volunteer_team').select('id').where('name', '=', '桂花社区志愿服务队').executeTakeFirstOrThrow()
    expect(await db.selectFrom('volunteer_activity').select(['status', 'team_id', 'created_by']).where('title', '=', '楼道环境整治').executeTakeFirstOrThrow()).toEqual({
      status: 'published',
      team_id: team.id,
      created_by: resident.id,
    })
    // The leader's card in 长辈模式.
    await elderMode(home)
    await openProfile(home)
    await tap(home.locator('.link-teams:visible'))
    await home.locator('.team-publish:visible').waitFor()
    await checkPage(home, '志愿服务队（队长，长辈模式）')
    await shot(home, 'teams-leader-elder', '.team-card:visible')
  }, 400_000)
})
