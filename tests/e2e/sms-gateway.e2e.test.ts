import pino from 'pino'
import type { Page } from 'playwright-core'
import { createAliyunSmsSender } from '../../bff/src/platform/sms-aliyun'
import { FAKE_SMS_NUMBERS, type FakeSmsGateway, deliveredCode, startFakeAliyunSms } from '../support/fake-sms'
import { checkPage, openTab, tap, useBrowser } from './harness'

const KEY_ID = 'LTAI-e2e-key'
const KEY_SECRET = 'e2e-secret'
const SHOTS = process.env.LINLI_SHOTS_DIR

const e2e = useBrowser({ demo: false })
let fake: FakeSmsGateway

beforeAll(async () => {
  fake = await startFakeAliyunSms(KEY_ID, KEY_SECRET)
  // The app reads deps.sms on every send: from here on codes go through the real gateway client.
  e2e.deps.sms = createAliyunSmsSender({
    accessKeyId: KEY_ID,
    accessKeySecret: KEY_SECRET,
    signName: '邻里社区',
    templateId: 'SMS_123456789',
    apiBase: fake.baseUrl,
    timeoutMs: 2000,
    logger: pino({ level: 'silent' }),
  })
})
afterAll(() => fake.close())

async function openLogin(page: Page): Promise<void> {
  await openTab(page, '我的')
  await tap(page.locator('.login-button:visible'))
  await tap(page.locator('.agree-privacy:visible'))
  await page.locator('.agree-privacy:visible[aria-checked="true"]').waitFor()
}

async function requestCode(page: Page, phone: string): Promise<void> {
  await page.locator('.phone-input:visible input').fill(phone)
  await tap(page.locator('.send-code:visible'))
}

describe('H5 login through the SMS gateway', () => {
  it('says so when the gateway fails, lets her try again at once, and logs her in with the code it delivers', async () => {
    const page = await e2e.newPage()
    await page.goto(`${e2e.baseUrl}/`)
    await openLogin(page)

    await requestCode(page, FAKE_SMS_NUMBERS.outOfCredit)
    await page.locator('.field__error:visible', { hasText: '短信发送失败，请稍后再试' }).waitFor()
    await checkPage(page, '登录（短信发送失败）')
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/sms-failed.png`, fullPage: true })
    // No countdown after a failure: the button asks again straight away.
    expect(await page.locator('.send-code:visible').innerText()).toBe('获取验证码')

    await requestCode(page, '13700137000')
    await page.locator('.kv:visible', { hasText: '验证码已发送' }).waitFor()
    const delivered = fake.messages.at(-1)
    expect(delivered?.phone).toBe('13700137000')
    await page.locator('.code-input:visible input').fill(deliveredCode(delivered))
    await tap(page.locator('.btn--main:visible', { hasText: /^登录$/ }))
    await page.locator('.headline:visible', { hasText: '居民7000' }).waitFor()
    await checkPage(page, '我的（短信登录后）')

    // 长辈模式: the gateway throttling the number reads as plainly in large type.
    await tap(page.locator('.elder-switch:visible'), '长辈模式')
    await page.locator('.page--elder .elder-switch:visible', { hasText: '已开启' }).waitFor()
    await tap(page.locator('.logout-button:visible'))
    await tap(page.locator('.login-button:visible'))
    await page.locator('.page--elder .agree-privacy:visible').waitFor()
    await tap(page.locator('.agree-privacy:visible'))
    await requestCode(page, FAKE_SMS_NUMBERS.throttled)
    await page.locator('.page--elder .field__error:visible', { hasText: '短信发送太频繁，请稍后再试' }).waitFor()
    await checkPage(page, '登录（网关限流，长辈模式）')
    // The page scrolls inside Taro's own container: bring the message into the screenshot.
    await page.locator('.field__error:visible').scrollIntoViewIfNeeded()
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/sms-throttled-elder.png` })
  }, 90_000)
})
