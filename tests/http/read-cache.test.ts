import pino from 'pino'
import { createApp } from '../../bff/src/app'
import { ChangeFeed, withChanges } from '../../bff/src/cache/changes'
import { createDb } from '../../bff/src/db/database'
import { useTestContext } from '../support/context'
import { createBookableService, createCommunity, createService, createStreet, createUser, sessionFor } from '../support/factories'
import { until } from '../support/until'
import { createActivity, createVolunteer } from '../support/volunteer'

/**
 * Issue 13 item 1: what a process keeps in memory (public reads, sessions, certificate checks) is
 * forgotten by the write that changes it: in the writing process before it answers, in another
 * process on the same database as soon as the commit's NOTIFY arrives.
 */
const ctx = useTestContext()

/** A second BFF process on the same database: its own pool, its own change feed, listening. */
let other: { request: (path: string, init?: RequestInit & { token?: string }) => Promise<Response>; stop: () => Promise<void> }
let communityId: string
let serviceId: string
let staffToken: string
let residentToken: string

beforeAll(async () => {
  const street = await createStreet(ctx.db, '缓存街道')
  communityId = (await createCommunity(ctx.db, { streetId: street.id, name: '缓存社区' })).id
  serviceId = (await createService(ctx.db, { communityId, name: '老年助餐·午餐', summary: '两荤一素', sortOrder: 1 })).id
  const staff = await createUser(ctx.db, { communityId, grant: { role: 'staff', communityId } })
  staffToken = await sessionFor(ctx.db, staff.id)
  const resident = await createUser(ctx.db, { communityId, birthDate: '1952-03-01' })
  residentToken = await sessionFor(ctx.db, resident.id)

  const changes = new ChangeFeed()
  const listening = await changes.listen(ctx.databaseUrl, pino({ level: 'silent' }))
  const db = withChanges(createDb(ctx.databaseUrl, 4), changes)
  const app = createApp({ ...ctx.deps, db, changes })
  other = {
    request: async (path, init = {}) => {
      const headers = new Headers(init.headers)
      if (init.token) headers.set('authorization', `Bearer ${init.token}`)
      return app.request(path, { ...init, headers })
    },
    stop: async () => {
      await listening.stop()
      await db.destroy()
    },
  }
})

afterAll(async () => {
  await other.stop()
})

const names = async (res: Response | Promise<Response>): Promise<string[]> => ((await (await res).json()) as { items: { name: string }[] }).items.map((s) => s.name)
const servicesPath = () => `/api/v1/communities/${communityId}/services`

