import {
  AREA_CENTI_PER_SQUARE_METRE,
  HOUSEHOLD_AREA_MAX_CENTI,
  HOUSEHOLD_CODE_MAX_LENGTH,
  OWNER_NAME_MAX_LENGTH,
  OWNER_REGISTRY_HEADERS,
  OWNER_REGISTRY_MAX_ROWS,
  text,
  type OwnerRegistryErrorCode,
} from '@linli/shared'
import type { OwnerShare } from './vote-rules'

/**
 * The owners' registry (业主名册) staff import as CSV for the 民法典 art. 278 votes: one row per
 * 专有部分 with its household code, owner name and floor area. Area is what the 不动产登记簿 records
 * (法释〔2009〕7号 第八条); each row counts one owner by headcount (第九条).
 *
 * The parser never throws on a bad line: it returns the good rows and one coded error per problem,
 * each naming its line, so staff can fix the file and import it again.
 */

export interface OwnerRegistryRow {
  /** The physical line the row starts on, the header being line 1 in most files. */
  line: number
  householdCode: string
  ownerName: string
  areaCentiM2: number
}

export interface OwnerRegistryLineError {
  line: number
  code: OwnerRegistryErrorCode
  /** Chinese, naming the line, fit to show staff as it is. */
  message: string
}

export interface OwnerRegistryImport {
  rows: OwnerRegistryRow[]
  errors: OwnerRegistryLineError[]
  /** The electorate the good rows make: heads and floor area. */
  total: OwnerShare
}

type Column = keyof typeof OWNER_REGISTRY_HEADERS
const COLUMNS = Object.keys(OWNER_REGISTRY_HEADERS) as Column[]
const COLUMN_LABELS: Record<Column, string> = { householdCode: '户号', ownerName: '业主姓名', area: '面积' }

const HouseholdCodeSchema = text({ label: '户号', max: HOUSEHOLD_CODE_MAX_LENGTH, min: 1 })
const OwnerNameSchema = text({ label: '业主姓名', max: OWNER_NAME_MAX_LENGTH, min: 1 })

/** Decimal square metres, digits grouped by thousands or not, at most two decimals (the registry's precision). */
const AREA_PATTERN = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/
const AREA_DECIMALS = 2
/** A unit after the number: 「89.5㎡」 (NFKC makes ㎡ and m² into m2), 「89.5平方米」. */
const AREA_UNIT = /\s*(?:m2|平方米|平米)$/i
/** A unit after a header: 「面积（㎡）」, 「建筑面积(平方米)」. */
const HEADER_UNIT = /\s*[([].*$/

interface CsvRecord {
  line: number
  fields: string[]
}

/**
 * Text from the upload: UTF-8 (with or without a BOM), else GB18030, which is what Excel on a
 * Chinese Windows writes for 「CSV（逗号分隔）」.
 */
function decode(input: string | Uint8Array): string {
  if (typeof input === 'string') return input.replace(/^\uFEFF/, '')
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input)
  } catch {
    return new TextDecoder('gb18030').decode(input)
  }
}

/**
 * RFC 4180 records: fields split by commas, a quoted field may hold commas, line breaks and
 * doubled quotes; records end at CRLF, LF or a lone CR (old Mac Excel). A quote left open at the
 * end of the file loses only that record.
 */
function readRecords(csv: string): { records: CsvRecord[]; unclosedAt: number | null } {
  const records: CsvRecord[] = []
  let fields: string[] = []
  let field = ''
  let quoted = false
  let line = 1
  let recordLine = 1
  const endField = () => {
    fields.push(field)
    field = ''
  }
  const endRecord = () => {
    endField()
    records.push({ line: recordLine, fields })
    fields = []
  }
  for (let i = 0; i < csv.length; i++) {
    const char = csv[i]
    if (quoted) {
      if (char === '"' && csv[i + 1] === '"') {
        field += '"'
        i++
      } else if (char === '"') {
        quoted = false
      } else {
        if (char === '\n' || (char === '\r' && csv[i + 1] !== '\n')) line++
        field += char
      }
    } else if (char === '"' && field === '') {
      quoted = true
    } else if (char === ',') {
      endField()
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && csv[i + 1] === '\n') i++
      endRecord()
      line++
      recordLine = line
    } else {
      field += char
    }
  }
  if (quoted) return { records, unclosedAt: recordLine }
  if (field !== '' || fields.length > 0) endRecord()
  return { records, unclosedAt: null }
}

/** Full-width digits, letters and punctuation (１２３．５, Ａ栋) read as their ASCII forms. */
function normalise(value: string): string {
  return value.normalize('NFKC').trim()
}

function isBlank(record: CsvRecord): boolean {
  return record.fields.every((field) => normalise(field) === '')
}

function findColumns(header: CsvRecord): { columns: Record<Column, number> } | { missing: Column[] } {
  const names = header.fields.map((field) => normalise(field).replace(HEADER_UNIT, ''))
  const indexOf = (column: Column) => names.findIndex((name) => (OWNER_REGISTRY_HEADERS[column] as readonly string[]).includes(name))
  const columns = { householdCode: indexOf('householdCode'), ownerName: indexOf('ownerName'), area: indexOf('area') }
  const missing = COLUMNS.filter((column) => columns[column] === -1)
  return missing.length > 0 ? { missing } : { columns }
}

