import { HOLIDAY_KIND_LABELS, HOLIDAY_NAME_MAX_LENGTH, HOLIDAY_RANGE_MAX_DAYS, type HolidayBlock, type HolidayDay, type HolidayKind } from '@linli/shared'
import type { FieldIssue } from '../http/errors'
import { addDays, isoWeekday } from './local-time'

const WEEKDAY_NAMES = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日']
const KIND_OF_LABEL: Record<string, HolidayKind> = { 休: 'off', 班: 'working' }
const EXAMPLE = '「2027-02-06 至 2027-02-13 休 春节」或「2027-02-14 班 春节」'
// `至`, `到` or a tilde between the dates, as people type them; the name is what the notice calls the holiday.
const LINE = /^(\d{4}-\d{2}-\d{2})(?:\s*(?:至|到|~|～)\s*(\d{4}-\d{2}-\d{2}))?\s+(休|班)\s+(\S.*)$/

function isRealDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`)
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date
}

export type ParsedNotice = { ok: true; days: HolidayDay[] } | { ok: false; issues: FieldIssue[] }

/**
 * Reads a pasted notice for `year`: one line per block of days, blank lines and lines starting
 * with `#` skipped. Every line is checked and every problem reported with its line number, so
 * the admin fixes the paste in one go:
 * 1. the line reads `日期 [至 日期] 休|班 名称`, with real dates, the end not before the start;
 * 2. every date lies inside `year`, a block is at most HOLIDAY_RANGE_MAX_DAYS long;
 * 3. a 班 day is a Saturday or Sunday (a make-up working day on a weekday is a typo);
 * 4. no date appears twice.
 */
export function parseNotice(year: number, text: string): ParsedNotice {
  const issues: FieldIssue[] = []
  const days: HolidayDay[] = []
  const lineOf = new Map<string, number>()
  const fail = (n: number, message: string) => issues.push({ path: 'text', message: `第 ${n} 行：${message}` })

  text.split(/\r?\n/).forEach((raw, index) => {
    const n = index + 1
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    // 1.
    const match = LINE.exec(line)
    if (!match) return fail(n, `格式应为${EXAMPLE}`)
    const [, start = '', end = start, label = '', rawName = ''] = match
    const bad = [start, end].find((d) => !isRealDate(d))
    if (bad) return fail(n, `${bad} 不是有效日期`)
    if (end < start) return fail(n, '结束日期早于开始日期')
    const name = rawName.trim()
    if (name.length > HOLIDAY_NAME_MAX_LENGTH) return fail(n, `节日名称最多 ${HOLIDAY_NAME_MAX_LENGTH} 字`)
    // 2.
    if (Number(start.slice(0, 4)) !== year || Number(end.slice(0, 4)) !== year) return fail(n, `日期不在 ${year} 年内`)
    const block: string[] = []
    for (let d = start; d <= end && block.length <= HOLIDAY_RANGE_MAX_DAYS; d = addDays(d, 1)) block.push(d)
    if (block.length > HOLIDAY_RANGE_MAX_DAYS) return fail(n, `一段最多 ${HOLIDAY_RANGE_MAX_DAYS} 天`)
    const kind = KIND_OF_LABEL[label] ?? 'off'
    for (const date of block) {
      // 3.
      if (kind === 'working' && isoWeekday(date) <= 5) {
        fail(n, `${date} 是${WEEKDAY_NAMES[isoWeekday(date)]}，调休上班日应是周六或周日`)
        continue
      }
      // 4.
      const earlier = lineOf.get(date)
      if (earlier !== undefined) {
        fail(n, `${date} 已在第 ${earlier} 行出现`)
        continue
      }
      lineOf.set(date, n)
      days.push({ date, kind, name })
    }
  })
  if (issues.length > 0) return { ok: false, issues }
  if (days.length === 0) return { ok: false, issues: [{ path: 'text', message: '没有读到任何日期，请每行写一段' }] }
  return { ok: true, days: days.sort((a, b) => a.date.localeCompare(b.date)) }
}

/** Consecutive days of the same kind and name, joined back into the blocks a notice lists. */
export function blocksOf(days: readonly HolidayDay[]): HolidayBlock[] {
  const blocks: HolidayBlock[] = []
  for (const day of [...days].sort((a, b) => a.date.localeCompare(b.date))) {
    const last = blocks.at(-1)
    if (last && last.kind === day.kind && last.name === day.name && addDays(last.to, 1) === day.date) last.to = day.date
    else blocks.push({ from: day.date, to: day.date, kind: day.kind, name: day.name })
  }
  return blocks
}

/** The blocks in the paste format, one line each. */
export function formatNotice(blocks: readonly HolidayBlock[]): string {
  return blocks.map((b) => `${b.from === b.to ? b.from : `${b.from} 至 ${b.to}`} ${HOLIDAY_KIND_LABELS[b.kind]} ${b.name}`).join('\n')
}
