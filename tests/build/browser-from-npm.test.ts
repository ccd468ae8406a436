import { readFileSync } from 'node:fs'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { resolveChromium } from '../support/chromium'

const ROOT = path.join(__dirname, '../..')

// A newcomer runs `npm ci && npm test` and nothing else: the browser comes from npm, not from apt.
describe('the browser tests need nothing but npm', () => {
  test('CI installs no system package', () => {
    const ci = readFileSync(path.join(ROOT, '.ci/run'), 'utf8')
    expect(ci).not.toMatch(/apt(-get)?\s+install/)
  })

  test('without CHROMIUM_PATH the Chromium packed in @sparticuz/chromium launches and renders', async () => {
    const saved = process.env.CHROMIUM_PATH
    delete process.env.CHROMIUM_PATH
    try {
      const executablePath = await resolveChromium()
      expect(executablePath).not.toBe('/usr/bin/chromium')
      const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] })
      try {
        const page = await browser.newPage()
        await page.setContent('<button>预约</button>')
        expect(await page.getByRole('button', { name: '预约' }).isVisible()).toBe(true)
        expect(browser.version()).toMatch(/^153\./)
      } finally {
        await browser.close()
      }
    } finally {
      if (saved !== undefined) process.env.CHROMIUM_PATH = saved
    }
  })
})
