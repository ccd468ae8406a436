import { useTestContext } from '../support/context'
import { createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

const ctx = useTestContext()
const FAR = new Date('2030-01-01')

let communityId: string

beforeAll(async () => {
  ctx.setNow(new Date('2026-11-23T00:00:00Z'))
  communityId = (await createCommunity(ctx.db, { streetId: (await createStreet(ctx.db)).id })).id
})

describe('family members (亲情代办) in their own module', () => {
  it('adds a child with the guardian’s consent, and removing the child withdraws it in the same step', async () => {
    const parent = await createUser(ctx.db, { birthDate: '1988-03-03', communityId, name: '陈静' })
    const token = await sessionFor(ctx.db, parent.id, FAR)
    const child = await (await ctx.request('/api/v1/me/family', { method: 'POST', token, json: { name: '陈小米', relation: 'child', birthDate: '2019-05-01', childConsent: true } })).json()
    const consent = () => ctx.db.selectFrom('consent').select(['withdrawn_at']).where('user_id', '=', parent.id).where('kind', '=', `child_info:${child.id}`).executeTakeFirstOrThrow()
    expect((await consent()).withdrawn_at).toBeNull()

    const removed = await ctx.request(`/api/v1/me/family/${child.id}`, { method: 'DELETE', token })
    expect(removed.status).toBe(204)
    expect((await consent()).withdrawn_at).toEqual(new Date('2026-11-23T00:00:00Z'))
    expect((await (await ctx.request('/api/v1/me/family', { token })).json()).items).toEqual([])

    const again = await ctx.request(`/api/v1/me/family/${child.id}`, { method: 'DELETE', token })
    expect(again.status).toBe(404)
    expect((await again.json()).error).toEqual({ code: 'FAMILY_MEMBER_NOT_FOUND', message: '没有找到该家人' })
  })

  it('does not let anyone else remove a resident’s family member', async () => {
    const owner = await createUser(ctx.db, { birthDate: '1960-01-01', communityId, name: '林芳' })
    const other = await createUser(ctx.db, { birthDate: '1961-01-01', communityId, name: '周强' })
    const ownerToken = await sessionFor(ctx.db, owner.id, FAR)
    const member = await (await ctx.request('/api/v1/me/family', { method: 'POST', token: ownerToken, json: { name: '林母', relation: 'parent', birthDate: '1935-06-06' } })).json()
    const refused = await ctx.request(`/api/v1/me/family/${member.id}`, { method: 'DELETE', token: await sessionFor(ctx.db, other.id, FAR) })
    expect(refused.status).toBe(404)
    expect((await (await ctx.request('/api/v1/me/family', { token: ownerToken })).json()).items).toHaveLength(1)
  })
})
