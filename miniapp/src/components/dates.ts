const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']

/** `2026-11-24` → `11月24日 周二`, read the same way on every device whatever its zone. */
export function dayLabel(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay()
  return `${m}月${d}日 周${WEEKDAYS[weekday]}`
}

/** Today's calendar date in China (the product serves 城乡社区 in Asia/Shanghai). */
export function todayInChina(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}
