import { blocksOf, formatNotice, parseNotice } from './notice'

function messages(year: number, text: string): string[] {
  const parsed = parseNotice(year, text)
  return parsed.ok ? [] : parsed.issues.map((i) => i.message)
}

describe('a pasted notice', () => {
  it('reads ranges and single days, skipping blank and # lines, and formats them back', () => {
    const text = '# 2027 年\n2027-02-06 至 2027-02-13 休 春节\n\n2027-02-14 班 春节\n2027-10-01~2027-10-07 休 国庆节'
    const parsed = parseNotice(2027, text)
    expect(parsed.ok && parsed.days.length).toBe(16)
    expect(parsed.ok && parsed.days.find((d) => d.date === '2027-02-14')).toEqual({ date: '2027-02-14', kind: 'working', name: '春节' })
    expect(parsed.ok && formatNotice(blocksOf(parsed.days))).toBe(
      '2027-02-06 至 2027-02-13 休 春节\n2027-02-14 班 春节\n2027-10-01 至 2027-10-07 休 国庆节',
    )
  })

  it('reports every bad line with its number, in Chinese', () => {
    const text = [
      '2027-02-06 休',
      '2027-02-30 休 春节',
      '2026-12-31 休 元旦',
      '2027-02-13 至 2027-02-06 休 春节',
      '2027-02-10 班 春节',
      '2027-10-01 至 2027-10-07 休 国庆节',
      '2027-10-07 休 国庆节',
      '2027-01-01 至 2027-03-01 休 春节',
      '2027-05-01 放 劳动节',
    ].join('\n')
    expect(messages(2027, text)).toEqual([
      '第 1 行：格式应为「2027-02-06 至 2027-02-13 休 春节」或「2027-02-14 班 春节」',
      '第 2 行：2027-02-30 不是有效日期',
      '第 3 行：日期不在 2027 年内',
      '第 4 行：结束日期早于开始日期',
      '第 5 行：2027-02-10 是周三，调休上班日应是周六或周日',
      '第 7 行：2027-10-07 已在第 6 行出现',
      '第 8 行：一段最多 15 天',
      '第 9 行：格式应为「2027-02-06 至 2027-02-13 休 春节」或「2027-02-14 班 春节」',
    ])
  })

  it('refuses a notice with no dates and an overlong name', () => {
    expect(messages(2027, '# 只有注释')).toEqual(['没有读到任何日期，请每行写一段'])
    expect(messages(2027, '2027-01-01 休 元旦元旦元旦元旦元旦元旦')).toEqual(['第 1 行：节日名称最多 10 字'])
  })
})
