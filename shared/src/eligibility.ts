import type { Eligibility } from './catalog'

/** Whole years between a birth date and a day, both `YYYY-MM-DD`; a 29 February birthday counts on 1 March. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number]
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const hadBirthday = m > bm || (m === bm && d >= bd)
  return y - by - (hadBirthday ? 0 : 1)
}

export interface EligibilityPerson {
  birthDate: string | null
  communityId: string | null
}

/**
 * Why a person may not use a service, in words a resident understands; null when they may.
 * The BFF uses it to filter and (from the booking issue on) to refuse; the mini-program to explain.
 * Child age ranges apply to the child served, so they are not checked against the adult here.
 */
export function ineligibilityReason(
  eligibility: Eligibility,
  serviceCommunityId: string,
  person: EligibilityPerson,
  today: string,
): string | null {
  if (eligibility.residentsOnly && person.communityId !== serviceCommunityId) {
    return '仅限本社区居民'
  }
  if (eligibility.minAge !== null) {
    if (person.birthDate === null) return `需年满${eligibility.minAge}周岁，请先完善出生日期`
    if (ageOn(person.birthDate, today) < eligibility.minAge) return `需年满${eligibility.minAge}周岁`
  }
  return null
}

export function describeEligibility(e: Eligibility): string[] {
  const lines: string[] = []
  if (e.minAge !== null) lines.push(`${e.minAge}周岁及以上`)
  if (e.childMinAge !== null || e.childMaxAge !== null) {
    lines.push(`儿童 ${e.childMinAge ?? 0}–${e.childMaxAge ?? 18} 岁`)
  }
  if (e.residentsOnly) lines.push('仅限本社区居民')
  return lines.length > 0 ? lines : ['所有居民']
}
