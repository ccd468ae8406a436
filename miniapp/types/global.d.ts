/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.css'

/** Injected by defineConstants in config/index.ts. */
declare const LINLI_API_BASE: string
/** Subscribe-message template ids the booking tap asks for (WeChat only). */
declare const LINLI_SUBSCRIBE_TEMPLATES: string[]

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV?: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd'
  }
}
