import { workingDayCalendar } from '../../bff/src/calendar/service'
import { addWorkingDays, isWorkingDay } from '../../bff/src/calendar/working-days'
import { useTestContext } from '../support/context'
import { createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

const ctx = useTestContext()
const FAR = new Date('2030-01-01')
const NOV_30_NOON_SHANGHAI = new Date('2026-11-30T04:00:00Z')
// 00:30 on 1 December in Shanghai, still 30 November in UTC: the warning follows China's date.
const DEC_1_EARLY_SHANGHAI = new Date('2026-11-30T16:30:00Z')

const NOTICE_2027 = {
  source: '国务院办公厅关于2027年部分节假日安排的通知（测试）',
  text: '2027-01-01 休 元旦\n2027-02-06 至 2027-02-13 休 春节\n2027-02-20 班 春节\n2027-10-01 至 2027-10-07 休 国庆节',
}

let staff: string
let streetAdmin: string
let resident: string

beforeAll(async () => {
  const street = await createStreet(ctx.db)
  const community = await createCommunity(ctx.db, { streetId: street.id })
  staff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId: community.id } })).id, FAR)
  const admin = await createUser(ctx.db, { name: '刘建国', grant: { role: 'street_admin', streetId: street.id } })
  streetAdmin = await sessionFor(ctx.db, admin.id, FAR)
  resident = await sessionFor(ctx.db, (await createUser(ctx.db, { communityId: community.id })).id, FAR)
})

afterEach(() => ctx.setNow(null))

const load = (token: string, year: number | string, json: unknown) => ctx.request(`/api/v1/staff/holidays/${year}`, { method: 'PUT', token, json })
const status = async (token = staff) => (await ctx.request('/api/v1/staff/calendar/status', { token })).json()

describe('the holiday calendar as seeded', () => {
  it('holds the 2026 notice: 国庆 after 中秋, 春节 with its two make-up Saturdays', async () => {
    const calendar = await workingDayCalendar(ctx.db)
    expect(addWorkingDays(calendar, '2026-09-24', 5)).toBe('2026-10-09')
    for (const date of ['2026-09-20', '2026-10-10', '2026-02-14', '2026-02-28']) expect([date, isWorkingDay(calendar, date)]).toEqual([date, true])
    expect(isWorkingDay(calendar, '2026-02-16')).toBe(false)
    // 2025: 国庆·中秋 1–8 Oct, make-up Sun 28 Sep and Sat 11 Oct.
    expect(isWorkingDay(calendar, '2025-10-08')).toBe(false)
    expect(isWorkingDay(calendar, '2025-10-11')).toBe(true)

    const year = await (await ctx.request('/api/v1/staff/holidays/2026', { token: streetAdmin })).json()
    expect(year).toMatchObject({ year: 2026, loaded: true, source: expect.stringContaining('2026年部分节假日安排') })
    expect(year.text.split('\n')).toContain('2026-02-15 至 2026-02-23 休 春节')
    expect(year.text.split('\n')).toContain('2026-10-10 班 国庆节')
    expect(year.blocks).toContainEqual({ from: '2026-10-01', to: '2026-10-07', kind: 'off', name: '国庆节' })
  })
})

describe('who may read and load a notice', () => {
  it('only a street admin; staff may read the status, a resident may not', async () => {
    expect((await ctx.request('/api/v1/staff/holidays/2026', { token: staff })).status).toBe(403)
    expect((await load(staff, 2027, NOTICE_2027)).status).toBe(403)
    expect((await load(resident, 2027, NOTICE_2027)).status).toBe(403)
    expect((await ctx.request('/api/v1/staff/calendar/status', { token: resident })).status).toBe(403)
    expect((await ctx.request('/api/v1/staff/calendar/status')).status).toBe(401)
  })
})

