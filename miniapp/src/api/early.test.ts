import { EARLY_GLOBAL, EARLY_TTL_MS, peekEarly, takeEarly } from './early'

// What index.html keeps (config/early-requests.ts), as the page's `call` takes it.
const URL = '/api/v1/services/0c0ae2be-8cc5-4bf3-a996-42bba95e3fb8'
const answer = { statusCode: 200, data: { name: '老年助餐·午餐' } }
const w = globalThis as unknown as { window?: Record<string, unknown> }

function keep(authorization: string | null, at = Date.now()) {
  w.window = { [EARLY_GLOBAL]: { [URL]: { path: '/services/{id}', authorization, at, answer: Promise.resolve(answer) } } }
}

describe('takeEarly', () => {
  const env = process.env.TARO_ENV
  beforeEach(() => {
    process.env.TARO_ENV = 'h5'
  })
  afterEach(() => {
    process.env.TARO_ENV = env
    delete w.window
  })

  it('gives the kept answer once, for the same URL and authorization', async () => {
    keep('Bearer a')
    expect(takeEarly('/api/v1/services/other', 'Bearer a')).toBeUndefined()
    await expect(takeEarly(URL, 'Bearer a')).resolves.toEqual(answer)
    expect(takeEarly(URL, 'Bearer a')).toBeUndefined()
  })

  it('gives nothing for another session (signed in or out since), and drops it', () => {
    keep('Bearer a')
    expect(takeEarly(URL, null)).toBeUndefined()
    expect(takeEarly(URL, 'Bearer a')).toBeUndefined()
    keep(null)
    expect(takeEarly(URL, 'Bearer b')).toBeUndefined()
  })

  it('gives nothing once the first screen is past, nor in WeChat', () => {
    keep(null, Date.now() - EARLY_TTL_MS - 1)
    expect(takeEarly(URL, null)).toBeUndefined()
    keep(null)
    process.env.TARO_ENV = 'weapp'
    expect(takeEarly(URL, null)).toBeUndefined()
  })

  it('lets the first screen look at an answer by its path without taking it from the page, while it is fresh', async () => {
    keep(null)
    expect(peekEarly('/services/{id}/booking-setup')).toBeUndefined()
    await expect(peekEarly('/services/{id}')).resolves.toEqual(answer)
    await expect(takeEarly(URL, null)).resolves.toEqual(answer)
    expect(peekEarly('/services/{id}')).toBeUndefined()
    keep(null, Date.now() - EARLY_TTL_MS - 1)
    expect(peekEarly('/services/{id}')).toBeUndefined()
  })
})
