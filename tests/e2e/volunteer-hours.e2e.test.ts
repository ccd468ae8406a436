import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { newCodeSecret } from '../../bff/src/volunteer/facts'
import { createCommunity, createStreet } from '../support/factories'
import { idNumberFor } from '../support/volunteer'
import { checkPage, confirmDialog, createPerson, openTab, signIn, tap, useBrowser } from './harness'

const e2e = useBrowser({ demo: false })
const SHOTS = process.env.LINLI_SHOTS_DIR ?? '/tmp/shots-v3'
const MINUTE_MS = 60_000
const CHECKIN = '/#/packages/volunteer/pages/checkin/index'
const ORGANISER = '/#/packages/volunteer/pages/organiser/index'
const RECORDS = '/#/packages/volunteer/pages/records/index'

async function shot(page: Page, name: string, focus: string) {
  mkdirSync(SHOTS, { recursive: true })
  await page.locator(focus).first().scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/hours-${name}.png` })
}

async function elderMode(page: Page) {
  await openTab(page, '我的')
  await tap(page.locator('.elder-switch:visible'), '长辈模式')
  await page.locator('.page--elder .elder-switch:visible', { hasText: '已开启' }).waitFor()
}

/** The organiser's page, fresh: the code shown now. */
async function organiserCode(page: Page, activityId: string): Promise<string> {
  await page.goto(`${e2e.baseUrl}/?r=${Date.now()}${ORGANISER}?activityId=${activityId}`)
  const digits = page.locator('.organiser-code__digits:visible').first()
  await digits.waitFor()
  return (await digits.innerText()).trim()
}

describe('志愿服务 hours in the H5 app', () => {
  it('the organiser shows the code, a volunteer checks in and out with it, the organiser confirms, the volunteer sees the hours', async () => {
    const db = e2e.deps.db
    const cipher = e2e.deps.cipher
    const street = await createStreet(db, '桂花街道')
    const communityId = (await createCommunity(db, { streetId: street.id, name: '桂花社区' })).id
    const staff = await createPerson(e2e, { name: '张丽', birthDate: '1988-05-02', communityId, grant: { role: 'staff', communityId } })
    const volunteer = await createPerson(e2e, { name: '陈晓梅', birthDate: '1990-04-12', communityId, volunteerCommunityId: communityId })
    const idNumber = idNumberFor('1990-04-12')
    await db
      .insertInto('volunteer')
      .values({
        user_id: volunteer.id,
        community_id: communityId,
        volunteer_no: 'GH2026000123',
        name_enc: cipher.encrypt(volunteer.name),
        id_number_enc: cipher.encrypt(idNumber),
        id_number_hash: cipher.lookupHash(`id:${idNumber}`),
        id_masked: `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`,
        birth_date_enc: cipher.encrypt('1990-04-12'),
        phone_enc: cipher.encrypt(volunteer.phone),
        skills: ['elder_care'],
        id_consent_at: new Date(),
      })
      .execute()
    // A shift that started ten minutes ago and lasts two hours, with her seat on it.
    const start = new Date(Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - 10 * MINUTE_MS)
    const activity = await db
      .insertInto('volunteer_activity')
      .values({
        community_id: communityId,
        kind: 'activity',
        title: '重阳节敬老院陪伴',
        content: '陪老人聊天、读报、做手工。',
        category: 'elder_care',
        place: '桂花社区养老服务中心',
        headcount: 5,
        how_to_sign_up: '在“邻里”小程序报名',
        status: 'published',
        created_by: staff.id,
        published_by: staff.id,
        published_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const shift = await db
      .insertInto('volunteer_shift')
      .values({
        activity_id: activity.id,
        community_id: communityId,
        role: '陪伴志愿者',
        starts_at: start,
        ends_at: new Date(start.getTime() + 120 * MINUTE_MS),
        capacity: 5,
        taken: 1,
        signup_deadline: start,
        code_secret: newCodeSecret(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db.insertInto('volunteer_signup').values({ shift_id: shift.id, user_id: volunteer.id, community_id: communityId, status: 'signed_up' }).execute()

    // The organiser's screen: the six digits, the QR, the countdown, the roster.
    const desk = await e2e.newPage()
    await desk.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, desk, staff)
    const code = await organiserCode(desk, activity.id)
    expect(code).toMatch(/^\d{6}$/)
    await desk.locator('.organiser-code__qr:visible').waitFor()
    expect(await desk.locator('.organiser-code__left:visible').innerText()).toMatch(/\d+ 秒后更换/)
    expect(await desk.locator('.organiser-entry:visible').innerText()).toContain('陈*梅')
    await checkPage(desk, '签到与时长（组织者）')
    await shot(desk, 'organiser-normal', '.organiser-code:visible')

    // The volunteer opens the QR's address: the code is filled in, she taps 签到.
    const phone = await e2e.newPage()
    await phone.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, phone, volunteer)
    await phone.goto(`${e2e.baseUrl}/?r=1${CHECKIN}?shiftId=${shift.id}&code=${code}`)
    const input = phone.locator('.checkin-code:visible input')
    await input.waitFor()
    expect(await input.inputValue()).toBe(code)
    await checkPage(phone, '志愿签到（签到前）')
    await shot(phone, 'checkin-normal', '.checkin-shift:visible')
    await tap(phone.locator('.checkin-submit:visible', { hasText: '签到' }))
    await phone.locator('.result--ok:visible', { hasText: '签到成功' }).waitFor()
    await phone.locator('.checkin-state:visible', { hasText: '已签到' }).waitFor()

    // 95 minutes later she checks out with the code on the organiser's screen then.
    e2e.setNow(new Date(Date.now() + 95 * MINUTE_MS))
    const later = await organiserCode(desk, activity.id)
    await phone.locator('.checkin-code:visible input').fill(later)
    await tap(phone.locator('.checkin-submit:visible', { hasText: '签退' }))
    await phone.locator('.result--ok:visible', { hasText: '签退成功' }).waitFor()
    await phone.locator('.checkin-hours:visible', { hasText: '等待组织者确认' }).waitFor()
    await checkPage(phone, '志愿签到（签退后）')
    await shot(phone, 'checkout-normal', '.checkin-shift:visible')

    // The organiser selects her record and confirms it.
    await organiserCode(desk, activity.id)
    await desk.locator('.organiser-entry:visible', { hasText: '待确认' }).waitFor()
    await tap(desk.locator('.organiser-select:visible'))
    await tap(desk.locator('.organiser-confirm-selected:visible'))
    await confirmDialog(desk, '计入志愿者的服务时长')
    await desk.locator('.result--ok:visible', { hasText: '已确认 1 条' }).waitFor()
    await desk.locator('.organiser-entry:visible', { hasText: '已确认' }).waitFor()
    await checkPage(desk, '签到与时长（确认后）')
    await shot(desk, 'organiser-confirmed-normal', '.organiser-entry:visible')

    // She sees the hours in her records.
    await phone.goto(`${e2e.baseUrl}/?r=2${RECORDS}`)
    const total = phone.locator('.records-total:visible')
    await total.waitFor()
    const hours = Number((await total.innerText()).replace(/[^\d.]/g, ''))
    expect(hours).toBeGreaterThanOrEqual(1.5)
    expect(hours).toBeLessThanOrEqual(1.75)
    await phone.locator('.records-item:visible', { hasText: '已确认' }).waitFor()
    expect(await phone.locator('.records-item:visible').innerText()).toContain('重阳节敬老院陪伴')
    await checkPage(phone, '我的服务记录')
    await shot(phone, 'records-normal', '.records-totals:visible')

    // The same pages in 长辈模式, for the screenshots.
    await elderMode(phone)
    await phone.goto(`${e2e.baseUrl}/?r=3${RECORDS}`)
    await phone.locator('.page--elder .records-total:visible').waitFor()
    await shot(phone, 'records-elder', '.records-totals:visible')
    await phone.goto(`${e2e.baseUrl}/?r=4${CHECKIN}`)
    await phone.locator('.page--elder .checkin-shift:visible').waitFor()
    await shot(phone, 'checkin-elder', '.checkin-shift:visible')
    await elderMode(desk)
    await organiserCode(desk, activity.id)
    await desk.locator('.page--elder .organiser-code:visible').waitFor()
    await shot(desk, 'organiser-elder', '.organiser-code:visible')
  }, 240_000)

  it('the organiser fixes a missed check-out and revokes a record, each with a reason', async () => {
    const db = e2e.deps.db
    const cipher = e2e.deps.cipher
    const street = await createStreet(db, '银杏街道')
    const communityId = (await createCommunity(db, { streetId: street.id, name: '银杏社区' })).id
    const staff = await createPerson(e2e, { name: '王强', birthDate: '1985-03-02', communityId, grant: { role: 'staff', communityId } })
    const activity = await db
      .insertInto('volunteer_activity')
      .values({ community_id: communityId, kind: 'activity', title: '社区义诊秩序引导', content: '引导排队。', category: 'medical', place: '银杏社区卫生服务站', headcount: 4, how_to_sign_up: '小程序报名', status: 'published', created_by: staff.id, published_by: staff.id, published_at: new Date() })
      .returning(['id', 'category'])
      .executeTakeFirstOrThrow()
    // The shift ended 40 minutes ago: check-out has closed.
    const start = new Date(Date.now() - 160 * MINUTE_MS)
    const shift = await db
      .insertInto('volunteer_shift')
      .values({ activity_id: activity.id, community_id: communityId, role: '引导员', starts_at: start, ends_at: new Date(start.getTime() + 120 * MINUTE_MS), capacity: 4, taken: 2, signup_deadline: start, code_secret: newCodeSecret() })
      .returning('id')
      .executeTakeFirstOrThrow()
    const people = [
      { name: '周建国', minutes: null },
      { name: '刘芳芳', minutes: 110 },
    ]
    for (const [i, p] of people.entries()) {
      const user = await createPerson(e2e, { name: p.name, birthDate: '1975-06-01', communityId, volunteerCommunityId: communityId })
      const idNumber = idNumberFor('1975-06-01')
      await db
        .insertInto('volunteer')
        .values({ user_id: user.id, community_id: communityId, volunteer_no: `YX${i}`, name_enc: cipher.encrypt(p.name), id_number_enc: cipher.encrypt(idNumber), id_number_hash: cipher.lookupHash(`id:${idNumber}`), id_masked: `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`, birth_date_enc: cipher.encrypt('1975-06-01'), phone_enc: cipher.encrypt(user.phone), id_consent_at: new Date() })
        .execute()
      await db.insertInto('volunteer_signup').values({ shift_id: shift.id, user_id: user.id, community_id: communityId, status: 'signed_up' }).execute()
      // As check-in (and for the second, check-out) left them.
      await db
        .insertInto('volunteer_record')
        .values({ user_id: user.id, community_id: communityId, activity_id: activity.id, shift_id: shift.id, category: activity.category, service_date: new Date(start.getTime() + 8 * 3600_000).toISOString().slice(0, 10), checked_in_at: start, checked_out_at: p.minutes ? new Date(start.getTime() + p.minutes * MINUTE_MS) : null, minutes: p.minutes, status: p.minutes ? 'pending' : 'open' })
        .execute()
    }
    const desk = await e2e.newPage()
    await desk.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, desk, staff)
    await organiserCode(desk, activity.id)
    const missed = desk.locator('.organiser-entry:visible', { hasText: '周*国' })
    await tap(missed.locator('.organiser-fix', { hasText: '补签退' }))
    await missed.locator('.organiser-fix-minutes input').fill('100')
    await missed.locator('.organiser-reason input').fill('忘记签退，组织者现场核实')
    await checkPage(desk, '签到与时长（补签退表单）')
    await shot(desk, 'organiser-fix-normal', '.organiser-form:visible')
    await tap(missed.locator('.organiser-form-submit'))
    await desk.locator('.organiser-entry:visible', { hasText: '更正原因：忘记签退，组织者现场核实' }).waitFor()
    expect(await desk.locator('.organiser-entry:visible', { hasText: '周*国' }).innerText()).toContain('待确认')
    const wrong = desk.locator('.organiser-entry:visible', { hasText: '刘*芳' })
    await tap(wrong.locator('.organiser-revoke'))
    await wrong.locator('.organiser-reason input').fill('当天临时未到岗，误签')
    await tap(wrong.locator('.organiser-form-submit'))
    await confirmDialog(desk, '标为已撤销')
    await desk.locator('.organiser-entry:visible', { hasText: '撤销原因：当天临时未到岗，误签' }).waitFor()
    await checkPage(desk, '签到与时长（更正与撤销后）')
    await shot(desk, 'organiser-fixed-normal', '.organiser-entry:visible')
    const rows = await db.selectFrom('volunteer_record').select(['status', 'minutes', 'fix_reason', 'revoke_reason']).where('activity_id', '=', activity.id).orderBy('created_at').execute()
    expect(rows.map((r) => r.status).sort()).toEqual(['pending', 'revoked', 'superseded'])
    expect(rows.find((r) => r.status === 'pending')).toMatchObject({ minutes: 100, fix_reason: '忘记签退，组织者现场核实' })
  }, 180_000)

  it('shows an empty state to a volunteer with no shifts and no records', async () => {
    const db = e2e.deps.db
    const street = await createStreet(db, '丹桂街道')
    const communityId = (await createCommunity(db, { streetId: street.id, name: '丹桂社区' })).id
    const volunteer = await createPerson(e2e, { name: '刘佳', birthDate: '1995-02-01', communityId, volunteerCommunityId: communityId })
    const idNumber = idNumberFor('1995-02-01')
    const cipher = e2e.deps.cipher
    await db
      .insertInto('volunteer')
      .values({
        user_id: volunteer.id,
        community_id: communityId,
        volunteer_no: 'DG2026000001',
        name_enc: cipher.encrypt(volunteer.name),
        id_number_enc: cipher.encrypt(idNumber),
        id_number_hash: cipher.lookupHash(`id:${idNumber}`),
        id_masked: `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`,
        birth_date_enc: cipher.encrypt('1995-02-01'),
        phone_enc: cipher.encrypt(volunteer.phone),
        id_consent_at: new Date(),
      })
      .execute()
    const page = await e2e.newPage()
    await page.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, page, volunteer)
    await page.goto(`${e2e.baseUrl}/?r=1${RECORDS}`)
    await page.locator('.state--empty:visible', { hasText: '还没有服务记录' }).waitFor()
    await checkPage(page, '我的服务记录（空）')
    await shot(page, 'records-empty-normal', '.state--empty:visible')
    await page.goto(`${e2e.baseUrl}/?r=2${CHECKIN}`)
    await page.locator('.state--empty:visible', { hasText: '近期没有您报名的班次' }).waitFor()
    await checkPage(page, '志愿签到（空）')
  }, 120_000)
})
