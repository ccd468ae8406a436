import { lastMonths } from './stats'

describe('the dashboard trend months', () => {
  it('end with this month on the community clock and cross a new year', () => {
    // 1 January 2027 00:30 in Shanghai is still 31 December in UTC.
    expect(lastMonths(new Date('2026-12-31T16:30:00Z'), 'Asia/Shanghai', 3)).toEqual(['2026-11', '2026-12', '2027-01'])
    expect(lastMonths(new Date('2026-12-31T16:30:00Z'), 'UTC', 3)).toEqual(['2026-10', '2026-11', '2026-12'])
    expect(lastMonths(new Date('2026-03-15T00:00:00Z'), 'Asia/Shanghai', 14)).toEqual([
      '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03',
    ])
  })
})