describe('a public read kept in memory', () => {
  it('is answered again without the database, with its ETag, and a 304 to a reader who has it', async () => {
    const first = await ctx.request(servicesPath())
    const tag = first.headers.get('etag')
    expect(tag).toMatch(/^".+"$/)
    // The database is gone for a moment: the kept answer needs none of it.
    await ctx.db.schema.alterTable('service').renameTo('service_away').execute()
    try {
      const again = await ctx.request(servicesPath())
      expect(again.status).toBe(200)
      expect(again.headers.get('etag')).toBe(tag)
      expect(await names(again)).toEqual(['老年助餐·午餐'])
      const revalidated = await ctx.request(servicesPath(), { headers: { 'if-none-match': tag ?? '' } })
      expect(revalidated.status).toBe(304)
    } finally {
      await ctx.db.schema.alterTable('service_away').renameTo('service').execute()
    }
  })

  it('shows a write on the next read in the same process, through the API and through a direct write', async () => {
    expect(await names(ctx.request(servicesPath()))).toEqual(['老年助餐·午餐'])
    const paused = await ctx.request(`/api/v1/services/${serviceId}/status`, { method: 'PUT', token: staffToken, json: { status: 'paused', reason: '厨房检修' } })
    expect(paused.status).toBe(200)
    expect(await names(ctx.request(servicesPath()))).toEqual([])
    expect(((await (await ctx.request(`/api/v1/services/${serviceId}`)).json()) as { status: string }).status).toBe('paused')
    await ctx.db.updateTable('service').set({ status: 'active' }).where('id', '=', serviceId).execute()
    expect(await names(ctx.request(servicesPath()))).toEqual(['老年助餐·午餐'])
  })

  it('shows a write made by another process once its commit is announced', async () => {
    expect(await names(other.request(servicesPath()))).toEqual(['老年助餐·午餐'])
    const started = Date.now()
    await createService(ctx.db, { communityId, name: '助浴服务', summary: '护理员上门', sortOrder: 2 })
    // The other process never saw this write: it learns of it from the NOTIFY alone.
    const seen = await until(async () => {
      const list = await names(other.request(servicesPath()))
      return list.length === 2 ? list : undefined
    }, 5000)
    expect(seen).toEqual(['老年助餐·午餐', '助浴服务'])
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('never keeps a personal answer: 我可以用的服务 follows who asks', async () => {
    const eligible = await ctx.request(`${servicesPath()}?eligible=true`, { token: residentToken })
    expect(eligible.status).toBe(200)
    const anonymous = await ctx.request(`${servicesPath()}?eligible=true`)
    expect(anonymous.status).toBe(401)
  })

  it('keeps 社区协商 pages for readers without a grant: a new topic shows on the next read, and staff still see drafts', async () => {
    const categories = (await (await ctx.request(`/api/v1/communities/${communityId}/consultation-categories`)).json()) as { items: { id: string }[] }
    const categoryId = categories.items[0]?.id ?? ''
    const topicsPath = `/api/v1/communities/${communityId}/topics`
    const ids = async (token?: string) => ((await (await ctx.request(topicsPath, { token })).json()) as { items: { id: string }[] }).items.map((t) => t.id)
    expect(await ids(residentToken)).toEqual([])
    const proposed = await ctx.request('/api/v1/consultation/topics', {
      method: 'POST',
      token: residentToken,
      json: { communityId, categoryId, title: '楼道堆物清理', description: '楼道里堆了很多杂物，影响通行和消防安全，大家商量个办法。' },
    })
    expect(proposed.status).toBe(201)
    const topic = (await proposed.json()) as { id: string }
    expect(await ids(residentToken)).toEqual([topic.id])
    expect(await ids()).toEqual([topic.id])
    // A draft (written here directly) is the staff's alone: their list is never the kept one.
    await ctx.db.updateTable('consultation_topic').set({ state: 'draft' }).where('id', '=', topic.id).execute()
    expect(await ids(residentToken)).toEqual([])
    expect(await ids(staffToken)).toEqual([topic.id])
  })
})

describe("a service's schedule kept in memory (the slots page)", () => {
  interface Slots { items: { date: string; time: string; state: string; note: string | null }[] }
  const slotsOf = async (res: Response | Promise<Response>): Promise<Slots['items']> => ((await (await res).json()) as Slots).items
  const inDays = (n: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + n * 86_400_000))

  it('shows a closure, and its lifting, on the next read in the same process', async () => {
    const lunch = await createBookableService(ctx.db, { communityId, name: '缓存午餐', maxDaysAhead: 7 })
    const day = inDays(2)
    const path = `/api/v1/services/${lunch.id}/slots`
    expect((await slotsOf(ctx.request(path))).find((s) => s.date === day)?.state).toBe('open')
    const closed = await ctx.request('/api/v1/staff/closures', { method: 'POST', token: staffToken, json: { communityId, serviceId: lunch.id, startsOn: day, endsOn: day, reason: '厨房消毒' } })
    expect(closed.status).toBe(201)
    const during = (await slotsOf(ctx.request(path))).find((s) => s.date === day)
    expect(during).toMatchObject({ state: 'closed', note: '厨房消毒' })
    const { id } = (await closed.json()) as { id: string }
    expect((await ctx.request(`/api/v1/staff/closures/${id}/lift`, { method: 'POST', token: staffToken })).status).toBe(204)
    expect((await slotsOf(ctx.request(path))).find((s) => s.date === day)?.state).toBe('open')
  })

  it("shows another process's closure and new weekly hours once their commits are announced", async () => {
    const lunch = await createBookableService(ctx.db, { communityId, name: '缓存晚餐', maxDaysAhead: 7, rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '17:00', end: '18:00', capacity: 10 })) })
    const day = inDays(3)
    const path = `/api/v1/services/${lunch.id}/slots`
    // The other process makes and keeps this week's days and setup.
    expect((await slotsOf(other.request(path))).filter((s) => s.date === day).map((s) => s.time)).toEqual(['17:00–18:00'])
    await ctx.db.insertInto('closure').values({ community_id: communityId, service_id: null, starts_on: day, ends_on: day, reason: '停电检修', created_by: null }).execute()
    const closedThere = await until(async () => {
      const slot = (await slotsOf(other.request(path))).find((s) => s.date === day)
      return slot?.state === 'closed' ? slot : undefined
    }, 5000)
    expect(closedThere?.note).toBe('停电检修')
    await ctx.db.deleteFrom('closure').where('community_id', '=', communityId).where('reason', '=', '停电检修').execute()
    // New hours saved in this process: the other one forgets the days it made and makes them again.
    const setup = (await (await ctx.request(`/api/v1/services/${lunch.id}/booking-setup`, { token: staffToken })).json()) as { settings: unknown; rules: unknown[] }
    const saved = await ctx.request(`/api/v1/services/${lunch.id}/booking-setup`, {
      method: 'PUT',
      token: staffToken,
      json: { settings: setup.settings, rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startTime: '16:30', endTime: '17:30', capacity: 12 })) },
    })
    expect(saved.status).toBe(200)
    const times = await until(async () => {
      const list = (await slotsOf(other.request(path))).filter((s) => s.date === day).map((s) => s.time)
      return list.includes('16:30–17:30') ? list : undefined
    }, 5000)
    expect(times).toEqual(['16:30–17:30'])
  })
})

