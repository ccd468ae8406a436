import { writeFileSync } from 'node:fs'
import type { Chunk, Compiler } from 'webpack'

/**
 * Taro's H5 router imports each page with `import()`, so the first screen's page chunk is only
 * requested once app.js has run: one more round trip before anything of the page can paint. This
 * adds `<link rel="preload">` for that chunk's JS and CSS to index.html, so the browser fetches it
 * alongside app.js. Runs after HtmlWebpackPlugin has emitted index.html (stage OPTIMIZE_INLINE)
 * and before the compression plugins (OPTIMIZE_TRANSFER).
 */
export class PreloadFirstPagePlugin {
  constructor(private readonly page: string) {}

  apply(compiler: Compiler): void {
    const { Compilation, sources } = compiler.webpack
    compiler.hooks.thisCompilation.tap('linli-preload-first-page', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'linli-preload-first-page', stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_INLINE + 100 },
        () => {
          const html = compilation.getAsset('index.html')
          if (!html) return
          const pageResource = new RegExp(`[\\\\/]src[\\\\/]${this.page.replace(/\//g, '[\\\\/]')}\\.[jt]sx?$`)
          const chunks = new Set<Chunk>()
          for (const chunk of compilation.chunks) {
            if (chunk.canBeInitial()) continue
            for (const module of compilation.chunkGraph.getChunkModulesIterable(chunk)) {
              if (pageResource.test(module.nameForCondition() ?? '')) chunks.add(chunk)
            }
          }
          const base = compilation.outputOptions.publicPath === 'auto' ? '/' : String(compilation.outputOptions.publicPath ?? '/')
          const links: string[] = []
          for (const chunk of chunks) {
            for (const file of chunk.files) {
              if (file.endsWith('.js')) links.push(`<link rel="preload" as="script" href="${base}${file}">`)
              if (file.endsWith('.css')) links.push(`<link rel="preload" as="style" href="${base}${file}">`)
            }
          }
          if (links.length === 0) throw new Error(`PreloadFirstPagePlugin: no async chunk holds src/${this.page}`)
          const text = html.source.source().toString().replace('</head>', `${links.join('')}</head>`)
          compilation.updateAsset('index.html', new sources.RawSource(text))
        },
      )
    })
  }
}

/** LINLI_H5_STATS=file writes each chunk's modules and sizes (to see what the first screen loads). */
export class StatsPlugin {
  constructor(private readonly file: string) {}

  apply(compiler: Compiler): void {
    compiler.hooks.done.tap('linli-stats', (stats) => {
      const json = stats.toJson({ all: false, chunks: true, chunkModules: true, assets: true, ids: true, chunkModulesSpace: Infinity, nestedModules: true })
      writeFileSync(this.file, JSON.stringify(json))
    })
  }
}
