/**
 * The first data of a page opened by its link — a service's page, the link residents share — asked
 * by index.html while the app's script is still on its way (issue 13 item 5): on a slow phone the
 * script takes ~1 s, and the page would only then ask for what it shows. index.html's inline script
 * (config/early-requests.ts) asks each GET of `EARLY_REQUESTS` for the route being opened and keeps
 * the answers under `EARLY_GLOBAL`; the page's own request (`call`) takes its answer instead of
 * asking again: once, with the same authorization, within `EARLY_TTL_MS` of the page load.
 * No imports: the H5 config reads this file before the app is built.
 */
export const EARLY_GLOBAL = '__linliEarly'

/** The first screen's requests only: an answer not taken by then is dropped, and a later request asks the server. */
export const EARLY_TTL_MS = 10_000

/** An early request not answered by then is given up (a weak signal): the page asks itself, with its own 15 s. */
export const EARLY_TIMEOUT_MS = 8_000

/**
 * Per route, the GET paths (under /api/v1) its first screen asks, `{name}` standing for the route's
 * query parameter of that name — an id, asked early only when it has an id's shape. The page must
 * ask the very same paths (catalog/pages/service: `catalogApi.service`, `bookingApi.bookingSetup`).
 */
export const EARLY_REQUESTS: Readonly<Record<string, readonly string[]>> = {
  '/packages/catalog/pages/service/index': ['/services/{id}', '/services/{id}/booking-setup'],
}

/** What Taro.request gives `call`: the status and the parsed JSON (null when the body was none). */
export interface EarlyAnswer {
  statusCode: number
  data: unknown
}

interface Early {
  /** The path of `EARLY_REQUESTS` it was asked for, `{name}` unfilled. */
  path: string
  authorization: string | null
  at: number
  answer: Promise<EarlyAnswer | null>
}

/**
 * The answer index.html asked for `url` with `authorization`, taken once; undefined when there is
 * none (WeChat, another page, a second request, another account, too late). It resolves to null
 * when the early request failed, and the caller asks the server itself.
 */
export function takeEarly(url: string, authorization: string | null): Promise<EarlyAnswer | null> | undefined {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return undefined
  const all = (window as unknown as Record<string, Record<string, Early> | undefined>)[EARLY_GLOBAL]
  const early = all?.[url]
  if (!all || !early) return undefined
  delete all[url]
  if (early.authorization !== authorization || Date.now() - early.at > EARLY_TTL_MS) return undefined
  return early.answer
}

/**
 * The answer index.html asked for the path `path` of `EARLY_REQUESTS` (`{id}` unfilled), without
 * taking it: the first screen index.html draws from it (a service's page, decision 046) before the
 * page takes it. Undefined when none was asked or it is too late.
 */
export function peekEarly(path: string): Promise<EarlyAnswer | null> | undefined {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return undefined
  const all = (window as unknown as Record<string, Record<string, Early> | undefined>)[EARLY_GLOBAL]
  const early = Object.values(all ?? {}).find((e) => e.path === path)
  return early && Date.now() - early.at <= EARLY_TTL_MS ? early.answer : undefined
}
