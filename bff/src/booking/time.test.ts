import { addDays, addWorkingDays, isoWeekday, localDate, localTime, zonedInstant } from './time'

describe('community time', () => {
  it('puts 11:30 in Shanghai at 03:30 UTC, whatever the server zone', () => {
    expect(zonedInstant('2026-11-23', '11:30', 'Asia/Shanghai').toISOString()).toBe('2026-11-23T03:30:00.000Z')
  })

  it('reads the local day across midnight UTC', () => {
    const lateEvening = new Date('2026-11-30T17:00:00Z') // 01:00 on 1 December in Shanghai
    expect(localDate(lateEvening, 'Asia/Shanghai')).toBe('2026-12-01')
    expect(localDate(lateEvening, 'UTC')).toBe('2026-11-30')
    expect(localTime(lateEvening, 'Asia/Shanghai')).toBe('01:00')
  })

  it('adds days across month and year ends and leap days', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01')
  })

  it('numbers weekdays from Monday', () => {
    expect(isoWeekday('2026-11-23')).toBe(1)
    expect(isoWeekday('2026-11-22')).toBe(7)
  })

  it('handles a zone with daylight saving', () => {
    // New York: 09:00 is 14:00 UTC in winter, 13:00 UTC in summer.
    expect(zonedInstant('2026-01-15', '09:00', 'America/New_York').toISOString()).toBe('2026-01-15T14:00:00.000Z')
    expect(zonedInstant('2026-07-15', '09:00', 'America/New_York').toISOString()).toBe('2026-07-15T13:00:00.000Z')
  })
})

describe('addWorkingDays', () => {
  it('skips weekends', () => {
    // Friday 27 November 2026 + 1 working day = Monday 30 November.
    expect(addWorkingDays('2026-11-27', 1)).toBe('2026-11-30')
    // + 15 working days = three calendar weeks later, Friday 18 December.
    expect(addWorkingDays('2026-11-27', 15)).toBe('2026-12-18')
    // From a Saturday, the next working day is Monday.
    expect(addWorkingDays('2026-11-28', 1)).toBe('2026-11-30')
    expect(addWorkingDays('2026-12-31', 2)).toBe('2027-01-04')
  })
})
