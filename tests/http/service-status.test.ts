import { useTestContext } from '../support/context'
import { createCommunity, createProvider, createService, createStreet, createUser, sessionFor } from '../support/factories'

const ctx = useTestContext()

describe('staff pause and resume a service', () => {
  let serviceId: string
  let staff: string
  let otherStaff: string
  let streetAdmin: string
  let otherStreetAdmin: string
  let resident: string
  let provider: string
  let communityId: string

  beforeAll(async () => {
    const street = await createStreet(ctx.db)
    const otherStreet = await createStreet(ctx.db, '别的街道')
    const community = await createCommunity(ctx.db, { streetId: street.id })
    const other = await createCommunity(ctx.db, { streetId: street.id })
    communityId = community.id
    serviceId = (await createService(ctx.db, { communityId, name: '老年助餐' })).id
    const lawyer = await createProvider(ctx.db, street.id)
    staff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId } })).id)
    otherStaff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId: other.id } })).id)
    streetAdmin = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'street_admin', streetId: street.id } })).id)
    otherStreetAdmin = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'street_admin', streetId: otherStreet.id } })).id)
    resident = await sessionFor(ctx.db, (await createUser(ctx.db, { communityId })).id)
    provider = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'provider', providerId: lawyer.id } })).id)
  })

  const change = (token: string, status: 'active' | 'paused', reason = '厨房检修') =>
    ctx.request(`/api/v1/services/${serviceId}/status`, { method: 'PUT', token, json: { status, reason } })

  it('lets staff of the community pause it: it leaves the list, keeps its page, and the audit log says who and why', async () => {
    const res = await change(staff, 'paused')
    expect(res.status).toBe(200)
    expect((await res.json()).status).toBe('paused')
    const list = await (await ctx.request(`/api/v1/communities/${communityId}/services`)).json()
    expect(list.items).toEqual([])
    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('target_id', '=', serviceId).execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'service.status_changed', community_id: communityId, detail: { from: 'active', to: 'paused', reason: '厨房检修' } })
    expect(audit[0]?.request_id).toEqual(expect.any(String))
  })

  it('lets the street admin over the community resume it', async () => {
    expect((await change(streetAdmin, 'active', '检修完成')).status).toBe(200)
  })

  it.each([
    ['staff of another community', () => otherStaff, 403],
    ['a street admin of another street', () => otherStreetAdmin, 403],
    ['a resident', () => resident, 403],
    ['a provider', () => provider, 403],
  ])('refuses %s', async (_who, token, status) => {
    const res = await change(token(), 'paused')
    expect(res.status).toBe(status)
    expect((await res.json()).error.code).toBe('FORBIDDEN')
  })

  it('needs a reason', async () => {
    const res = await change(staff, 'paused', '')
    expect(res.status).toBe(400)
    expect((await res.json()).error.fields[0].path).toBe('reason')
  })
})