describe('a slot kept in memory for booking (its time and its settings)', () => {
  it("books by the service's settings as they are now: a question added in another process is asked once its commit is announced", async () => {
    const lunch = await createBookableService(ctx.db, { communityId, name: '缓存点心', maxDaysAhead: 7 })
    const slots = ((await (await ctx.request(`/api/v1/services/${lunch.id}/slots`)).json()) as { items: { id: string; state: string }[] }).items.filter((s) => s.state === 'open')
    const [first, second] = [slots[1]?.id ?? '', slots[2]?.id ?? '']
    const neighbour = await sessionFor(ctx.db, (await createUser(ctx.db, { communityId, birthDate: '1950-05-01' })).id)
    // This process books the slot once (and keeps it), then the other saves a required question.
    expect((await ctx.request('/api/v1/bookings', { method: 'POST', token: residentToken, json: { slotId: first } })).status).toBe(201)
    const setup = (await (await other.request(`/api/v1/services/${lunch.id}/booking-setup`, { token: staffToken })).json()) as { settings: Record<string, unknown>; rules: { weekday: number; startTime: string; endTime: string; capacity: number }[] }
    const question = { id: 'diet', label: '忌口', required: true, maxLength: 50 }
    const saved = await other.request(`/api/v1/services/${lunch.id}/booking-setup`, {
      method: 'PUT',
      token: staffToken,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ settings: { ...setup.settings, questions: [question] }, rules: setup.rules }),
    })
    expect(saved.status).toBe(200)
    // This process hears of it (its own setup read, from memory too, shows the question), then books.
    await until(async () => {
      const seen = (await (await ctx.request(`/api/v1/services/${lunch.id}/booking-setup`, { token: staffToken })).json()) as { settings: { questions: unknown[] } }
      return seen.settings.questions.length > 0 ? true : undefined
    }, 5000)
    const res = await ctx.request('/api/v1/bookings', { method: 'POST', token: neighbour, json: { slotId: first } })
    expect(res.status).toBe(400)
    const refused = ((await res.json()) as { error: { code: string; fields: { path: string }[] } }).error
    expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'answers.diet' }] })
    // Saving the setup dropped the slots nobody had booked (and made them again): the one she books now is asked for the new question too.
    expect((await ctx.request('/api/v1/bookings', { method: 'POST', token: neighbour, json: { slotId: second, answers: { diet: '少盐' } } })).status).toBe(404)
    const fresh = ((await (await ctx.request(`/api/v1/services/${lunch.id}/slots`)).json()) as { items: { id: string; state: string }[] }).items.find((s) => s.state === 'open' && s.id !== first)
    expect((await ctx.request('/api/v1/bookings', { method: 'POST', token: neighbour, json: { slotId: fresh?.id } })).status).toBe(400)
    expect((await ctx.request('/api/v1/bookings', { method: 'POST', token: neighbour, json: { slotId: fresh?.id, answers: { diet: '少盐' } } })).status).toBe(201)
  })
})

