import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import net from 'node:net'
import { startHttpServer } from '../../bff/src/http/server'
import { useTestContext } from '../support/context'
import { createBookableService, createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

/**
 * Bad input is a coded 4xx with a Chinese message, never a 500, and loses nothing: free text with
 * a character PostgreSQL cannot store, a date outside what the app offers, a body that is not JSON
 * or too large, headers too large. Sent over a real socket, as a client sends them.
 */
const ctx = useTestContext()
const FAR = new Date('2030-01-01')
// Monday 23 November 2026, 08:00 in Shanghai.
const MONDAY_8AM = new Date('2026-11-23T00:00:00Z')
const NUL = 'a\u0000b'
const ANY_ID = '00000000-0000-4000-8000-000000000000'

let baseUrl: string
let server: ReturnType<typeof startHttpServer>
let people: { resident: string; staff: string; streetAdmin: string; communityId: string }

beforeAll(async () => {
  server = startHttpServer(ctx.app, { hostname: '127.0.0.1', port: 0 })
  await once(server, 'listening')
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const street = await createStreet(ctx.db)
  const communityId = (await createCommunity(ctx.db, { streetId: street.id })).id
  const token = async (values: Parameters<typeof createUser>[1]) => sessionFor(ctx.db, (await createUser(ctx.db, values)).id, FAR)
  people = {
    communityId,
    resident: await token({ birthDate: '1950-05-05', communityId, name: '王秀兰' }),
    staff: await token({ grant: { role: 'staff', communityId } }),
    streetAdmin: await token({ grant: { role: 'street_admin', streetId: street.id } }),
  }
})
afterAll(() => new Promise((resolve) => server.close(resolve)))
afterEach(() => ctx.setNow(null))

function send(path: string, init: { method?: string; token?: string; json?: unknown } = {}) {
  return fetch(`${baseUrl}/api/v1${path}`, {
    method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  })
}

async function bookedLunch() {
  const meal = await createBookableService(ctx.db, { communityId: people.communityId, maxDaysAhead: 7 })
  const slots = (await (await send(`/services/${meal.id}/slots?days=2`)).json()).items as { id: string; date: string }[]
  const res = await send('/bookings', { token: people.resident, json: { slotId: slots[1]?.id } })
  expect(res.status).toBe(201)
  return { meal, booking: (await res.json()) as { id: string; status: string } }
}

describe('free text is clean text', () => {
  /** Every place free text enters, with the field the refusal names and the word for it in the message. */
  const cases = (): { what: string; method?: string; path: string; token: string; json: unknown; field: string; label: string }[] => [
    { what: 'cancel reason', path: `/bookings/${ANY_ID}/cancel`, token: people.resident, json: { reason: NUL }, field: 'reason', label: '原因' },
    { what: 'staff cancel reason', path: `/bookings/${ANY_ID}/staff-cancel`, token: people.staff, json: { reason: NUL }, field: 'reason', label: '原因' },
    {
      what: 'closure reason',
      path: '/staff/closures',
      token: people.staff,
      json: { communityId: people.communityId, serviceId: null, startsOn: '2026-11-30', endsOn: '2026-11-30', reason: NUL },
      field: 'reason',
      label: '暂停原因',
    },
    { what: 'rating comment', path: `/bookings/${ANY_ID}/rating`, token: people.resident, json: { level: 5, comment: NUL }, field: 'comment', label: '评价内容' },
    { what: 'case note', path: `/staff/cases/${ANY_ID}/steps`, token: people.staff, json: { kind: 'verify', note: NUL }, field: 'note', label: '办理情况' },
    { what: 'case feedback', path: `/cases/${ANY_ID}/feedback`, token: people.resident, json: { satisfied: false, note: NUL }, field: 'note', label: '意见' },
    { what: 'appeal reason', path: `/ratings/${ANY_ID}/appeals`, token: people.staff, json: { reason: `恶意差评${NUL}` }, field: 'reason', label: '申诉理由' },
    { what: 'appeal decision', path: `/staff/appeals/${ANY_ID}/decision`, token: people.streetAdmin, json: { upheld: true, note: NUL }, field: 'note', label: '处理意见' },
    { what: 'survey answer', path: `/surveys/${ANY_ID}/responses`, token: people.resident, json: { answers: { q1: NUL } }, field: 'answers.q1', label: '回答' },
    {
      what: 'survey title',
      path: '/staff/surveys',
      token: people.staff,
      json: { communityId: people.communityId, title: NUL, questions: [{ id: 'q1', kind: 'scale', label: '满意吗' }], opensOn: '2026-11-23', closesOn: '2026-11-30' },
      field: 'title',
      label: '问卷标题',
    },
    { what: 'family member name', path: '/me/family', token: people.resident, json: { name: NUL, relation: 'parent', birthDate: '1940-01-01' }, field: 'name', label: '姓名' },
    { what: 'walk-in name', path: '/staff/walk-in', token: people.staff, json: { slotId: ANY_ID, name: NUL, birthDate: '1940-01-01' }, field: 'name', label: '居民姓名' },
    { what: 'booking answer', path: '/bookings', token: people.resident, json: { slotId: ANY_ID, answers: { diet: NUL } }, field: 'answers.diet', label: '回答' },
    { what: 'service status reason', method: 'PUT', path: `/services/${ANY_ID}/status`, token: people.staff, json: { status: 'paused', reason: NUL }, field: 'reason', label: '原因' },
    {
      what: 'holiday notice',
      method: 'PUT',
      path: '/staff/holidays/2027',
      token: people.streetAdmin,
      json: { source: '国办发明电〔2026〕1号', text: `2027-01-01 至 2027-01-03 休 元旦${NUL}` },
      field: 'text',
      label: '节假日安排',
    },
  ]

  it('a NUL in any free-text field is 400 VALIDATION_FAILED naming the field, never a 500', async () => {
    const answers = []
    for (const c of cases()) {
      const res = await send(c.path, { method: c.method, token: c.token, json: c.json })
      const body = (await res.json()) as { error: { code: string; fields?: { path: string; message: string }[] } }
      const field = body.error.fields?.find((f) => f.path === c.field)
      answers.push({ what: c.what, status: res.status, code: body.error.code, namesField: field?.message.includes(c.label) ?? false })
    }
    expect(answers).toEqual(cases().map((c) => ({ what: c.what, status: 400, code: 'VALIDATION_FAILED', namesField: true })))
  })

  it('a NUL in a search, a page cursor or a rating tag is a 4xx, not a database error', async () => {
    const search = await send(`/communities/${people.communityId}/services?q=${encodeURIComponent(NUL)}`)
    expect([search.status, (await search.json()).error.code]).toEqual([400, 'VALIDATION_FAILED'])
    const page = await send(`/me/bookings?cursor=${encodeURIComponent(NUL)}`, { token: people.resident })
    expect(page.status).toBe(400)
    const tag = await send(`/bookings/${ANY_ID}/rating`, { token: people.resident, json: { level: 5, tags: [NUL] } })
    expect([tag.status, (await tag.json()).error.code]).toEqual([400, 'VALIDATION_FAILED'])
  })

  it('refuses other control characters and a lone surrogate, and a line break in a one-line field', async () => {
    // JSON.stringify would escape a lone surrogate as \ud800; sent as raw JSON text here, as a client might.
    for (const name of ['\u0007铃', '\u009b王', '王\\ud800', '王\\n芳']) {
      const res = await fetch(`${baseUrl}/api/v1/me/family`, {
        method: 'POST',
        headers: { authorization: `Bearer ${people.resident}`, 'content-type': 'application/json' },
        body: `{"name":"${name}","relation":"parent","birthDate":"1940-01-01"}`,
      })
      expect([name, res.status]).toEqual([name, 400])
    }
  })

  it('keeps what was accepted: a refused cancel leaves the booking, and a multi-line reason is stored trimmed with \\n', async () => {
    ctx.setNow(MONDAY_8AM)
    const { booking } = await bookedLunch()
    const refused = await send(`/bookings/${booking.id}/cancel`, { token: people.resident, json: { reason: NUL } })
    expect(refused.status).toBe(400)
    expect((await (await send(`/bookings/${booking.id}`, { token: people.resident })).json()).status).toBe('confirmed')

    const cancelled = await send(`/bookings/${booking.id}/cancel`, { token: people.resident, json: { reason: '  临时有事\r\n下周再约  ' } })
    expect(cancelled.status).toBe(200)
    expect(await cancelled.json()).toEqual(expect.objectContaining({ status: 'cancelled', statusReason: '临时有事\n下周再约' }))
  })

  it('refuses a date of birth before 1900 and takes 1900-01-01', async () => {
    const early = await send('/me/family', { token: people.resident, json: { name: '王大爷', relation: 'grandparent', birthDate: '1899-12-31' } })
    expect(early.status).toBe(400)
    expect((await early.json()).error.fields).toEqual([{ path: 'birthDate', message: '出生日期不能早于 1900 年' }])
    const edge = await send('/me/family', { token: people.resident, json: { name: '王大爷', relation: 'grandparent', birthDate: '1900-01-01' } })
    expect(edge.status).toBe(201)
  })
})

describe('reads write nothing a caller chose', () => {
  async function slotRowsOf(serviceId: string) {
    return ctx.db.selectFrom('slot').select(['starts_at']).where('service_id', '=', serviceId).execute()
  }

  it('slots from year 5000, or from past the booking window, are a 400 and make no slot row', async () => {
    const meal = await createBookableService(ctx.db, { communityId: people.communityId, maxDaysAhead: 7 })
    const res = await send(`/services/${meal.id}/slots?from=5000-01-01`)
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe('VALIDATION_FAILED')
    const stillFar = await send(`/services/${meal.id}/slots?from=2099-01-01`)
    expect(stillFar.status).toBe(400)
    expect((await stillFar.json()).error).toEqual(expect.objectContaining({ code: 'DATE_OUT_OF_RANGE', message: expect.stringMatching(/开始日期/) }))
    expect(await slotRowsOf(meal.id)).toEqual([])
  })

  it('a window starting on the last bookable day still works; the day after and yesterday do not', async () => {
    ctx.setNow(MONDAY_8AM)
    const meal = await createBookableService(ctx.db, { communityId: people.communityId, maxDaysAhead: 3 })
    const edge = await send(`/services/${meal.id}/slots?from=2026-11-26&days=1`)
    expect(edge.status).toBe(200)
    expect((await edge.json()).items.map((s: { date: string; state: string }) => [s.date, s.state])).toEqual([['2026-11-26', 'open']])
    for (const from of ['2026-11-27', '2026-11-22']) {
      const res = await send(`/services/${meal.id}/slots?from=${from}`)
      expect([from, res.status]).toEqual([from, 400])
    }
    expect((await slotRowsOf(meal.id)).length).toBe(1)
  })
})

const UPLOAD_CHUNK_BYTES = 512 * 1024
/** A link of about 10 MB/s: a 10 MB body takes a second to send. */
const UPLOAD_CHUNK_EVERY_MS = 50

/**
 * Sends a whole request, at the pace of a real link, before reading a byte of the answer, as a
 * blocking HTTP client does: the socket is paused, so anything the kernel throws away on a reset
 * from the server is lost to the client too.
 */
function rawExchange(head: string, body: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const { port } = server.address() as AddressInfo
    const socket = net.connect(port, '127.0.0.1')
    socket.pause()
    const chunks: Buffer[] = []
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    socket.write(head)
    let at = 0
    const sendNext = () => {
      if (at >= body.length) {
        socket.resume()
        return
      }
      socket.write(body.subarray(at, at + UPLOAD_CHUNK_BYTES), () => setTimeout(sendNext, UPLOAD_CHUNK_EVERY_MS))
      at += UPLOAD_CHUNK_BYTES
    }
    sendNext()
  })
}

