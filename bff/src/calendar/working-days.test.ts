import { parseNotice } from './notice'
import { addWorkingDays, holidayCalendar, isWorkingDay } from './working-days'

// The 2026 notice (国务院办公厅, 4 Nov 2025) in the format an admin pastes; the migration seeds the same days.
const NOTICE_2026 = `
2026-01-01 至 2026-01-03 休 元旦
2026-01-04 班 元旦
2026-02-14 班 春节
2026-02-15 至 2026-02-23 休 春节
2026-02-28 班 春节
2026-04-04 至 2026-04-06 休 清明节
2026-05-01 至 2026-05-05 休 劳动节
2026-05-09 班 劳动节
2026-06-19 至 2026-06-21 休 端午节
2026-09-20 班 国庆节
2026-09-25 至 2026-09-27 休 中秋节
2026-10-01 至 2026-10-07 休 国庆节
2026-10-10 班 国庆节
`

function calendar2026() {
  const parsed = parseNotice(2026, NOTICE_2026)
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues))
  return holidayCalendar(parsed.days, [2026])
}

describe('working days in China', () => {
  const calendar = calendar2026()

  it('counts 5 working days after Thu 24 Sep 2026 across 中秋 and 国庆 to Fri 9 Oct', () => {
    // 25–27 Sep off; Mon 28, Tue 29, Wed 30 Sep; 1–7 Oct off; Thu 8, Fri 9 Oct.
    expect(addWorkingDays(calendar, '2026-09-24', 5)).toBe('2026-10-09')
    expect(addWorkingDays(calendar, '2026-09-24', 3)).toBe('2026-09-30')
    // 15: …, Sat 10 Oct (班) is the 6th, then 12–16 and 19–22 Oct.
    expect(addWorkingDays(calendar, '2026-09-24', 15)).toBe('2026-10-22')
  })

  it('treats the 调休 weekend days as working days', () => {
    for (const date of ['2026-09-20', '2026-10-10', '2026-02-14', '2026-02-28', '2026-01-04', '2026-05-09']) {
      expect([date, isWorkingDay(calendar, date)]).toEqual([date, true])
    }
    // An ordinary weekend stays off.
    expect(isWorkingDay(calendar, '2026-10-11')).toBe(false)
  })

  it('keeps 春节 15–23 Feb 2026 and 国庆 1–7 Oct off, weekdays included', () => {
    const off = (from: string, days: number) =>
      Array.from({ length: days }, (_, i) => new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10))
    for (const date of [...off('2026-02-15', 9), ...off('2026-10-01', 7)]) {
      expect([date, isWorkingDay(calendar, date)]).toEqual([date, false])
    }
    expect(isWorkingDay(calendar, '2026-02-24')).toBe(true)
    expect(isWorkingDay(calendar, '2026-10-08')).toBe(true)
    // 14 Feb (Sat, 班) + 1 working day is Tue 24 Feb: the whole 春节 block is skipped.
    expect(addWorkingDays(calendar, '2026-02-14', 1)).toBe('2026-02-24')
  })

  it('falls back to weekends and the fixed-date statutory days for a year without its notice', () => {
    // 2027 is not loaded: 1 Jan (Fri), 1–2 May, 1–3 Oct are off; 春节 cannot be known.
    expect(isWorkingDay(calendar, '2027-01-01')).toBe(false)
    expect(isWorkingDay(calendar, '2027-05-01')).toBe(false)
    expect(isWorkingDay(calendar, '2027-10-01')).toBe(false)
    expect(isWorkingDay(calendar, '2027-10-04')).toBe(true)
    expect(isWorkingDay(calendar, '2027-02-08')).toBe(true)
    // Thu 31 Dec 2026 + 1 → Mon 4 Jan 2027 (Fri 1 Jan off, then the weekend).
    expect(addWorkingDays(calendar, '2026-12-31', 1)).toBe('2027-01-04')
    // Thu 30 Sep 2027 + 1 → Mon 4 Oct 2027 (1 Oct Fri off, 2–3 Oct the weekend).
    expect(addWorkingDays(calendar, '2027-09-30', 1)).toBe('2027-10-04')
  })

  it('does not apply the fixed-date rule to a loaded year: the notice decides', () => {
    // 2026's notice lists 1–7 Oct; a notice that (hypothetically) made 3 Oct a working day wins.
    const custom = holidayCalendar([{ date: '2026-10-03', kind: 'working', name: '国庆节' }], [2026])
    expect(isWorkingDay(custom, '2026-10-03')).toBe(true)
    expect(isWorkingDay(custom, '2026-10-01')).toBe(true)
    expect(isWorkingDay(holidayCalendar([], []), '2026-10-01')).toBe(false)
  })

  it('skips only weekends across a month end without holidays', () => {
    expect(addWorkingDays(calendar, '2026-11-27', 1)).toBe('2026-11-30')
    expect(addWorkingDays(calendar, '2026-11-27', 15)).toBe('2026-12-18')
    expect(addWorkingDays(calendar, '2026-11-28', 1)).toBe('2026-11-30')
  })
})
