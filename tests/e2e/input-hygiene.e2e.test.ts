import { createCommunity, createStreet } from '../support/factories'
import { checkPage, createPerson, openTab, signIn, tap, useBrowser } from './harness'

const e2e = useBrowser({ demo: false })
const SHOTS = process.env.LINLI_SCREENSHOT_DIR

/**
 * What the BFF refuses, the page says in the field it belongs to: a name with a character that
 * cannot be stored is refused by the server with the field named, and the resident corrects it.
 */
describe('家人 page: the server’s refusal of a name is shown under 姓名', () => {
  it('shows 「姓名含有…无法保存的字符」, then adds the corrected name', async () => {
    const street = await createStreet(e2e.deps.db, '桂花街道')
    const communityId = (await createCommunity(e2e.deps.db, { streetId: street.id, name: '桂花社区' })).id
    const resident = await createPerson(e2e, { name: '王秀兰', birthDate: '1954-03-15', communityId })
    const page = await e2e.newPage()
    await page.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, page, resident)
    await openTab(page, '我的')
    // In 长辈模式, as many who add a parent use it: the refusal must read as large as the rest.
    await tap(page.locator('.elder-switch:visible'), '长辈模式')
    await page.locator('.page--elder .elder-switch:visible', { hasText: '已开启' }).waitFor()
    await tap(page.locator('.row:visible', { hasText: '家人' }))

    // A bell character pasted with the name: nothing the page checks, refused by the BFF.
    await page.locator('.family-name:visible input').fill('张\u0007桂英')
    await page.locator('.family-birth-typed:visible input').fill('1950-01-01')
    await tap(page.locator('.add-family:visible'))
    await page.locator('.name-error:visible', { hasText: '姓名含有换行或无法保存的字符' }).waitFor()
    await checkPage(page, '家人: 姓名被拒')
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/family-name-refused-elder.png`, fullPage: true })

    await page.locator('.family-name:visible input').fill('张桂英')
    await tap(page.locator('.add-family:visible'))
    await page.locator('.family-member:visible', { hasText: '张桂英' }).waitFor()
    await checkPage(page, '家人: 已添加')
    expect(await page.locator('.name-error:visible').count()).toBe(0)
  })
})
