import path from 'node:path'
import zlib from 'node:zlib'
import { type UserConfigExport, defineConfig } from '@tarojs/cli'
import CompressionPlugin from 'compression-webpack-plugin'
import { appShellHtml, firstScreenTestScript } from './app-shell'
import { earlyRequestsScript } from './early-requests'
import { PreloadLandingPagePlugin, StatsPlugin } from './h5-plugins'

// shared/ is a workspace package shipped as TypeScript source: both builds must compile it.
const sharedSrc = path.resolve(__dirname, '../../shared/src')

/** `src/assets/tab/home.png` → `static/images/assets/tab/home.[contenthash:8].png`. */
function hashedAsset(file: string, directory: string): string {
  return file.replace(/^src\//, directory).replace(/\.([^./]+)$/, '.[contenthash:8].$1')
}

export default defineConfig<'webpack5'>(async () => {
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'linli',
    date: '2026-11-22',
    designWidth: 375,
    deviceRatio: { 375: 2, 640: 2.34 / 2, 750: 1, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // One folder per platform, or the H5 build wipes the weapp build. LINLI_H5_DIR (absolute) builds
    // the H5 app elsewhere, so two checkouts' test runs on one machine never rebuild each other's app.
    // LINLI_WEAPP_DIR does the same for the WeChat build (a size check that leaves dist/weapp alone).
    outputRoot:
      process.env.TARO_ENV === 'h5' && process.env.LINLI_H5_DIR
        ? process.env.LINLI_H5_DIR
        : process.env.TARO_ENV === 'weapp' && process.env.LINLI_WEAPP_DIR
          ? process.env.LINLI_WEAPP_DIR
          : `dist/${process.env.TARO_ENV}`,
    plugins: [],
    defineConstants: {
      // Where the WeChat build calls the BFF (HTTPS, whitelisted in the console); H5 uses its own origin.
      LINLI_API_BASE: JSON.stringify(process.env.LINLI_API_BASE ?? ''),
      // Comma-separated WeChat subscribe-message template ids (the same three the BFF sends with).
      LINLI_SUBSCRIBE_TEMPLATES: JSON.stringify((process.env.LINLI_SUBSCRIBE_TEMPLATES ?? '').split(',').filter(Boolean)),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    // Exactly '@linli/shared' (index.ts); app.tsx's '@linli/shared/src/zod-config' resolves as a file.
    alias: { '@linli/shared$': sharedSrc },
    mini: {
      compile: { include: [sharedSrc] },
      // Sizes are CSS px on purpose: 长辈模式 needs exact sizes (≥ 18 px text, ≥ 60 px controls).
      postcss: {
        pxtransform: { enable: false, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      optimizeMainPackage: { enable: true },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      // Every JS/CSS file (and image) is named by its content, so the BFF can cache it a year as
      // immutable: a deploy changes the names, and index.html (no-cache + ETag) points at the new ones.
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'chunk/[name].[contenthash:8].js' },
      miniCssExtractPluginOption: { filename: 'css/[name].[contenthash:8].css', chunkFilename: 'css/[name].[contenthash:8].css' },
      imageUrlLoaderOption: { name: (file: string) => hashedAsset(file, 'static/images/') },
      // index.html places the styles and scripts itself (after 首页's first screen, appShell, has painted),
      // and first asks a linked page's data (earlyRequests, src/api/early.ts).
      htmlPluginOption: { inject: false, appShell: appShellHtml(), firstScreenTest: firstScreenTestScript(), earlyRequests: earlyRequestsScript(process.env.LINLI_API_BASE ?? '') },
      webpackChain(chain) {
        // Precompressed beside each file (decision 035): the BFF sends the .br or .gz the browser accepts.
        const test = /\.(js|css|html|svg|json)$/
        chain.plugin('gzip').use(CompressionPlugin, [{ test, algorithm: 'gzip', filename: '[path][base].gz', threshold: 1024 }])
        chain.plugin('brotli').use(CompressionPlugin, [
          {
            test,
            algorithm: 'brotliCompress',
            filename: '[path][base].br',
            threshold: 1024,
            compressionOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } },
          },
        ])
        // The landing page's chunk is fetched beside app.js, not after it has run: 首页 (also at `/`),
        // the other tabs, and a service's page (the link residents share).
        chain.plugin('preloadLandingPage').use(PreloadLandingPagePlugin, [
          ['pages/home/index', 'pages/services/index', 'pages/me/index', 'packages/catalog/pages/service/index'],
        ])
        // shared/ is schemas and constants: a chunk gets only the modules whose exports it uses, though
        // each is reached through the `export *` of index.ts. So 首页 loads its own few schemas, not
        // every domain's. zod-config.ts (the Chinese messages) runs for its effect: app.tsx imports it.
        chain.module
          .rule('shared-side-effect-free')
          .test(/\.ts$/)
          .include.add(sharedSrc)
          .end()
          .exclude.add(path.join(sharedSrc, 'zod-config.ts'))
          .end()
          .set('sideEffects', false)
        if (process.env.LINLI_H5_STATS) chain.plugin('stats').use(StatsPlugin, [process.env.LINLI_H5_STATS])
      },
      compile: { include: [sharedSrc] },
      router: { mode: 'hash' },
      postcss: {
        pxtransform: { enable: false, config: {} },
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  }
  return config
})
