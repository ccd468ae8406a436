/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.css'

/** Injected by defineConstants in config/index.ts. */
declare const LINLI_API_BASE: string

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV?: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd'
  }
}