describe("a service's slots kept in memory (seats and waiting lists)", () => {
  it('shows a seat taken in this process on the next read, and one taken in another once its commit is announced', async () => {
    const lunch = await createBookableService(ctx.db, { communityId, name: '缓存早餐', maxDaysAhead: 7 })
    const path = `/api/v1/services/${lunch.id}/slots`
    const remaining = async (res: Response | Promise<Response>, slotId: string) =>
      ((await (await res).json()) as { items: { id: string; remaining: number }[] }).items.find((s) => s.id === slotId)?.remaining
    const slots = ((await (await other.request(path)).json()) as { items: { id: string; state: string }[] }).items.filter((s) => s.state === 'open')
    const slotId = slots[1]?.id ?? ''
    expect(await remaining(ctx.request(path), slotId)).toBe(10)
    expect(await remaining(other.request(path), slotId)).toBe(10)
    const booked = await ctx.request('/api/v1/bookings', { method: 'POST', token: residentToken, json: { slotId } })
    expect(booked.status).toBe(201)
    expect(await remaining(ctx.request(path), slotId)).toBe(9)
    const seen = await until(async () => {
      const left = await remaining(other.request(path), slotId)
      return left === 9 ? left : undefined
    }, 5000)
    expect(seen).toBe(9)
  })
})

describe("a community's staff board kept in memory", () => {
  it("shows a staff action at once, another process's booking and a renamed resident once announced, and writes every look to the audit log", async () => {
    const meal = await createBookableService(ctx.db, { communityId, name: '看板午餐', maxDaysAhead: 7 })
    const open = ((await (await ctx.request(`/api/v1/services/${meal.id}/slots`)).json()) as { items: { id: string; state: string; date: string }[] }).items.filter((s) => s.state === 'open')
    const slot = open[1]
    if (!slot) throw new Error('no open slot')
    const path = `/api/v1/staff/bookings?communityId=${communityId}&date=${slot.date}&serviceId=${meal.id}`
    type Board = { items: { id: string; status: string; servedName: string }[]; total: number }
    const board = async (res: Response | Promise<Response>) => (await (await res).json()) as Board
    const first = await createUser(ctx.db, { communityId, name: '赵桂芳', birthDate: '1950-01-01' })
    const booked = (await (await ctx.request('/api/v1/bookings', { method: 'POST', token: await sessionFor(ctx.db, first.id), json: { slotId: slot.id } })).json()) as { id: string }
    expect((await board(ctx.request(path, { token: staffToken }))).items.map((b) => [b.servedName, b.status])).toEqual([['赵*芳', 'confirmed']])
    expect((await board(other.request(path, { token: staffToken }))).total).toBe(1)

    // Staff act in this process: the next look has it.
    expect((await ctx.request(`/api/v1/bookings/${booked.id}/staff-cancel`, { method: 'POST', token: staffToken, json: { reason: '临时停餐' } })).status).toBe(200)
    expect((await board(ctx.request(path, { token: staffToken }))).items.map((b) => b.status)).toEqual(['cancelled'])

    // A booking made in another process, and a name changed in the database: this process learns of both from the NOTIFY.
    const second = await createUser(ctx.db, { communityId, name: '钱志明', birthDate: '1948-02-02' })
    expect((await other.request('/api/v1/bookings', { method: 'POST', token: await sessionFor(ctx.db, second.id), headers: { 'content-type': 'application/json' }, body: JSON.stringify({ slotId: slot.id }) })).status).toBe(201)
    const both = await until(async () => {
      const seen = await board(ctx.request(path, { token: staffToken }))
      return seen.total === 2 ? seen : undefined
    }, 5000)
    expect(both?.items.map((b) => b.servedName).sort()).toEqual(['赵*芳', '钱*明'])
    await ctx.db.updateTable('app_user').set({ display_name_enc: ctx.deps.cipher.encrypt('孙志明') }).where('id', '=', second.id).execute()
    const renamed = await until(async () => {
      const names = (await board(other.request(path, { token: staffToken }))).items.map((b) => b.servedName)
      return names.includes('孙*明') ? names : undefined
    }, 5000)
    expect(renamed?.sort()).toEqual(['孙*明', '赵*芳'])

    // Looks at the same moment share their audit statements; each is still one entry.
    const looked = async () => Number((await ctx.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'booking.board_viewed').where('community_id', '=', communityId).executeTakeFirstOrThrow()).n)
    const before = await looked()
    const answers = await Promise.all(Array.from({ length: 30 }, () => ctx.request(path, { token: staffToken })))
    expect(answers.map((r) => r.status)).toEqual(Array(30).fill(200))
    expect(await looked()).toBe(before + 30)
  })
})

