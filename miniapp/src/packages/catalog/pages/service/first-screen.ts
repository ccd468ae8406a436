import { PRICE_KIND_LABELS } from '@linli/shared/src/catalog-labels'
import { describeEligibility } from '@linli/shared/src/eligibility'
import type { ServiceDetail } from '@linli/shared'
import { type EarlyAnswer, peekEarly } from '../../../../api/early'
import { percent } from '../../../../components/percent'

/**
 * A service's page as index.html draws it before the app's script has run (decision 046): from the
 * early answers of `/services/{id}` and `/services/{id}/booking-setup` (api/early.ts), in the page's
 * own classes and order, so the page that replaces it draws the same words in the same place and
 * Lighthouse's LCP is the shell's paint. The words below are the page's own: index.tsx renders them.
 * No zod and nothing of Taro: config/app-shell.ts bundles this file into index.html.
 */

/** The page's title (index.config.ts says it to Taro; a browser test checks the two agree). */
export const SERVICE_TITLE = '服务详情'
export const PAUSED_NOTICE = '该服务暂停中，恢复后可预约'
export const NOT_BOOKABLE_NOTICE = '该服务无需预约，可直接到服务地点办理或电话咨询。'

/** What booking-setup said: the service takes bookings, needs none (SERVICE_NOT_BOOKABLE), or nothing to say (an error, not yet). */
export type Bookability = 'bookable' | 'not_bookable' | 'unknown'

export function satisfactionLine(s: Pick<ServiceDetail, 'satisfaction'>): string {
  return s.satisfaction.ratings > 0 ? `满意率 ${percent(s.satisfaction.rate)}（${s.satisfaction.ratings}条评价）` : '暂无评价'
}

export function priceLine(s: Pick<ServiceDetail, 'priceKind' | 'priceNote'>): string {
  return `${PRICE_KIND_LABELS[s.priceKind]}${s.priceNote ? `：${s.priceNote}` : ''}`
}

export function eligibilityLine(s: Pick<ServiceDetail, 'eligibility'>): string {
  return describeEligibility(s.eligibility).join('，')
}

/** The phone the page's 电话咨询 calls: the facility's, else the provider's. */
export function contactPhone(s: Pick<ServiceDetail, 'facility' | 'provider'>): string | null {
  return s.facility?.phone ?? s.provider?.phone ?? null
}

export const bookPageUrl = (serviceId: string) => `/packages/booking/pages/book/index?serviceId=${serviceId}`
export const topicPageUrl = (topicId: string) => `/packages/consultation/pages/topic/index?id=${topicId}`

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
const esc = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)
const span = (className: string, text: string) => `<span class="${className}">${esc(text)}</span>`
/** A control as a link: tapped before the app has started, the shell goes and the hash route opens. */
const link = (className: string, href: string, text: string) => `<a class="${className}" href="${esc(href)}">${esc(text)}</a>`

/**
 * The page's first screen as HTML, top to bottom as index.tsx renders it for a visitor: what only a
 * signed-in resident sees (why she cannot book), the 调整记录 and staff controls come with the page.
 */
export function serviceFirstScreenHtml(s: ServiceDetail, bookability: Bookability): string {
  const parts: string[] = [
    `<div class="section">`,
    span('headline service-name', s.name),
    span('muted kv', `${s.communityName} · ${s.categoryName}`),
    s.status === 'paused' ? span('field__error kv', PAUSED_NOTICE) : '',
    span('kv service-satisfaction', satisfactionLine(s)),
    `</div>`,
  ]
  if (s.adjustedByConsultation) {
    parts.push(
      `<div class="card consultation-mark">`,
      span('tag consultation-mark__tag', '因居民协商调整'),
      span('kv consultation-mark__topic', `依据议题：${s.adjustedByConsultation.topicTitle}`),
      link('btn consultation-mark__link', `#${topicPageUrl(s.adjustedByConsultation.topicId)}`, '查看议题'),
      `</div>`,
    )
  }
  if (bookability === 'bookable' && s.status === 'active') parts.push(link('btn btn--main book-button', `#${bookPageUrl(s.id)}`, '预约'))
  if (bookability === 'not_bookable') parts.push(span('muted kv', NOT_BOOKABLE_NOTICE))
  parts.push(`<div class="card">`, span('kv', s.description), `</div>`)
  parts.push(
    `<div class="card">`,
    span('title', '费用'),
    span('kv', priceLine(s)),
    s.subsidyNote ? span('kv', `补贴：${s.subsidyNote}`) : '',
    span('title', '适用对象'),
    span('kv', eligibilityLine(s)),
    `</div>`,
  )
  if (s.facility || s.provider) {
    const phone = contactPhone(s)
    parts.push(
      `<div class="card">`,
      s.facility
        ? span('title', '服务地点') + span('kv', s.facility.name) + span('kv', s.facility.address) + span('kv', `开放时间：${s.facility.openingHours}`)
        : '',
      s.provider ? span('title', '服务提供方') + span('kv', `${s.provider.name}（${s.provider.kind}）`) : '',
      phone ? link('btn btn--main', `tel:${phone}`, `电话咨询 ${phone}`) : '',
      `</div>`,
    )
  }
  return `<div class="page">${parts.join('')}</div>`
}

function bookabilityOf(answer: EarlyAnswer | null): Bookability {
  if (answer?.statusCode === 200) return 'bookable'
  const code = (answer?.data as { error?: { code?: unknown } } | null)?.error?.code
  return code === 'SERVICE_NOT_BOOKABLE' ? 'not_bookable' : 'unknown'
}

/**
 * index.html's fill of the service page's screen (config/app-shell.ts): once both early answers are
 * in, the page's first screen, then `done(true)`; `done(false)` when there is nothing to draw (no
 * early request, the service not found, a failed request): the shell goes and the page shows its
 * own state. index.html runs the app's script after `done`: on a slow phone its ~400 ms would
 * otherwise hold back the answer's paint.
 */
export function fillServiceScreen(screen: HTMLElement, done: (drawn: boolean) => void): void {
  const service = peekEarly('/services/{id}')
  const setup = peekEarly('/services/{id}/booking-setup')
  if (!service || !setup) return done(false)
  Promise.all([service, setup])
    .then(([s, b]) => {
      if (s?.statusCode !== 200 || !s.data) return done(false)
      screen.innerHTML = serviceFirstScreenHtml(s.data as ServiceDetail, bookabilityOf(b))
      done(true)
    })
    .catch(() => done(false))
}
