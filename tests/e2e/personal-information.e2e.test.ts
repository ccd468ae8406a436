import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { createCommunity, createStreet } from '../support/factories'
import { checkPage, createPerson, openTab, shownDialog, signIn, tap, useBrowser } from './harness'

const e2e = useBrowser({ demo: false })
const SHOTS = process.env.LINLI_SHOTS_DIR

async function shoot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/personal-${name}.png`, fullPage: true })
}

async function community(name: string) {
  const street = await createStreet(e2e.deps.db, '桂花街道')
  return (await createCommunity(e2e.deps.db, { streetId: street.id, name })).id
}

/** A resident of `communityId` signed in by SMS code on a browser of her own, on 我的 → 个人信息. */
async function onPersonalPage(name: string, communityId: string) {
  const person = await createPerson(e2e, { name, birthDate: '1952-03-08', communityId })
  const page = await e2e.newPage()
  await page.goto(`${e2e.baseUrl}/`)
  await signIn(e2e, page, person)
  await tap(page.locator('.personal-link:visible'))
  await page.locator('.export-data:visible').waitFor()
  return { page, person }
}

describe('个人信息 in the H5 app', () => {
  it('下载我的数据 saves one JSON file with everything about her, her phone in full', async () => {
    const { page, person } = await onPersonalPage('王秀兰', await community('桂花社区'))
    await checkPage(page, '个人信息')
    await shoot(page, 'page')

    const [download] = await Promise.all([page.waitForEvent('download'), tap(page.locator('.export-data:visible'))])
    expect(download.suggestedFilename()).toMatch(/^linli-my-data-\d{4}-\d{2}-\d{2}\.json$/)
    const data = JSON.parse(await readFile(await download.path(), 'utf8'))
    expect(data.profile).toMatchObject({ id: person.id, displayName: '王秀兰', phone: person.phone, birthDate: '1952-03-08', community: { name: '桂花社区' } })
    expect(data.sessions).toEqual([expect.objectContaining({ channel: 'sms', current: true })])
    expect(await page.locator('.export-result:visible').innerText()).toContain('0 条预约')
    await checkPage(page, '个人信息（已下载）')

    await openTab(page, '我的')
    await tap(page.locator('.elder-switch:visible'))
    await page.locator('.elder-switch[aria-pressed=true]:visible').waitFor()
    await tap(page.locator('.personal-link:visible'))
    await page.locator('.export-data:visible').waitFor()
    await checkPage(page, '个人信息（长辈模式）')
    await shoot(page, 'page-elder')
  })

  it('注销账号 says what happens first, then signs her out and leaves a row that names nobody', async () => {
    const { page, person } = await onPersonalPage('周阿姨', await community('荷塘社区'))
    await tap(page.locator('.delete-account:visible'))
    const dialog = await shownDialog(page)
    expect(await dialog.innerText()).toContain('未开始的预约将被取消，座位让给候补的居民')
    expect(await dialog.innerText()).toContain('所有设备立即退出登录')
    await checkPage(page, '注销账号（确认）')
    await shoot(page, 'delete-modal')
    await tap(page.locator('.taro-model__confirm:visible'))

    await page.locator('.login-button:visible').waitFor()
    await checkPage(page, '我的（已注销）')
    const row = await e2e.deps.db.selectFrom('app_user').select(['display_name_enc', 'phone_hash', 'deleted_at']).where('id', '=', person.id).executeTakeFirstOrThrow()
    expect([e2e.deps.cipher.decrypt(row.display_name_enc), row.phone_hash]).toEqual(['已注销用户', null])
    expect(row.deleted_at).not.toBeNull()
  })

  it('a move waits for the new community’s staff: she sees it pending, they confirm it, then she is theirs', async () => {
    const from = await community('杏花社区')
    const into = await community('梨花社区')
    const resident = await createPerson(e2e, { name: '吴奶奶', birthDate: '1948-09-09', communityId: from })
    const staff = await createPerson(e2e, { name: '孙强', birthDate: '1985-01-01', communityId: into, grant: { role: 'staff', communityId: into } })

    const hers = await e2e.newPage()
    await hers.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, hers, resident)
    await tap(hers.locator('.btn:visible', { hasText: '切换社区' }))
    await tap(hers.locator('.community-option:visible', { hasText: '梨花社区' }))
    const pending = hers.locator('.pending-move:visible')
    await pending.waitFor()
    expect(await pending.innerText()).toContain('迁往梨花社区：等待该社区工作人员确认，确认前仍按杏花社区享受服务')
    expect(await hers.locator('.row:visible', { hasText: '我的社区' }).innerText()).toContain('杏花社区')
    await checkPage(hers, '我的（迁入待确认）')
    await shoot(hers, 'pending')

    const theirs = await e2e.newPage()
    await theirs.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, theirs, staff)
    await tap(theirs.locator('.moves-link:visible'))
    const card = theirs.locator('.move-card:visible')
    await card.waitFor()
    expect(await card.innerText()).toContain('吴*奶')
    expect(await card.innerText()).toContain('从：杏花社区')
    await checkPage(theirs, '待确认的迁入')
    await shoot(theirs, 'moves')
    await tap(card.locator('.confirm-move'))
    expect(await (await shownDialog(theirs)).innerText()).toContain('将成为本社区居民')
    await tap(theirs.locator('.taro-model__confirm:visible'))
    await theirs.locator('.move-result:visible', { hasText: '吴*奶：已确认迁入本社区' }).waitFor()
    await theirs.locator('.state--empty:visible', { hasText: '没有待确认的迁入申请' }).waitFor()
    await checkPage(theirs, '待确认的迁入（已处理）')

    await hers.reload()
    await openTab(hers, '我的')
    await hers.locator('.row:visible', { hasText: '我的社区：梨花社区' }).waitFor()
    expect(await hers.locator('.pending-move:visible').count()).toBe(0)
  })
})
