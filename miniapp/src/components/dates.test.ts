import { deadlineLabel, momentLabel, parseTypedDate, slotLabel } from './dates'

describe('dates', () => {
  it('shows a booking the same way everywhere', () => {
    expect(slotLabel('2026-12-03', '11:30–12:30')).toBe('12月3日 周四 11:30–12:30')
    expect(momentLabel({ date: '2026-12-03', time: '09:30' })).toBe('12月3日 周四 09:30')
  })

  it('says a midnight deadline as the end of the day before', () => {
    expect(deadlineLabel({ date: '2026-12-03', time: '09:30' })).toBe('12月3日 周四 09:30前')
    expect(deadlineLabel({ date: '2026-12-16', time: '00:00' })).toBe('12月15日 周二 当天内')
    // Across a year's end: the cancel deadline 2026-12-31T16:00Z as the BFF sends it for Shanghai.
    expect(deadlineLabel({ date: '2027-01-01', time: '00:00' })).toBe('12月31日 周四 当天内')
  })

  it.each([
    ['1955-03-15', '1955-03-15'],
    ['1955.3.15', '1955-03-15'],
    ['1955/3/15', '1955-03-15'],
    ['1955年3月15日', '1955-03-15'],
    ['19550315', '1955-03-15'],
    [' 2018 6 1 ', '2018-06-01'],
  ])('reads the typed date %s', (typed, date) => {
    expect(parseTypedDate(typed)).toBe(date)
  })

  it.each(['1955-02-30', '195531', '三月', '', '1955-13-01'])('refuses %s', (typed) => {
    expect(parseTypedDate(typed)).toBeNull()
  })
})