describe('her 志愿服务记录 kept in memory', () => {
  it('shows a record written in another process once its commit is announced, and one of this process at once', async () => {
    const v = await createVolunteer(ctx.db, { communityId, name: '缓存志愿者' })
    const records = async (res: Response | Promise<Response>) => ((await (await res).json()) as { items: { serviceDate: string }[]; totalMinutes: number })
    const path = '/api/v1/volunteer/me/records?limit=10'
    expect((await records(other.request(path, { token: v.token }))).items).toEqual([])
    expect((await records(ctx.request(path, { token: v.token }))).items).toEqual([])
    const startsAt = new Date('2026-11-02T01:00:00Z')
    const { activity, shifts } = await createActivity(ctx.db, { communityId, createdBy: v.user.id, title: '缓存探访', shifts: [{ startsAt, endsAt: new Date(startsAt.getTime() + 7_200_000), capacity: 3 }] })
    await ctx.db
      .insertInto('volunteer_record')
      .values({ user_id: v.user.id, community_id: communityId, activity_id: activity.id, shift_id: shifts[0]!.id, category: activity.category, service_date: '2026-11-02', checked_in_at: startsAt, checked_out_at: new Date(startsAt.getTime() + 3_600_000), minutes: 60, status: 'pending' })
      .execute()
    // This process wrote it: the next read has it.
    expect((await records(ctx.request(path, { token: v.token }))).items.map((r) => r.serviceDate)).toEqual(['2026-11-02'])
    // The other learns of it from the NOTIFY alone.
    const seen = await until(async () => {
      const page = await records(other.request(path, { token: v.token }))
      return page.items.length === 1 ? page : undefined
    }, 5000)
    expect(seen?.items.map((r) => r.serviceDate)).toEqual(['2026-11-02'])
  })
})

describe('a session kept in memory', () => {
  it('is refused at once after logging out in the same process, and in another once the revocation is announced', async () => {
    const user = await createUser(ctx.db, { communityId })
    const token = await sessionFor(ctx.db, user.id)
    expect((await ctx.request('/api/v1/me', { token })).status).toBe(200)
    expect((await other.request('/api/v1/me', { token })).status).toBe(200)
    const out = await ctx.request('/api/v1/auth/logout', { method: 'POST', token })
    expect(out.status).toBeLessThan(300)
    expect((await ctx.request('/api/v1/me', { token })).status).toBe(401)
    await until(async () => ((await other.request('/api/v1/me', { token })).status === 401 ? true : undefined), 5000)
  })

  it('learns a role granted in the database on the next request', async () => {
    const user = await createUser(ctx.db, { communityId })
    const token = await sessionFor(ctx.db, user.id)
    const before = (await (await ctx.request('/api/v1/me', { token })).json()) as { roles: { role: string }[] }
    expect(before.roles.map((r) => r.role)).toEqual(['resident'])
    expect((await ctx.request('/api/v1/staff/bookings', { token })).status).toBe(403)
    await ctx.db.insertInto('user_role').values({ user_id: user.id, role: 'staff', community_id: communityId, street_id: null, provider_id: null }).execute()
    expect((await ctx.request('/api/v1/staff/bookings', { token })).status).not.toBe(403)
  })

  it('still expires on the clock', async () => {
    const user = await createUser(ctx.db, { communityId })
    const token = await sessionFor(ctx.db, user.id, new Date(Date.now() + 60_000))
    expect((await ctx.request('/api/v1/me', { token })).status).toBe(200)
    await ctx.withNow(new Date(Date.now() + 120_000), async () => {
      const res = await ctx.request('/api/v1/me', { token })
      expect(res.status).toBe(401)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('SESSION_EXPIRED')
    })
  })
})