describe('bodies and headers the API will not take', () => {
  it('a body that is not JSON is 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await fetch(`${baseUrl}/api/v1/me/family`, {
        method: 'POST',
        headers: { authorization: `Bearer ${people.resident}`, 'content-type': type },
        body: '{"name":"王芳","relation":"parent","birthDate":"1940-01-01"}',
      })
      expect([type, res.status, (await res.json()).error.code]).toEqual([type, 415, 'UNSUPPORTED_MEDIA_TYPE'])
    }
  })

  it('a 10 MB body is a 413 JSON answer the client receives, not a reset socket', async () => {
    const body = Buffer.from(JSON.stringify({ phone: '1'.repeat(10 * 1024 * 1024) }))
    const answer = await rawExchange(
      `POST /api/v1/auth/sms/send HTTP/1.1\r\nHost: linli\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
      body,
    )
    expect(answer).toMatch(/^HTTP\/1\.1 413 /)
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('headers too large are a 431 with a JSON body', async () => {
    const answer = await rawExchange(`GET /api/v1/health HTTP/1.1\r\nHost: linli\r\nX-Padding: ${'x'.repeat(64 * 1024)}\r\n\r\n`, Buffer.alloc(0))
    expect(answer).toMatch(/^HTTP\/1\.1 431 /)
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).error.code).toBe('HEADERS_TOO_LARGE')
  })
})
