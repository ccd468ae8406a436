import { writeFileSync } from 'node:fs'
import type { Chunk, Compiler } from 'webpack'

/**
 * Taro's H5 router imports each page with `import()`, so the landing page's chunk is only requested
 * once app.js has run: one more round trip before anything of the page can paint. The route is in
 * the URL's hash, which the HTML cannot know, so index.html gets a small inline script with the
 * chunk files of the pages a resident lands on (the tabs, a shared service link): it adds
 * `<link rel="preload">` for the one in `location.hash` (the first page when there is none), and
 * the browser fetches it beside app.js. Runs after HtmlWebpackPlugin has emitted index.html (stage
 * OPTIMIZE_INLINE) and before the compression plugins (OPTIMIZE_TRANSFER).
 */
export class PreloadLandingPagePlugin {
  /** Pages as in app.config.ts (`pages/home/index`); the first is the one `/` shows. */
  constructor(private readonly pages: string[]) {}

  apply(compiler: Compiler): void {
    const { Compilation, sources } = compiler.webpack
    compiler.hooks.thisCompilation.tap('linli-preload-landing-page', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'linli-preload-landing-page', stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_INLINE + 100 },
        () => {
          const html = compilation.getAsset('index.html')
          if (!html) return
          const base = compilation.outputOptions.publicPath === 'auto' ? '/' : String(compilation.outputOptions.publicPath ?? '/')
          const files: Record<string, string[]> = {}
          for (const page of this.pages) {
            const resource = new RegExp(`[\\\\/]src[\\\\/]${page.replace(/\//g, '[\\\\/]')}\\.[jt]sx?$`)
            const chunks = new Set<Chunk>()
            for (const chunk of compilation.chunks) {
              if (chunk.canBeInitial()) continue
              for (const module of compilation.chunkGraph.getChunkModulesIterable(chunk)) {
                if (resource.test(module.nameForCondition() ?? '')) chunks.add(chunk)
              }
            }
            const list = [...chunks].flatMap((c) => [...c.files]).filter((f) => /\.(js|css)$/.test(f))
            if (list.length === 0) throw new Error(`PreloadLandingPagePlugin: no async chunk holds src/${page}`)
            files[`/${page}`] = list.map((f) => base + f)
          }
          const first = `/${this.pages[0]}`
          // ES5, before any other script: the chunk for "#/pages/services/index?x=1", or the first page's.
          const script =
            `<script>!function(m){var p=location.hash.replace(/^#/,'').split('?')[0]||${JSON.stringify(first)};` +
            `(m[p]||[]).forEach(function(f){var l=document.createElement('link');l.rel='preload';` +
            `l.as=/\\.css$/.test(f)?'style':'script';l.href=f;document.head.appendChild(l)})}(${JSON.stringify(files)})</script>`
          // First in <head>: an inline script after the stylesheet link would wait for the CSS.
          const source = html.source.source().toString()
          const text = /<meta charset="utf-8">/i.test(source)
            ? source.replace(/<meta charset="utf-8">/i, (meta) => meta + script)
            : source.replace('<head>', `<head>${script}`)
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
      const json = stats.toJson({ all: false, chunks: true, chunkModules: true, assets: true, ids: true, chunkModulesSpace: Infinity, nestedModules: true, dependentModules: true })
      writeFileSync(this.file, JSON.stringify(json))
    })
  }
}