/** 「89.50」 → 8950 hundredths of a square metre, or the reason it is not an area. */
function parseArea(raw: string): { areaCentiM2: number } | { problem: string } {
  const value = raw.replace(AREA_UNIT, '')
  const match = AREA_PATTERN.exec(value)
  if (!match) return { problem: `面积「${raw}」不是有效的数字，请填写平方米数，如 89.50` }
  const whole = (match[1] ?? '').replace(/,/g, '').replace(/^0+(?=\d)/, '')
  const decimals = match[2] ?? ''
  if (decimals.length > AREA_DECIMALS) return { problem: `面积「${raw}」最多保留两位小数` }
  const maxWholeDigits = String(HOUSEHOLD_AREA_MAX_CENTI / AREA_CENTI_PER_SQUARE_METRE).length
  const areaCentiM2 =
    whole.length > maxWholeDigits ? Number.POSITIVE_INFINITY : Number(whole) * AREA_CENTI_PER_SQUARE_METRE + Number(decimals.padEnd(AREA_DECIMALS, '0'))
  if (areaCentiM2 === 0) return { problem: '面积应大于 0' }
  if (areaCentiM2 > HOUSEHOLD_AREA_MAX_CENTI) return { problem: `面积「${raw}」超出了合理范围，请核对单位是否为平方米` }
  return { areaCentiM2 }
}

/** Codes that differ only in spaces or letter case (「1栋 101」, 「a-101」) name the same 专有部分. */
export function householdKey(code: string): string {
  return code.replace(/\s+/g, '').toUpperCase()
}

/**
 * Reads an owners' registry CSV:
 * 1. The first non-blank line names the columns (户号 / 业主姓名 / 面积, with the aliases in
 *    OWNER_REGISTRY_HEADERS, a unit in brackets allowed); other columns are ignored.
 * 2. Blank lines are skipped; each other line is a row, refused with a coded error for a missing
 *    field, an invalid one, a bad area, or a household code an earlier line already has.
 * 3. More than OWNER_REGISTRY_MAX_ROWS rows stops the reading with one error.
 */
export function parseOwnerRegistry(input: string | Uint8Array): OwnerRegistryImport {
  const { records, unclosedAt } = readRecords(decode(input))
  const rows: OwnerRegistryRow[] = []
  const errors: OwnerRegistryLineError[] = []
  const fail = (line: number, code: OwnerRegistryErrorCode, problem: string) => errors.push({ line, code, message: `第 ${line} 行：${problem}` })
  const finish = (): OwnerRegistryImport => {
    if (unclosedAt !== null) fail(unclosedAt, 'QUOTE_UNCLOSED', '引号没有闭合，这一行及其后的内容未能读取')
    return { rows, errors, total: { owners: rows.length, areaCentiM2: rows.reduce((sum, row) => sum + row.areaCentiM2, 0) } }
  }

  const content = records.filter((record) => !isBlank(record))
  const header = content[0]
  // 1.
  if (!header) {
    if (unclosedAt === null) fail(1, 'HEADER_MISSING', '文件是空的，第一行应为列名：户号、业主姓名、面积')
    return finish()
  }
  const found = findColumns(header)
  if ('missing' in found) {
    const wanted = found.missing.map((column) => `「${COLUMN_LABELS[column]}」（可用列名：${OWNER_REGISTRY_HEADERS[column].join('、')}）`)
    fail(header.line, 'HEADER_MISSING', `列名中缺少${wanted.join('、')}`)
    return finish()
  }
  const { columns } = found

  const firstLineOf = new Map<string, number>()
  // 2.
  for (const [index, record] of content.slice(1).entries()) {
    // 3.
    if (index === OWNER_REGISTRY_MAX_ROWS) {
      fail(record.line, 'TOO_MANY_ROWS', `名册最多 ${OWNER_REGISTRY_MAX_ROWS} 户，从这一行起未读取`)
      break
    }
    const value = (column: Column) => normalise(record.fields[columns[column]] ?? '')
    const raw = { householdCode: value('householdCode'), ownerName: value('ownerName'), area: value('area') }
    const before = errors.length
    const missing = COLUMNS.filter((column) => raw[column] === '')
    if (missing.length > 0) fail(record.line, 'FIELD_MISSING', `缺少${missing.map((column) => COLUMN_LABELS[column]).join('、')}`)

    const code = raw.householdCode === '' ? null : HouseholdCodeSchema.safeParse(raw.householdCode)
    if (code && !code.success) fail(record.line, 'FIELD_INVALID', code.error.issues[0]?.message ?? '户号有误')
    if (code?.success) {
      const key = householdKey(code.data)
      const first = firstLineOf.get(key)
      if (first === undefined) firstLineOf.set(key, record.line)
      else fail(record.line, 'HOUSEHOLD_DUPLICATE', `户号「${code.data}」与第 ${first} 行重复`)
    }

    const name = raw.ownerName === '' ? null : OwnerNameSchema.safeParse(raw.ownerName)
    if (name && !name.success) fail(record.line, 'FIELD_INVALID', name.error.issues[0]?.message ?? '业主姓名有误')

    const area = raw.area === '' ? null : parseArea(raw.area)
    if (area && 'problem' in area) fail(record.line, 'AREA_INVALID', area.problem)

    if (errors.length === before && code?.success && name?.success && area && 'areaCentiM2' in area) {
      rows.push({ line: record.line, householdCode: code.data, ownerName: name.data, areaCentiM2: area.areaCentiM2 })
    }
  }
  return finish()
}
