import { assertEligible, assertServiceClock, cancelDeadline, inBookingWindow, maskName } from './rules'

const TZ = 'Asia/Shanghai'

describe('cancelDeadline', () => {
  const lunch = new Date('2026-11-23T03:30:00Z') // 11:30 in Shanghai
  it('uses a local time on the slot day (meals: before 09:30)', () => {
    expect(cancelDeadline(lunch, { cancel_before_minutes: null, cancel_by_local_time: '09:30' }, TZ).toISOString()).toBe('2026-11-23T01:30:00.000Z')
  })
  it('or minutes before the start', () => {
    expect(cancelDeadline(lunch, { cancel_before_minutes: 120, cancel_by_local_time: null }, TZ).toISOString()).toBe('2026-11-23T01:30:00.000Z')
  })
  it('or the start itself', () => {
    expect(cancelDeadline(lunch, { cancel_before_minutes: null, cancel_by_local_time: null }, TZ)).toEqual(lunch)
  })
})

describe('inBookingWindow', () => {
  const settings = { min_notice_minutes: 60, max_days_ahead: 7 }
  const now = new Date('2026-11-30T15:30:00Z') // 23:30 on 30 November in Shanghai
  it('needs the minimum notice', () => {
    expect(inBookingWindow(new Date('2026-11-30T16:00:00Z'), settings, TZ, now)).toBe(false)
    expect(inBookingWindow(new Date('2026-11-30T16:31:00Z'), settings, TZ, now)).toBe(true)
  })
  it('counts days ahead in local days, across the month end', () => {
    expect(inBookingWindow(new Date('2026-12-07T03:30:00Z'), settings, TZ, now)).toBe(true) // 7 December
    expect(inBookingWindow(new Date('2026-12-07T16:30:00Z'), settings, TZ, now)).toBe(false) // 8 December 00:30 local
  })
})

describe('assertEligible', () => {
  const base = { community_id: 'c1', residents_only: false, min_age: null, child_min_age: null, child_max_age: null }
  it('checks residence, minimum age on the day, and the child range', () => {
    expect(() => assertEligible({ ...base, residents_only: true }, { communityId: 'c2' }, { birthDate: null }, '2026-11-23')).toThrow('仅限本社区居民')
    expect(() => assertEligible({ ...base, min_age: 60 }, { communityId: 'c1' }, { birthDate: '1966-11-24' }, '2026-11-23')).toThrow('年满60周岁')
    expect(() => assertEligible({ ...base, min_age: 60 }, { communityId: 'c1' }, { birthDate: '1966-11-23' }, '2026-11-23')).not.toThrow()
    expect(() => assertEligible({ ...base, child_min_age: 6, child_max_age: 12 }, { communityId: 'c1' }, { birthDate: '1990-01-01' }, '2026-11-23')).toThrow('6–12岁')
    expect(() => assertEligible({ ...base, child_min_age: 6, child_max_age: 12 }, { communityId: 'c1' }, { birthDate: '2017-09-01' }, '2026-11-23')).not.toThrow()
    expect(() => assertEligible({ ...base, min_age: 60 }, { communityId: 'c1' }, { birthDate: null }, '2026-11-23')).toThrow('出生日期')
  })
})

describe('maskName', () => {
  it('keeps the first and last characters', () => {
    expect(maskName('王秀兰')).toBe('王*兰')
    expect(maskName('李敏')).toBe('李*')
    expect(maskName('欧阳小明')).toBe('欧**明')
  })
})

describe('assertServiceClock', () => {
  const lunch = { starts_at: new Date('2026-11-23T03:30:00Z'), check_in_lead_minutes: 60, service_name: '老年助餐' } // 11:30 in Shanghai
  const at = (iso: string) => new Date(iso)
  it('opens check-in the lead before the start, and keeps it open afterwards', () => {
    expect(() => assertServiceClock('check_in', lunch, TZ, at('2026-11-23T02:29:00Z'))).toThrow('签到时间未到：11:30 的老年助餐 10:30 起可签到')
    expect(() => assertServiceClock('check_in', lunch, TZ, at('2026-11-23T02:30:00Z'))).not.toThrow()
    expect(() => assertServiceClock('check_in', lunch, TZ, at('2026-11-26T02:00:00Z'))).not.toThrow()
  })
  it('names the day when the opening is not today, even across midnight', () => {
    const early = { starts_at: new Date('2026-11-23T16:30:00Z'), check_in_lead_minutes: 60, service_name: '夜间陪护' } // 00:30 on the 24th
    expect(() => assertServiceClock('check_in', early, TZ, at('2026-11-23T08:00:00Z'))).toThrow('签到时间未到：11月24日 00:30 的夜间陪护 23:30 起可签到')
  })
  it('lets 已服务 wait for the start', () => {
    expect(() => assertServiceClock('serve', lunch, TZ, at('2026-11-23T03:29:00Z'))).toThrow('服务还没开始：11:30 开始后才能标记已服务')
    expect(() => assertServiceClock('serve', lunch, TZ, at('2026-11-23T03:30:00Z'))).not.toThrow()
  })
})
