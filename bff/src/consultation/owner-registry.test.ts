import { OWNER_REGISTRY_MAX_ROWS } from '@linli/shared'
import { parseOwnerRegistry } from './owner-registry'

const HEADER = '户号,业主姓名,面积'

function csv(...lines: string[]): string {
  return lines.join('\n')
}

describe('parseOwnerRegistry', () => {
  it('reads rows with area in hundredths of a square metre and totals the electorate', () => {
    const result = parseOwnerRegistry(csv(HEADER, '1-101,张三,89.5', '1-102,李四,120.05', '1-103,王五,76'))
    expect(result.errors).toEqual([])
    expect(result.rows).toEqual([
      { line: 2, householdCode: '1-101', ownerName: '张三', areaCentiM2: 8950 },
      { line: 3, householdCode: '1-102', ownerName: '李四', areaCentiM2: 12005 },
      { line: 4, householdCode: '1-103', ownerName: '王五', areaCentiM2: 7600 },
    ])
    expect(result.total).toEqual({ owners: 3, areaCentiM2: 28555 })
  })

  it('takes a UTF-8 BOM, CRLF and lone CR line ends, and a trailing line break', () => {
    const text = '\uFEFF户号,业主姓名,面积\r\n1-101,张三,89.50\r1-102,李四,90\r\n'
    for (const input of [text, new TextEncoder().encode(text)]) {
      const result = parseOwnerRegistry(input)
      expect(result.errors).toEqual([])
      expect(result.rows.map((row) => [row.line, row.householdCode, row.areaCentiM2])).toEqual([
        [2, '1-101', 8950],
        [3, '1-102', 9000],
      ])
    }
  })

  it('reads a GB18030 file as Excel on a Chinese Windows saves it', () => {
    // 「户号,业主姓名,面积\r\n1-101,张三,89.50\r\n」 in GB18030.
    const bytes = Uint8Array.from(Buffer.from('bba7bac52cd2b5d6f7d0d5c3fb2cc3e6bbfd0d0a312d3130312cd5c5c8fd2c38392e35300d0a', 'hex'))
    expect(parseOwnerRegistry(bytes)).toEqual({
      rows: [{ line: 2, householdCode: '1-101', ownerName: '张三', areaCentiM2: 8950 }],
      errors: [],
      total: { owners: 1, areaCentiM2: 8950 },
    })
  })

  it('keeps commas and doubled quotes inside quoted fields, and a grouped area', () => {
    const result = parseOwnerRegistry(csv(HEADER, '"2-201","张三,李四","1,234.56"', '2-202,"王""小""五",88'))
    expect(result.errors).toEqual([])
    expect(result.rows.map((row) => [row.ownerName, row.areaCentiM2])).toEqual([
      ['张三,李四', 123456],
      ['王"小"五', 8800],
    ])
  })

  it('reads full-width digits and punctuation, and units after the number or in the header', () => {
    const result = parseOwnerRegistry(csv('房号,业主,建筑面积（㎡）', '１－１０１,张三,１２３．４５', '1-102,李四,89.5㎡', '1-103,王五,76 平方米'))
    expect(result.errors).toEqual([])
    expect(result.rows.map((row) => [row.householdCode, row.areaCentiM2])).toEqual([
      ['1-101', 12345],
      ['1-102', 8950],
      ['1-103', 7600],
    ])
  })

  it('finds the columns in any order and ignores the others', () => {
    const result = parseOwnerRegistry(csv('序号,面积,联系电话,姓名,房屋编号', '1,66.6,13800000000,张三,3-301'))
    expect(result.rows).toEqual([{ line: 2, householdCode: '3-301', ownerName: '张三', areaCentiM2: 6660 }])
  })

  it('skips blank lines and counts physical lines, a quoted line break included', () => {
    const result = parseOwnerRegistry(csv(HEADER, '', '1-101,张三,80', ',,', '1-102,"李\n四",80', '1-103,王五,80'))
    expect(result.rows.map((row) => row.line)).toEqual([3, 7])
    expect(result.errors).toEqual([{ line: 5, code: 'FIELD_INVALID', message: '第 5 行：业主姓名含有换行或无法保存的字符，请删除后再试' }])
  })

  it('refuses bad areas line by line with AREA_INVALID and keeps the good rows', () => {
    const result = parseOwnerRegistry(
      csv(HEADER, '1-101,张三,八十', '1-102,李四,0', '1-103,王五,-5', '1-104,赵六,89.555', '1-105,钱七,12000000', '1-106,孙八,1,234', '1-107,周九,0.01'),
    )
    expect(result.errors).toEqual([
      { line: 2, code: 'AREA_INVALID', message: '第 2 行：面积「八十」不是有效的数字，请填写平方米数，如 89.50' },
      { line: 3, code: 'AREA_INVALID', message: '第 3 行：面积应大于 0' },
      { line: 4, code: 'AREA_INVALID', message: '第 4 行：面积「-5」不是有效的数字，请填写平方米数，如 89.50' },
      { line: 5, code: 'AREA_INVALID', message: '第 5 行：面积「89.555」最多保留两位小数' },
      { line: 6, code: 'AREA_INVALID', message: '第 6 行：面积「12000000」超出了合理范围，请核对单位是否为平方米' },
    ])
    // An unquoted 1,234 is two fields: 1 m² and an ignored extra column.
    expect(result.rows.map((row) => [row.line, row.areaCentiM2])).toEqual([
      [7, 100],
      [8, 1],
    ])
  })

  it('refuses a missing field with FIELD_MISSING naming each', () => {
    const result = parseOwnerRegistry(csv(HEADER, '1-101,,89', '1-102', ',张三,'))
    expect(result.rows).toEqual([])
    expect(result.errors).toEqual([
      { line: 2, code: 'FIELD_MISSING', message: '第 2 行：缺少业主姓名' },
      { line: 3, code: 'FIELD_MISSING', message: '第 3 行：缺少业主姓名、面积' },
      { line: 4, code: 'FIELD_MISSING', message: '第 4 行：缺少户号、面积' },
    ])
  })

  it('refuses a household code an earlier line has, whatever its width, spacing or case', () => {
    const result = parseOwnerRegistry(csv(HEADER, 'A-101,张三,80', '1-102,李四,80', 'ａ－１０１,王五,80', 'a - 101,赵六,80', '1-102,钱七,80'))
    expect(result.rows.map((row) => row.ownerName)).toEqual(['张三', '李四'])
    expect(result.errors).toEqual([
      { line: 4, code: 'HOUSEHOLD_DUPLICATE', message: '第 4 行：户号「a-101」与第 2 行重复' },
      { line: 5, code: 'HOUSEHOLD_DUPLICATE', message: '第 5 行：户号「a - 101」与第 2 行重复' },
      { line: 6, code: 'HOUSEHOLD_DUPLICATE', message: '第 6 行：户号「1-102」与第 3 行重复' },
    ])
  })

  it('refuses a field too long or holding a control character with FIELD_INVALID', () => {
    const result = parseOwnerRegistry(csv(HEADER, `${'1'.repeat(33)},张三,80`, `1-102,${'李'.repeat(51)},80`, '1-103,王\u0007五,80'))
    expect(result.rows).toEqual([])
    expect(result.errors).toEqual([
      { line: 2, code: 'FIELD_INVALID', message: '第 2 行：户号最多 32 个字' },
      { line: 3, code: 'FIELD_INVALID', message: '第 3 行：业主姓名最多 50 个字' },
      { line: 4, code: 'FIELD_INVALID', message: '第 4 行：业主姓名含有换行或无法保存的字符，请删除后再试' },
    ])
  })

  it('refuses a header without the needed columns, and an empty file', () => {
    expect(parseOwnerRegistry(csv('房间,业主姓名', '1-101,张三'))).toEqual({
      rows: [],
      errors: [
        {
          line: 1,
          code: 'HEADER_MISSING',
          message: '第 1 行：列名中缺少「户号」（可用列名：户号、房号、房屋编号）、「面积」（可用列名：专有部分面积、建筑面积、面积）',
        },
      ],
      total: { owners: 0, areaCentiM2: 0 },
    })
    for (const empty of ['', '\uFEFF', '\r\n\r\n', new Uint8Array()]) {
      expect(parseOwnerRegistry(empty).errors).toEqual([{ line: 1, code: 'HEADER_MISSING', message: '第 1 行：文件是空的，第一行应为列名：户号、业主姓名、面积' }])
    }
  })

  it('reports a quote left open at the end and keeps the rows before it', () => {
    const result = parseOwnerRegistry(csv(HEADER, '1-101,张三,80', '1-102,"李四,80', '1-103,王五,80'))
    expect(result.rows.map((row) => row.line)).toEqual([2])
    expect(result.errors).toEqual([{ line: 3, code: 'QUOTE_UNCLOSED', message: '第 3 行：引号没有闭合，这一行及其后的内容未能读取' }])
  })

  it(`stops after ${OWNER_REGISTRY_MAX_ROWS} rows with one error`, () => {
    const lines = Array.from({ length: OWNER_REGISTRY_MAX_ROWS + 2 }, (_, index) => `H${index},业主${index},80`)
    const result = parseOwnerRegistry(csv(HEADER, ...lines))
    expect(result.rows).toHaveLength(OWNER_REGISTRY_MAX_ROWS)
    expect(result.total).toEqual({ owners: OWNER_REGISTRY_MAX_ROWS, areaCentiM2: OWNER_REGISTRY_MAX_ROWS * 8000 })
    expect(result.errors).toEqual([
      { line: OWNER_REGISTRY_MAX_ROWS + 2, code: 'TOO_MANY_ROWS', message: `第 ${OWNER_REGISTRY_MAX_ROWS + 2} 行：名册最多 ${OWNER_REGISTRY_MAX_ROWS} 户，从这一行起未读取` },
    ])
  })

  it('never throws on garbage: bytes that are not text come back as a refused header', () => {
    const garbage = Uint8Array.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x81, 0x0a, 0x22])
    expect(() => parseOwnerRegistry(garbage)).not.toThrow()
    expect(parseOwnerRegistry(garbage).rows).toEqual([])
    expect(parseOwnerRegistry(garbage).errors.length).toBeGreaterThan(0)
  })
})
