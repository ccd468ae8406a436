import { addDays, isoWeekday, localDate, localDayRange, localTime, minutesOf, timeOf, zonedInstant } from './local-time'

describe('community time', () => {
  it('puts 11:30 in Shanghai at 03:30 UTC, whatever the server zone', () => {
    expect(zonedInstant('2026-11-23', '11:30', 'Asia/Shanghai').toISOString()).toBe('2026-11-23T03:30:00.000Z')
  })

  it('reads the local day across midnight UTC', () => {
    const lateEvening = new Date('2026-11-30T17:00:00Z') // 01:00 on 1 December in Shanghai
    expect(localDate(lateEvening, 'Asia/Shanghai')).toBe('2026-12-01')
    expect(localDate(lateEvening, 'UTC')).toBe('2026-11-30')
    expect(localTime(lateEvening, 'Asia/Shanghai')).toBe('01:00')
    expect(localTime(new Date('2026-11-30T16:00:00Z'), 'Asia/Shanghai')).toBe('00:00')
  })

  it('adds days across month and year ends and leap days', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(addDays('2026-01-31', 30)).toBe('2026-03-02')
  })

  it('numbers weekdays from Monday', () => {
    expect(isoWeekday('2026-11-23')).toBe(1)
    expect(isoWeekday('2026-11-22')).toBe(7)
    expect(isoWeekday('2026-10-10')).toBe(6)
  })

  it('handles zones with daylight saving', () => {
    // New York: 09:00 is 14:00 UTC in winter, 13:00 UTC in summer.
    expect(zonedInstant('2026-01-15', '09:00', 'America/New_York').toISOString()).toBe('2026-01-15T14:00:00.000Z')
    expect(zonedInstant('2026-07-15', '09:00', 'America/New_York').toISOString()).toBe('2026-07-15T13:00:00.000Z')
    // Berlin changes on 29 March and 25 October 2026, at 01:00 UTC.
    expect(zonedInstant('2026-03-28', '12:00', 'Europe/Berlin').toISOString()).toBe('2026-03-28T11:00:00.000Z')
    expect(zonedInstant('2026-03-29', '12:00', 'Europe/Berlin').toISOString()).toBe('2026-03-29T10:00:00.000Z')
    expect(zonedInstant('2026-03-29', '01:30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T00:30:00.000Z')
    expect(zonedInstant('2026-03-29', '03:30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z')
    // 02:30 does not exist that night: it comes out as 03:30 summer time.
    expect(zonedInstant('2026-03-29', '02:30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z')
    expect(zonedInstant('2026-10-25', '12:00', 'Europe/Berlin').toISOString()).toBe('2026-10-25T11:00:00.000Z')
    expect(localTime(new Date('2026-10-25T00:30:00Z'), 'Europe/Berlin')).toBe('02:30')
    expect(localTime(new Date('2026-10-25T01:30:00Z'), 'Europe/Berlin')).toBe('02:30')
  })

  it('gives a local day as [start, end) instants, 23 or 25 hours on a change', () => {
    const [start, end] = localDayRange('2026-12-01', 'Asia/Shanghai')
    expect([start.toISOString(), end.toISOString()]).toEqual(['2026-11-30T16:00:00.000Z', '2026-12-01T16:00:00.000Z'])
    const hours = (date: string) => {
      const [s, e] = localDayRange(date, 'Europe/Berlin')
      return (e.getTime() - s.getTime()) / 3600_000
    }
    expect([hours('2026-03-29'), hours('2026-10-25'), hours('2026-07-01')]).toEqual([23, 25, 24])
    // Month and year ends.
    const [, newYear] = localDayRange('2026-12-31', 'Asia/Shanghai')
    expect(newYear.toISOString()).toBe('2026-12-31T16:00:00.000Z')
    const [feb] = localDayRange('2028-02-29', 'Asia/Shanghai')
    expect(feb.toISOString()).toBe('2028-02-28T16:00:00.000Z')
  })

  it('agrees with the formatter minute by minute, in odd offsets and across half-hour changes', () => {
    // Kathmandu is UTC+5:45; Lord Howe moves by 30 minutes (2026-10-04 02:00 → 02:30); New York by an hour.
    const exact = (instant: Date, tz: string) => {
      const f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      const p = Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, x.value]))
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
    }
    const cases: [string, string][] = [
      ['Asia/Kathmandu', '2026-11-30T18:00:00Z'],
      ['Australia/Lord_Howe', '2026-10-03T14:00:00Z'],
      ['America/New_York', '2026-11-01T04:30:00Z'],
    ]
    for (const [tz, from] of cases) {
      for (let m = 0; m < 240; m += 7) {
        const instant = new Date(new Date(from).getTime() + m * 60_000 + 13_000)
        expect(`${localDate(instant, tz)} ${localTime(instant, tz)}`).toBe(exact(instant, tz))
      }
    }
  })

  it('converts times of day', () => {
    expect(minutesOf('11:30')).toBe(690)
    expect(timeOf(690)).toBe('11:30')
    expect(timeOf(0)).toBe('00:00')
  })
})
