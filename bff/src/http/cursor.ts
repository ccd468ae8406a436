import { type RawBuilder, type SqlBool, sql } from 'kysely'
import { AppError } from './errors'

/**
 * Cursor pagination for every list that can grow (我的预约, 我的消息, the catalogue, the staff
 * lists). A list is ordered by a sort key and then the row id, both in the same direction, so the
 * order is total and stable: the cursor is the last row's (key, id), and the next page is the rows
 * strictly after it. A row inserted meanwhile lands before or after that position, never on it, so
 * nothing is skipped or shown twice (an offset would shift by one instead). The cursor is opaque
 * to clients: base64url JSON.
 */

/** The sort keys lists use: an instant (timestamptz), a local date (YYYY-MM-DD) or an integer. */
interface KeyKinds {
  instant: Date
  date: string
  integer: number
}
export type KeyKind = keyof KeyKinds
export type SortKey = KeyKinds[KeyKind]

export interface Position<K extends SortKey = SortKey> {
  key: K
  id: string
}

/** Row ids are uuids, or bigserial numbers (the audit log). */
const ID_PATTERN = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[1-9]\d{0,17})$/
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/
/** Sort orders are PostgreSQL `integer`s: a larger number in a forged cursor would be a database error. */
const INTEGER_KEY_MAX = 2 ** 31 - 1

export function encodeCursor(position: Position): string {
  const key = position.key instanceof Date ? position.key.toISOString() : position.key
  return Buffer.from(JSON.stringify([key, position.id])).toString('base64url')
}

function parseKey<K extends KeyKind>(kind: K, value: unknown): KeyKinds[K] | undefined
function parseKey(kind: KeyKind, value: unknown): SortKey | undefined {
  switch (kind) {
    case 'instant': {
      const date = typeof value === 'string' ? new Date(value) : undefined
      return date && !Number.isNaN(date.getTime()) ? date : undefined
    }
    case 'date':
      return typeof value === 'string' && DATE_PATTERN.test(value) && !Number.isNaN(Date.parse(value)) ? value : undefined
    case 'integer':
      return Number.isInteger(value) && Math.abs(value as number) <= INTEGER_KEY_MAX ? (value as number) : undefined
  }
}

/**
 * A cursor back to its position. Anything a client made up (not base64url JSON, the wrong kind of
 * key, an id that is no row id) is a coded 400, never a database error.
 */
export function decodeCursor<K extends KeyKind>(cursor: string, kind: K): Position<KeyKinds[K]> {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(value) && value.length === 2 && typeof value[1] === 'string' && ID_PATTERN.test(value[1])) {
      const key = parseKey(kind, value[0])
      if (key !== undefined) return { key, id: value[1] }
    }
  } catch {
    // not JSON: falls through to the validation error below
  }
  throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'cursor', message: '翻页参数无效' }] })
}

/**
 * The condition "after this position" in a list ordered by `keyColumn` then `idColumn`, both
 * ascending or both descending: a row comparison, which PostgreSQL answers from a (key, id) index.
 */
export function afterPosition(keyColumn: string, idColumn: string, position: Position, direction: 'asc' | 'desc'): RawBuilder<SqlBool> {
  const op = sql.raw(direction === 'asc' ? '>' : '<')
  return sql<SqlBool>`(${sql.ref(keyColumn)}, ${sql.ref(idColumn)}) ${op} (${position.key}, ${position.id})`
}

/**
 * One page from rows fetched with `limit + 1`: the extra row only tells that there is a next page,
 * whose cursor is the position of the page's last row.
 */
export function pageFrom<R>(rows: readonly R[], limit: number, positionOf: (row: R) => Position): { rows: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor(positionOf(last)) : null }
}
