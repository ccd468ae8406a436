import { ageOn, describeEligibility, ineligibilityReason } from './eligibility'
import { maskIdNumber, maskPhone } from './mask'

describe('ageOn', () => {
  it('counts whole years, turning a year older on the birthday', () => {
    expect(ageOn('1954-03-15', '2026-03-14')).toBe(71)
    expect(ageOn('1954-03-15', '2026-03-15')).toBe(72)
    expect(ageOn('2017-09-01', '2026-11-22')).toBe(9)
  })

  it('counts a 29 February birthday on 1 March in common years', () => {
    expect(ageOn('1964-02-29', '2026-02-28')).toBe(61)
    expect(ageOn('1964-02-29', '2026-03-01')).toBe(62)
  })
})

describe('ineligibilityReason', () => {
  const meal = { minAge: 60, childMinAge: null, childMaxAge: null, residentsOnly: true }
  it('explains why, in Chinese, or says nothing when eligible', () => {
    expect(ineligibilityReason(meal, 'c1', { birthDate: '1954-03-15', communityId: 'c1' }, '2026-11-22')).toBeNull()
    expect(ineligibilityReason(meal, 'c1', { birthDate: '1990-01-01', communityId: 'c1' }, '2026-11-22')).toBe('需年满60周岁')
    expect(ineligibilityReason(meal, 'c1', { birthDate: '1954-03-15', communityId: 'c2' }, '2026-11-22')).toBe('仅限本社区居民')
    expect(ineligibilityReason(meal, 'c1', { birthDate: null, communityId: 'c1' }, '2026-11-22')).toMatch(/出生日期/)
  })

  it('describes who may use a service', () => {
    expect(describeEligibility(meal)).toEqual(['60周岁及以上', '仅限本社区居民'])
    expect(describeEligibility({ minAge: null, childMinAge: 6, childMaxAge: 12, residentsOnly: false })).toEqual(['儿童 6–12 岁'])
    expect(describeEligibility({ minAge: null, childMinAge: null, childMaxAge: null, residentsOnly: false })).toEqual(['所有居民'])
  })
})

describe('masking', () => {
  it('shows only the ends of phone and ID numbers', () => {
    expect(maskPhone('13812341234')).toBe('138****1234')
    expect(maskIdNumber('110101195401011234')).toBe('110***********1234')
  })
})
