import { z } from 'zod'

export const ID_MAX_LENGTH = 64
export const LIST_LIMIT_DEFAULT = 20
export const LIST_LIMIT_MAX = 50

export const IdSchema = z.uuid()

export interface TextOptions {
  /** What the form calls the field, for the messages: 取消原因. */
  label: string
  max: number
  /** Characters needed after trimming; 1 makes the field required. */
  min?: number
  /** Keeps line breaks (a Windows \r\n becomes \n); a one-line field refuses them. */
  multiline?: boolean
}

const LINE_FEED = 0x0a

/**
 * Whether a string holds a character nobody types: a C0 control (NUL among them, which PostgreSQL
 * refuses in text and jsonb), DEL, a C1 control, or half of a UTF-16 surrogate pair (not valid
 * UTF-8, so it cannot be stored either). A loop rather than a regex: the lookbehind a lone-surrogate
 * regex needs is a syntax error on the older iOS JavaScriptCore WeChat still runs on.
 */
function hasUnstorableCharacter(value: string, multiline: boolean): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code < 0x20 && !(multiline && code === LINE_FEED)) return true
    if (code >= 0x7f && code <= 0x9f) return true
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1)
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true
      i++
    } else if (code >= 0xdc00 && code <= 0xdfff) return true
  }
  return false
}

/**
 * The one schema for free text a person types (names, reasons, comments, notes, answers): trimmed,
 * limited, and refused with a message naming the field when it holds a character that cannot be
 * stored or shown, so bad input is a 400 VALIDATION_FAILED and never a database error.
 */
export function text({ label, max, min = 0, multiline = false }: TextOptions) {
  const base = z.string().overwrite((value) => (multiline ? value.replace(/\r\n?/g, '\n') : value)).trim()
  const bounded = min > 0 ? base.min(min, min === 1 ? `请填写${label}` : `${label}至少 ${min} 个字`) : base
  return bounded
    .max(max, `${label}最多 ${max} 个字`)
    .refine((value) => !hasUnstorableCharacter(value, multiline), {
      message: multiline ? `${label}含有无法保存的字符，请删除后再试` : `${label}含有换行或无法保存的字符，请删除后再试`,
    })
}

/**
 * A calendar day the app deals in: bookings, closures, boards, surveys. The span is the calendar
 * the app knows (holiday notices load up to 2100); a year-5000 date is a typo or a probe.
 */
export const LOCAL_DATE_MIN = '2000-01-01'
export const LOCAL_DATE_MAX = '2099-12-31'
export const LocalDateSchema = z.iso
  .date({ message: '日期格式为 YYYY-MM-DD' })
  .refine((date) => date >= LOCAL_DATE_MIN && date <= LOCAL_DATE_MAX, { message: `日期应在 ${LOCAL_DATE_MIN} 至 ${LOCAL_DATE_MAX} 之间` })

/** The earliest date of birth the forms take: anything before is a typo (1900 for 1990). */
export const BIRTH_DATE_MIN = '1900-01-01'
export const BirthDateSchema = z.iso
  .date({ message: '请按 1950-03-15 的格式填写出生日期' })
  .refine((date) => date >= BIRTH_DATE_MIN, { message: '出生日期不能早于 1900 年' })

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
})
export type ErrorBody = z.infer<typeof ErrorBodySchema>

export const PageQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(LIST_LIMIT_MAX).default(LIST_LIMIT_DEFAULT),
})

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() })
}
