import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

/** One import between two files of the tree, as paths from the repository root. */
export interface ImportEdge {
  from: string
  to: string
}

const SOURCE = /\.tsx?$/
const NOT_A_ROOM = /(\.test\.tsx?|\.d\.ts)$/
const WORKSPACE_PACKAGES: Record<string, string> = { '@linli/shared': 'shared/src/index.ts' }

function sourceFiles(root: string, folder: string): string[] {
  return readdirSync(path.join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${folder}/${entry.name}`
    if (entry.isDirectory()) return sourceFiles(root, relative)
    return SOURCE.test(entry.name) && !NOT_A_ROOM.test(entry.name) ? [relative] : []
  })
}

/** The file an import names, as TypeScript's bundler resolution finds it; null for a package of node_modules. */
function resolveImport(root: string, from: string, specifier: string): string | null {
  const workspace = WORKSPACE_PACKAGES[specifier]
  if (workspace) return workspace
  if (!specifier.startsWith('.')) return null
  const base = path.posix.join(path.posix.dirname(from), specifier)
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]
  const found = candidates.find((c) => existsSync(path.join(root, c)) && statSync(path.join(root, c)).isFile())
  // A stylesheet or image is no module of the graph; an unresolved .ts import fails the type check anyway.
  return found && SOURCE.test(found) ? found : null
}

/**
 * Every import (static, `export … from`, `import()` and `import type`) among the source files
 * under `folders`; tests are left out, as they may reach anything.
 */
export function importGraph(root: string, folders: readonly string[]): ImportEdge[] {
  return folders.flatMap((folder) =>
    sourceFiles(root, folder).flatMap((from) =>
      ts
        .preProcessFile(readFileSync(path.join(root, from), 'utf8'), true, true)
        .importedFiles.map((imported) => resolveImport(root, from, imported.fileName))
        .filter((to): to is string => to !== null)
        .map((to) => ({ from, to })),
    ),
  )
}
