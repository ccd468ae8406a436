import { spawnSync } from 'node:child_process'
import path from 'node:path'
import pino from 'pino'
import { ConfigError, loadConfig } from '../../bff/src/config'
import { createSmsSender } from '../../bff/src/platform/sms'

const DATA_KEY = Buffer.alloc(32, 'production-test-key').toString('base64')

/** Everything a production start needs; each case takes some of it away. */
const COMPLETE = {
  NODE_ENV: 'production',
  DATA_KEY,
  WECHAT_APPID: 'wx1234567890abcdef',
  WECHAT_SECRET: 'a-real-looking-secret',
  SMS_SENDER: 'aliyun',
  SMS_ACCESS_KEY_ID: 'LTAI-key',
  SMS_ACCESS_KEY_SECRET: 'key-secret',
  SMS_SIGN_NAME: '邻里社区',
  SMS_TEMPLATE_ID: 'SMS_123456789',
}

function refusal(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env)
  } catch (err) {
    if (err instanceof ConfigError) return err
    throw err
  }
  throw new Error('loadConfig accepted the settings')
}

describe('loadConfig in production', () => {
  it('starts with a complete set of settings, on the gateway and without the demo', () => {
    const config = loadConfig(COMPLETE)
    expect(config.sms).toMatchObject({ sender: 'aliyun', signName: '邻里社区', templateId: 'SMS_123456789', apiBase: 'https://dysmsapi.aliyuncs.com', timeoutMs: 5000 })
    expect(config.demoLogin).toBe(false)
  })

  it('starts on Tencent Cloud SMS with its SDK app id, at its public address', () => {
    const config = loadConfig({ ...COMPLETE, SMS_SENDER: 'tencent', SMS_SDK_APP_ID: '1400123456' })
    expect(config.sms).toMatchObject({ sender: 'tencent', sdkAppId: '1400123456', apiBase: 'https://sms.tencentcloudapi.com' })
    expect(refusal({ ...COMPLETE, SMS_SENDER: 'tencent' }).settings).toEqual(['SMS_SDK_APP_ID'])
  })

  it('names every missing setting in one error when nothing is set', () => {
    const err = refusal({ NODE_ENV: 'production' })
    const missing = ['DATA_KEY', 'WECHAT_APPID', 'WECHAT_SECRET', 'SMS_SENDER', 'SMS_ACCESS_KEY_ID', 'SMS_ACCESS_KEY_SECRET', 'SMS_SIGN_NAME', 'SMS_TEMPLATE_ID']
    expect(err.settings).toEqual(missing)
    for (const name of missing) expect(err.message).toContain(name)
    expect(err.message).toMatch(/^配置有误，未启动（8 项需要处理）/)
  })

  it('refuses the console sender, which would print every login code', () => {
    const err = refusal({ ...COMPLETE, SMS_SENDER: 'console' })
    expect(err.settings).toEqual(['SMS_SENDER'])
    expect(err.message).toContain('console 会把验证码打印在日志里')
  })

  it('refuses the development WeChat appid and secret', () => {
    const err = refusal({ ...COMPLETE, WECHAT_APPID: 'wx-dev-appid', WECHAT_SECRET: undefined })
    expect(err.settings).toEqual(['WECHAT_APPID', 'WECHAT_SECRET'])
    expect(err.message).toContain('仍是开发默认值')
  })

  it('names each missing gateway setting, and counts an empty value as missing', () => {
    const err = refusal({ ...COMPLETE, SMS_SIGN_NAME: '', SMS_TEMPLATE_ID: '  ', SMS_ACCESS_KEY_SECRET: undefined })
    expect(err.settings).toEqual(['SMS_ACCESS_KEY_SECRET', 'SMS_SIGN_NAME', 'SMS_TEMPLATE_ID'])
  })

  it('reports malformed values together, by setting name', () => {
    const err = refusal({ ...COMPLETE, SMS_SENDER: 'carrier-pigeon', SMS_API_BASE: 'not a url' })
    expect(err.settings).toEqual(['SMS_SENDER', 'SMS_API_BASE'])
  })

  it('refuses a DATA_KEY that is not 32 bytes', () => {
    expect(refusal({ ...COMPLETE, DATA_KEY: Buffer.alloc(16).toString('base64') }).settings).toEqual(['DATA_KEY'])
  })
})

describe('loadConfig outside production', () => {
  it('prints codes on the console by default in development', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).sms).toEqual({ sender: 'console' })
  })

  it('still wants every gateway setting once a gateway is chosen', () => {
    expect(refusal({ NODE_ENV: 'development', SMS_SENDER: 'aliyun', SMS_ACCESS_KEY_ID: 'id' }).settings).toEqual([
      'SMS_ACCESS_KEY_SECRET',
      'SMS_SIGN_NAME',
      'SMS_TEMPLATE_ID',
    ])
  })
})

describe('TRUSTED_PROXIES', () => {
  it('reads addresses and CIDRs of both families', () => {
    const { trustedProxies } = loadConfig({ NODE_ENV: 'test', TRUSTED_PROXIES: '10.0.0.1, 172.16.0.0/12,fd00::/8' })
    expect(trustedProxies.check('10.0.0.1', 'ipv4')).toBe(true)
    expect(trustedProxies.check('10.0.0.2', 'ipv4')).toBe(false)
    expect(trustedProxies.check('172.31.255.1', 'ipv4')).toBe(true)
    expect(trustedProxies.check('fd12::1', 'ipv6')).toBe(true)
  })

  it('trusts no one by default', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).trustedProxies.rules).toEqual([])
  })

  it('refuses an entry that is neither an address nor a CIDR, naming it', () => {
    const err = refusal({ NODE_ENV: 'test', TRUSTED_PROXIES: '10.0.0.1, nginx, 10.0.0.0/33' })
    expect(err.settings).toEqual(['TRUSTED_PROXIES'])
    expect(err.message).toContain('nginx, 10.0.0.0/33')
  })
})

describe('the console SMS sender', () => {
  it('is never built for production, even from a hand-assembled config', () => {
    expect(() => createSmsSender({ env: 'production', sms: { sender: 'console' } }, pino({ level: 'silent' }))).toThrow(/正式环境不可用/)
  })
})

describe('npm start in production', () => {
  it('exits before opening the database, with one message naming every missing setting', () => {
    const root = path.resolve(__dirname, '../..')
    const run = spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['bff/src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', DATA_KEY, SMS_SENDER: 'console' },
      encoding: 'utf8',
      timeout: 20000,
    })
    expect(run.status).toBe(1)
    expect(run.stdout).toBe('')
    const lines = run.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^启动失败: 配置有误，未启动（7 项需要处理）: WECHAT_APPID .*WECHAT_SECRET .*SMS_SENDER .*SMS_TEMPLATE_ID 未设置$/)
  })
})
