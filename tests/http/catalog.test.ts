import { useTestContext } from '../support/context'
import { createCommunity, createFacility, createProvider, createService, createStreet, createUser, sessionFor } from '../support/factories'

const ctx = useTestContext()

describe('catalogue', () => {
  let communityId: string
  let otherCommunityId: string
  let elderToken: string
  let youngToken: string
  let outsiderToken: string
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    const street = await createStreet(ctx.db, '桂花街道')
    const community = await createCommunity(ctx.db, { streetId: street.id, name: '桂花社区' })
    const other = await createCommunity(ctx.db, { streetId: street.id, name: '石桥村', kind: 'rural' })
    communityId = community.id
    otherCommunityId = other.id
    const facility = await createFacility(ctx.db, community.id, '桂花助老食堂')
    const lawyer = await createProvider(ctx.db, street.id, '陈志明律师')
    ids.meal = (await createService(ctx.db, { communityId, name: '老年助餐', minAge: 60, residentsOnly: true, featured: true, sortOrder: 1, facilityId: facility.id })).id
    ids.legal = (await createService(ctx.db, { communityId, name: '法律咨询', category: 'legal', sortOrder: 2, providerId: lawyer.id })).id
    ids.kids = (await createService(ctx.db, { communityId, name: '课后托管', category: 'children', residentsOnly: true, sortOrder: 3 })).id
    ids.paused = (await createService(ctx.db, { communityId, name: '助浴', status: 'paused', sortOrder: 4 })).id
    ids.shiqiao = (await createService(ctx.db, { communityId: other.id, name: '幸福院助餐' })).id
    elderToken = await sessionFor(ctx.db, (await createUser(ctx.db, { birthDate: '1954-03-15', communityId })).id)
    youngToken = await sessionFor(ctx.db, (await createUser(ctx.db, { birthDate: '1990-08-21', communityId })).id)
    outsiderToken = await sessionFor(ctx.db, (await createUser(ctx.db, { birthDate: '1950-01-01', communityId: other.id })).id)
  })

  it('lists communities grouped by street and searches by name', async () => {
    const res = await ctx.request('/api/v1/communities')
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.streets).toHaveLength(1)
    expect(body.streets[0].name).toBe('桂花街道')
    expect(body.streets[0].communities.map((c: { name: string }) => c.name).sort()).toEqual(['桂花社区', '石桥村'].sort())

    const search = await (await ctx.request(`/api/v1/communities?q=${encodeURIComponent('石桥')}`)).json()
    expect(search.streets[0].communities).toHaveLength(1)
    expect(search.streets[0].communities[0]).toMatchObject({ name: '石桥村', kind: 'rural' })

    // A % typed by a person is a character, not a wildcard.
    const wildcard = await (await ctx.request('/api/v1/communities?q=%25')).json()
    expect(wildcard.streets).toEqual([])
  })

  it('shows a community with its facilities and timezone', async () => {
    const body = await (await ctx.request(`/api/v1/communities/${communityId}`)).json()
    expect(body).toMatchObject({ name: '桂花社区', timezone: 'Asia/Shanghai', streetName: '桂花街道' })
    expect(body.facilities.map((f: { name: string }) => f.name)).toEqual(['桂花助老食堂'])
  })

  it('lists only the services in operation, in order', async () => {
    const body = await (await ctx.request(`/api/v1/communities/${communityId}/services`)).json()
    expect(body.items.map((s: { name: string }) => s.name)).toEqual(['老年助餐', '法律咨询', '课后托管'])
    expect(body.nextCursor).toBeNull()
    expect(body.items[0]).toMatchObject({ featured: true, facilityName: '桂花助老食堂', eligibility: { minAge: 60, residentsOnly: true } })
  })

  it('filters by category, keyword and featured', async () => {
    const legal = await (await ctx.request(`/api/v1/communities/${communityId}/services?category=legal`)).json()
    expect(legal.items.map((s: { id: string }) => s.id)).toEqual([ids.legal])
    const byProvider = await (await ctx.request(`/api/v1/communities/${communityId}/services?q=${encodeURIComponent('陈志明')}`)).json()
    expect(byProvider.items.map((s: { id: string }) => s.id)).toEqual([ids.legal])
    const featured = await (await ctx.request(`/api/v1/communities/${communityId}/services?featured=true`)).json()
    expect(featured.items.map((s: { id: string }) => s.id)).toEqual([ids.meal])
  })

  it('keeps only what I am eligible for: age and residence', async () => {
    const path = `/api/v1/communities/${communityId}/services?eligible=true`
    const elder = await (await ctx.request(path, { token: elderToken })).json()
    expect(elder.items.map((s: { name: string }) => s.name)).toEqual(['老年助餐', '法律咨询', '课后托管'])
    const young = await (await ctx.request(path, { token: youngToken })).json()
    expect(young.items.map((s: { name: string }) => s.name)).toEqual(['法律咨询', '课后托管'])
    const outsider = await (await ctx.request(path, { token: outsiderToken })).json()
    expect(outsider.items.map((s: { name: string }) => s.name)).toEqual(['法律咨询'])
  })

  it('needs a login for the eligibility filter', async () => {
    const res = await ctx.request(`/api/v1/communities/${communityId}/services?eligible=true`)
    expect(res.status).toBe(401)
    expect((await res.json()).error.code).toBe('UNAUTHENTICATED')
  })

  it('pages with an opaque cursor', async () => {
    const first = await (await ctx.request(`/api/v1/communities/${communityId}/services?limit=2`)).json()
    expect(first.items).toHaveLength(2)
    expect(first.nextCursor).toEqual(expect.any(String))
    const second = await (await ctx.request(`/api/v1/communities/${communityId}/services?limit=2&cursor=${first.nextCursor}`)).json()
    expect(second.items.map((s: { name: string }) => s.name)).toEqual(['课后托管'])
    expect(second.nextCursor).toBeNull()

    const bad = await ctx.request(`/api/v1/communities/${communityId}/services?cursor=garbage`)
    expect(bad.status).toBe(400)
    expect((await bad.json()).error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'cursor' }] })
  })

  it('shows a service in detail, paused ones included', async () => {
    const meal = await (await ctx.request(`/api/v1/services/${ids.meal}`)).json()
    expect(meal).toMatchObject({ name: '老年助餐', communityName: '桂花社区', facility: { name: '桂花助老食堂' }, provider: null })
    const legal = await (await ctx.request(`/api/v1/services/${ids.legal}`)).json()
    expect(legal.provider).toMatchObject({ name: '陈志明律师' })
    const paused = await (await ctx.request(`/api/v1/services/${ids.paused}`)).json()
    expect(paused.status).toBe('paused')
  })

  it('answers unknown and malformed ids with their codes', async () => {
    const unknown = await ctx.request('/api/v1/services/00000000-0000-4000-8000-000000000000')
    expect(unknown.status).toBe(404)
    expect((await unknown.json()).error).toEqual({ code: 'SERVICE_NOT_FOUND', message: '没有找到该服务' })
    const unknownCommunity = await ctx.request('/api/v1/communities/00000000-0000-4000-8000-000000000000/services')
    expect((await unknownCommunity.json()).error.code).toBe('COMMUNITY_NOT_FOUND')
    const malformed = await ctx.request('/api/v1/services/not-a-uuid')
    expect(malformed.status).toBe(400)
    expect((await malformed.json()).error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'serviceId' }] })
    const badCategory = await ctx.request(`/api/v1/communities/${communityId}/services?category=casino`)
    expect((await badCategory.json()).error.fields[0].path).toBe('category')
  })

  it('serves catalogue reads with ETags: a repeat read is a 304', async () => {
    const path = `/api/v1/communities/${otherCommunityId}/services`
    const first = await ctx.request(path)
    const tag = first.headers.get('etag')
    expect(tag).toBeTruthy()
    expect(first.headers.get('cache-control')).toBe('public, max-age=60')
    const again = await ctx.request(path, { headers: { 'if-none-match': tag ?? '' } })
    expect(again.status).toBe(304)
    const signedIn = await ctx.request(path, { token: elderToken })
    expect(signedIn.headers.get('cache-control')).toBe('private, no-cache')
  })

  it('lists the categories in inventory order', async () => {
    const body = await (await ctx.request('/api/v1/categories')).json()
    expect(body.items[0]).toMatchObject({ id: 'elder_care', name: '养老服务' })
    expect(body.items.map((c: { id: string }) => c.id)).toContain('legal')
  })
})