describe('staff are warned while next year is missing', () => {
  it('not before 1 December; from 1 December in China until the notice is loaded', async () => {
    ctx.setNow(NOV_30_NOON_SHANGHAI)
    expect(await status()).toEqual({ year: 2026, nextYear: 2027, loaded: false, warning: null })

    ctx.setNow(DEC_1_EARLY_SHANGHAI)
    const warned = await status(streetAdmin)
    expect(warned).toMatchObject({ year: 2026, nextYear: 2027, loaded: false })
    expect(warned.warning).toContain('尚未导入 2027 年的国务院节假日安排')

    const empty = await (await ctx.request('/api/v1/staff/holidays/2027', { token: streetAdmin })).json()
    expect(empty).toEqual({ year: 2027, loaded: false, source: null, loadedAt: null, days: [], blocks: [], text: '' })
  })
})

describe('loading a notice', () => {
  it('refuses a bad paste with each line\'s reason in Chinese, and keeps nothing of it', async () => {
    const res = await load(streetAdmin, 2027, { source: NOTICE_2027.source, text: '2027-02-06 至 2027-02-13 休 春节\n2026-12-31 休 元旦\n2027-02-10 班 春节\n2027-02-13 休 春节' })
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body.error.code).toBe('VALIDATION_FAILED')
    expect(body.error.fields.map((f: { message: string }) => f.message)).toEqual([
      '第 2 行：日期不在 2027 年内',
      '第 3 行：2027-02-10 是周三，调休上班日应是周六或周日',
      '第 4 行：2027-02-13 已在第 1 行出现',
    ])
    expect((await ctx.db.selectFrom('holiday_notice').select('year').where('year', '=', 2027).execute()).length).toBe(0)

    const noSource = await (await load(streetAdmin, 2027, { source: ' ', text: NOTICE_2027.text })).json()
    expect(noSource.error.fields).toEqual([{ path: 'source', message: '请填写通知名称或文号' }])
    const badYear = await (await load(streetAdmin, 1999, NOTICE_2027)).json()
    expect(badYear.error.fields[0]).toMatchObject({ path: 'year', message: '年份应在 2025–2100 之间' })
  })

  it('replaces the whole year in one go, is audited, and the next deadline uses it at once', async () => {
    ctx.setNow(DEC_1_EARLY_SHANGHAI)
    const before = await workingDayCalendar(ctx.db)
    expect(isWorkingDay(before, '2027-02-08')).toBe(true)

    const first = await load(streetAdmin, 2027, { source: NOTICE_2027.source, text: `${NOTICE_2027.text}\n2027-05-01 至 2027-05-05 休 劳动节` })
    expect(first.status).toBe(200)
    const loaded = await load(streetAdmin, 2027, NOTICE_2027)
    expect(loaded.status).toBe(200)
    const year = await loaded.json()
    expect(year).toMatchObject({ year: 2027, loaded: true, source: NOTICE_2027.source })
    expect(year.text).toBe('2027-01-01 休 元旦\n2027-02-06 至 2027-02-13 休 春节\n2027-02-20 班 春节\n2027-10-01 至 2027-10-07 休 国庆节')
    // The reload replaced the year: 劳动节 from the first paste is gone.
    expect(year.days.some((d: { date: string }) => d.date === '2027-05-03')).toBe(false)

    const after = await workingDayCalendar(ctx.db)
    expect(isWorkingDay(after, '2027-02-08')).toBe(false)
    expect(isWorkingDay(after, '2027-02-20')).toBe(true)
    // Loaded: the fixed-date fallback no longer applies, the notice decides (2 May 2027 is a Sunday anyway; 3 May a Monday).
    expect(isWorkingDay(after, '2027-05-03')).toBe(true)

    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'target_id', 'detail']).where('action', '=', 'calendar.notice_loaded').execute()
    expect(audit).toHaveLength(2)
    expect(audit[1]).toMatchObject({ target_id: '2027', detail: { source: NOTICE_2027.source, off: 16, working: 1 } })

    expect(await status()).toEqual({ year: 2026, nextYear: 2027, loaded: true, warning: null })
  })
})
