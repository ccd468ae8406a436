import path from 'node:path'
import { type UserConfigExport, defineConfig } from '@tarojs/cli'

// shared/ is a workspace package shipped as TypeScript source: both builds must compile it.
const sharedSrc = path.resolve(__dirname, '../../shared/src')

export default defineConfig<'webpack5'>(async () => {
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'linli',
    date: '2026-11-22',
    designWidth: 375,
    deviceRatio: { 375: 2, 640: 2.34 / 2, 750: 1, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // One folder per platform, or the H5 build wipes the weapp build. LINLI_H5_DIR (absolute) builds
    // the H5 app elsewhere, so two checkouts' test runs on one machine never rebuild each other's app.
    outputRoot: process.env.TARO_ENV === 'h5' && process.env.LINLI_H5_DIR ? process.env.LINLI_H5_DIR : `dist/${process.env.TARO_ENV}`,
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
    alias: { '@linli/shared': sharedSrc },
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
