/** A rate (0–1) as 「12.5%」, 「暂无」 when there is none yet. Its own module: 首页's service cards need it, not the case timeline's schemas. */
export function percent(rate: number | null): string {
  return rate === null ? '暂无' : `${Math.round(rate * 1000) / 10}%`
}
