import { useTestContext } from '../support/context'
import { createBookableService, createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

const ctx = useTestContext()
const FAR = new Date('2030-01-01')
// Thursday 24 September 2026 in Shanghai: 08:00, and 12:30 as lunch ends. 中秋 (25–27 Sep) and 国庆 (1–7 Oct) follow.
const THU_8AM = new Date('2026-09-24T00:00:00Z')
const THU_LUNCH_END = new Date('2026-09-24T04:30:00Z')

afterEach(() => ctx.setNow(null))

/** A 差评 on Thursday's lunch in a community whose cases are due in `workingDays` working days. */
async function poorRatingOnThursday(workingDays: number) {
  const street = await createStreet(ctx.db, `街道${workingDays}`)
  const community = await createCommunity(ctx.db, { streetId: street.id })
  await ctx.db.updateTable('community').set({ rectification_working_days: workingDays }).where('id', '=', community.id).execute()
  const staff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId: community.id } })).id, FAR)
  const resident = await sessionFor(ctx.db, (await createUser(ctx.db, { birthDate: '1950-05-05', communityId: community.id })).id, FAR)
  const service = await createBookableService(ctx.db, { communityId: community.id })

  ctx.setNow(THU_8AM)
  const slots = (await (await ctx.request(`/api/v1/services/${service.id}/slots`)).json()).items
  expect(slots[0].startsAt).toBe('2026-09-24T03:30:00.000Z')
  const booking = await (await ctx.request('/api/v1/bookings', { method: 'POST', token: resident, json: { slotId: slots[0].id } })).json()
  ctx.setNow(THU_LUNCH_END)
  expect((await ctx.request(`/api/v1/bookings/${booking.id}/serve`, { method: 'POST', token: staff })).status).toBe(200)
  const res = await ctx.request(`/api/v1/bookings/${booking.id}/rating`, { method: 'POST', token: resident, json: { level: 2, tags: ['等待太久'] } })
  expect(res.status).toBe(201)
  return (await res.json()).case
}

describe('a 差评 deadline counts China\'s working days', () => {
  it('rated Thu 24 Sep 2026 with 5 working days: due by the end of Fri 9 Oct, after 中秋 and 国庆', async () => {
    // 25–27 Sep off; 28, 29, 30 Sep; 1–7 Oct off; 8, 9 Oct. Weekends-only counting would say Thu 1 Oct.
    const rectification = await poorRatingOnThursday(5)
    expect(rectification.deadline).toBe('2026-10-09T16:00:00.000Z')
  })

  it('with 15 working days: the make-up Saturday 10 Oct counts, due by the end of Thu 22 Oct', async () => {
    // 28–30 Sep (3), 8–9 Oct (5), Sat 10 Oct 班 (6), 12–16 Oct (11), 19–22 Oct (15).
    const rectification = await poorRatingOnThursday(15)
    expect(rectification.deadline).toBe('2026-10-22T16:00:00.000Z')
  })
})
