import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { REPO_ROOT } from '../../bff/src/run/h5-build'

/**
 * Every table belongs to the folder whose table.ts declares its type (db/database.ts says which);
 * a domain reads and writes only its own tables and learns the rest from the owning domain's
 * functions (DESIGN.md, docs/decisions/013). This check reads each Kysely call that names a table
 * (`selectFrom('service')`, `innerJoin('app_user', …)`) in the domains and in the demo seed.
 */

/** Kysely methods whose first argument names a table (or `table as alias`, or a list of them). */
const TABLE_METHODS = new Set(['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'mergeInto', 'replaceInto', 'innerJoin', 'leftJoin', 'rightJoin', 'fullJoin'])

/** Folders that are not domains: the ground floors, the kernels and the runners (see layers.test.ts). */
const NOT_DOMAINS = new Set(['db', 'http', 'platform', 'calendar', 'seats', 'notify', 'run'])

/** The demo is a layer above the domains: it writes every table through a domain's functions, so it may name none. */
const THROUGH_DOMAINS_ONLY = 'demo'

/**
 * Reads of another domain's table that predate the rule, outside issue 9's booking and rating
 * work: the test fails on any read not listed here and on a listed one that is gone, so this
 * list can only shrink.
 */
const NOT_YET_MOVED = [
  "bff/src/auth/repository.ts: auth names region's table community",
  "bff/src/auth/repository.ts: auth names catalog's table provider",
  "bff/src/catalog/repository.ts: catalog names region's table community",
  "bff/src/region/repository.ts: region names catalog's table facility",
]

/**
 * Table name → the folder that owns it, from the `Database` interface and the table files its types
 * come from (`../<folder>/table` or `../<folder>/<feature>-table`). A feature's tables may come as
 * one interface `Database` extends (`MeetingTables`); `read` opens that file to list its members.
 */
export function tableOwners(databaseSource: string, read: (modulePath: string) => string = () => ''): Map<string, string> {
  const file = ts.createSourceFile('database.ts', databaseSource, ts.ScriptTarget.Latest, true)
  const imported = new Map<string, { folder: string; modulePath: string }>()
  const owners = new Map<string, string>()
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const match = /^\.\.\/([^/]+)\/((?:[a-z]+-)*table)$/.exec(statement.moduleSpecifier.text)
      const names = statement.importClause?.namedBindings
      if (match?.[1] && match[2] && names && ts.isNamedImports(names)) {
        for (const name of names.elements) imported.set(name.name.text, { folder: match[1], modulePath: `bff/src/${match[1]}/${match[2]}.ts` })
      }
    }
    if (ts.isInterfaceDeclaration(statement) && statement.name.text === 'Database') {
      for (const member of statement.members) {
        if (!ts.isPropertySignature(member) || !member.type || !ts.isTypeReferenceNode(member.type)) continue
        const from = imported.get(member.type.typeName.getText(file))
        if (from) owners.set(member.name.getText(file), from.folder)
      }
      for (const heritage of statement.heritageClauses ?? []) {
        for (const type of heritage.types) {
          const from = imported.get(type.expression.getText(file))
          if (!from) continue
          const source = ts.createSourceFile(from.modulePath, read(from.modulePath), ts.ScriptTarget.Latest, true)
          for (const s of source.statements) {
            if (!ts.isInterfaceDeclaration(s) || s.name.text !== type.expression.getText(file)) continue
            for (const member of s.members) if (ts.isPropertySignature(member)) owners.set(member.name.getText(source), from.folder)
          }
        }
      }
    }
  }
  return owners
}

/** The tables a source file names in Kysely calls, with where. */
export function namedTables(source: string): string[] {
  const file = ts.createSourceFile('file.ts', source, ts.ScriptTarget.Latest, true)
  const found: string[] = []
  const tableOf = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) found.push(node.text.split(/\s+as\s+/)[0] ?? node.text)
    if (ts.isArrayLiteralExpression(node)) node.elements.forEach(tableOf)
  }
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && TABLE_METHODS.has(node.expression.name.text)) {
      const [first] = node.arguments
      if (first) tableOf(first)
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return found
}

/** The reads and writes of a table that a file's folder may not name. */
export function foreignTables(file: string, source: string, owners: Map<string, string>): string[] {
  const folder = /^bff\/src\/([^/]+)\//.exec(file)?.[1]
  if (!folder || NOT_DOMAINS.has(folder)) return []
  return [...new Set(namedTables(source))].flatMap((table) => {
    const owner = owners.get(table)
    if (!owner || owner === folder) return []
    return [folder === THROUGH_DOMAINS_ONLY ? `${file}: the demo names ${owner}'s table ${table}` : `${file}: ${folder} names ${owner}'s table ${table}`]
  })
}

function bffSources(): string[] {
  return (readdirSync(path.join(REPO_ROOT, 'bff/src'), { recursive: true }) as string[])
    .map((relative) => `bff/src/${relative.split(path.sep).join('/')}`)
    .filter((file) => /\.ts$/.test(file) && !/\.test\.ts$/.test(file))
}

describe('table ownership', () => {
  const owners = tableOwners(readFileSync(path.join(REPO_ROOT, 'bff/src/db/database.ts'), 'utf8'), (modulePath) => readFileSync(path.join(REPO_ROOT, modulePath), 'utf8'))

  it('knows who owns each table', () => {
    // Guards the parse itself: an empty map would make the check below pass.
    expect(owners.get('service')).toBe('catalog')
    expect(owners.get('app_user')).toBe('auth')
    expect(owners.get('family_member')).toBe('family')
    expect(owners.get('community')).toBe('region')
    expect(owners.get('slot')).toBe('booking')
    expect(owners.size).toBeGreaterThan(25)
  })

  it('has no domain (or the demo) naming another domain’s table', () => {
    const found = bffSources().flatMap((file) => foreignTables(file, readFileSync(path.join(REPO_ROOT, file), 'utf8'), owners))
    expect(found.sort()).toEqual([...NOT_YET_MOVED].sort())
  })

  describe('the check itself', () => {
    it('names a join, a select and an aliased table of another domain, and lets a domain name its own', () => {
      const source = `
        db.selectFrom('booking').innerJoin('slot', 'slot.id', 'booking.slot_id').innerJoin('service', 'service.id', 'booking.service_id')
        db.selectFrom('app_user as u').select('u.id')
        db.selectFrom(['booking as ahead', 'family_member'])`
      expect(foreignTables('bff/src/booking/repository.ts', source, owners).sort()).toEqual([
        "bff/src/booking/repository.ts: booking names auth's table app_user",
        "bff/src/booking/repository.ts: booking names catalog's table service",
        "bff/src/booking/repository.ts: booking names family's table family_member",
      ])
    })

    it('refuses the demo any table, and leaves the kernels out (they serve every domain)', () => {
      expect(foreignTables('bff/src/demo/history.ts', `trx.insertInto('rating').values(v)`, owners)).toEqual([
        "bff/src/demo/history.ts: the demo names rating's table rating",
      ])
      expect(foreignTables('bff/src/notify/repository.ts', `db.selectFrom('claimed').innerJoin('app_user', 'a', 'b')`, owners)).toEqual([])
    })
  })
})