describe('search in everyday words', () => {
  let communityId: string

  beforeAll(async () => {
    const street = await createStreet(ctx.db, '荷塘街道')
    communityId = (await createCommunity(ctx.db, { streetId: street.id, name: '荷塘社区' })).id
    const lawyer = await createProvider(ctx.db, street.id, '清溪律师事务所')
    await createService(ctx.db, { communityId, name: '老年助餐·午餐', summary: '两荤一素一汤', sortOrder: 1 })
    await createService(ctx.db, { communityId, name: '家庭医生签约', summary: '慢病随访、健康咨询', category: 'health', sortOrder: 2 })
    await createService(ctx.db, { communityId, name: '法律咨询（社区法律顾问）', summary: '一对一咨询', category: 'legal', sortOrder: 3, providerId: lawyer.id })
    await createService(ctx.db, { communityId, name: '助浴服务', summary: '护理员上门', sortOrder: 4 })
  })

  const search = async (q: string): Promise<string[]> => {
    const res = await ctx.request(`/api/v1/communities/${communityId}/services?q=${encodeURIComponent(q)}`)
    expect(res.status).toBe(200)
    return (await res.json()).items.map((s: { name: string }) => s.name)
  }

  it.each([
    ['吃饭', ['老年助餐·午餐']],
    ['我想吃饭', ['老年助餐·午餐']],
    ['看病', ['家庭医生签约']],
    ['量血压', ['家庭医生签约']],
    ['打官司', ['法律咨询（社区法律顾问）']],
    ['洗澡', ['助浴服务']],
  ])('finds %s through its category synonyms', async (q, names) => {
    expect(await search(q)).toEqual(names)
  })

  it('still finds the words services are named with, and nothing for words that mean nothing here', async () => {
    expect(await search('助餐')).toEqual(['老年助餐·午餐'])
    expect(await search('律师')).toEqual(['法律咨询（社区法律顾问）'])
    expect(await search('火星旅游')).toEqual([])
  })
})
