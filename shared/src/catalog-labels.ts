import type { PriceKind } from './catalog'

/** 免费 / 低偿 / 有偿. Its own module without imports: index.html's first screen of a service's page needs it, not zod. */
export const PRICE_KIND_LABELS: Record<PriceKind, string> = {
  free: '免费',
  low_cost: '低偿',
  paid: '有偿',
}
