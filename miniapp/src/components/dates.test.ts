import { deadlineLabel, momentLabel, parseTypedDate, slotLabel } from './dates'

describe('dates', () => {
  it('shows a booking the same way everywhere', () => {
    expect(slotLabel('2026-12-03', '11:30–12:30')).toBe('12月3日 周四 11:30–12:30')
    expect(momentLabel('2026-12-03T01:30:00.000Z')).toBe('12月3日 周四 09:30')
  })

  it('says a midnight deadline as the end of the day before', () => {
    expect(deadlineLabel('2026-12-03T01:30:00.000Z')).toBe('12月3日 周四 09:30前')
    expect(deadlineLabel('2026-12-15T16:00:00.000Z')).toBe('12月15日 周二 当天内')
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
