import path from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { type ThemeMode, themeStyle } from '../../miniapp/src/theme/tokens'

/**
 * "See what a person sees": checks a browser test runs on every page it visits and on every
 * control it taps, so a test can no longer click a button nobody can see (issue 8: white-on-white
 * 获取验证码, greyed primary buttons at 3.1:1 that every test clicked happily).
 */

const AXE_PATH = path.resolve(__dirname, '../../node_modules/axe-core/axe.min.js')

/** WCAG 2 AA for normal-size text; the MIIT 适老化 rule asks the same of elder mode. */
export const MIN_CONTRAST = 4.5
/** Tappable size: 44×44 (WCAG 2.5.5, MIIT "other controls"); 48×48 in 长辈模式 (issue 8). */
export const MIN_TARGET: Record<ThemeMode, number> = { normal: 44, elder: 48 }
/** MIIT: body text ≥ 18 in 长辈模式; nothing a person must read may be smaller. */
export const ELDER_MIN_FONT = 18
/** How long tap lets an animation (a dialog mask fading, a page sliding in) settle before it judges. */
const TAP_SETTLE_MS = 2000
/** axe impacts that fail a page; minor and moderate ones are left to review. */
const FAILING_IMPACTS = ['serious', 'critical']

/** Everything a person can tap: Taro's H5 buttons, our button/chip classes, ARIA widgets, the H5 tab and navigation bars, fields. */
export const CONTROL_SELECTOR = [
  'button',
  'taro-button-core',
  '.btn',
  '.chip',
  '.grid__item',
  '.slot',
  '.checkbox-row',
  '[role=button]',
  '[role=tab]',
  '[role=link]',
  '[role=checkbox]',
  '[role=radio]',
  '[role=switch]',
  'a[href]',
  '.weui-tabbar__item',
  '.taro-navigation-bar-back',
  '.taro-navigation-bar-home',
  '.weui-picker__action',
  '.input',
].join(',')

interface ControlProblem {
  element: string
  problem: string
}

/** Arguments of the in-page audit; plain data because it crosses into the browser. */
interface AuditArgs {
  selector: string
  minTarget: number
  minContrast: number
  minFont: number | null
  /** Audit only the element evaluated on (tap); every visible control on the page when false. */
  only: boolean
  /** Boxes that clip with overflow: hidden but scroll their content by script. */
  scrollers: string
}

const SCRIPTED_SCROLLERS = '.weui-picker__bd'

/**
 * Runs in the page. For each visible control: the contrast of every text inside it against the
 * colour actually painted behind it (ancestors' backgrounds composited, every ancestor's opacity
 * counted), whether it looks greyed while enabled, and its size; fields that take taps on only part
 * of their box; text cut off or clipped. In 长辈模式 also every visible text's font size. Returns one line per problem, naming the element and the measured numbers.
 */
function auditInPage(element: Element, args: AuditArgs): ControlProblem[] {
  const target = args.only ? element : null
  type Rgba = [number, number, number, number]
  const problems: ControlProblem[] = []

  function parseColor(value: string): Rgba {
    const m = value.match(/rgba?\(([^)]+)\)/)
    if (!m?.[1]) return [0, 0, 0, 0]
    const parts = m[1].split(/[,\s/]+/).filter(Boolean).map(Number)
    return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1]
  }
  function over(top: Rgba, bottom: Rgba): Rgba {
    const a = top[3] + bottom[3] * (1 - top[3])
    if (a === 0) return [0, 0, 0, 0]
    const mix = (i: 0 | 1 | 2) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a
    return [mix(0), mix(1), mix(2), a]
  }
  function fade(color: Rgba, backdrop: Rgba, opacity: number): Rgba {
    return over([color[0], color[1], color[2], opacity], backdrop)
  }
  function luminance(c: Rgba): number {
    const ch = (v: number) => {
      const s = v / 255
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
    }
    return 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2])
  }
  function contrast(a: Rgba, b: Rgba): number {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
    return (hi + 0.05) / (lo + 0.05)
  }
  function chain(el: Element): Element[] {
    const list: Element[] = []
    for (let n: Element | null = el; n; n = n.parentElement) list.unshift(n)
    return list
  }
  /** Text colour and the background under it as painted: outermost ancestor first, then each group's opacity. */
  function painted(el: Element): { fg: Rgba; bg: Rgba; opacity: number } {
    const nodes = chain(el)
    const backdrops: Rgba[] = []
    let bg: Rgba = [255, 255, 255, 1]
    for (const n of nodes) {
      backdrops.push(bg)
      bg = over(parseColor(getComputedStyle(n).backgroundColor), bg)
    }
    let fg = over(parseColor(getComputedStyle(el).color), bg)
    let opacity = 1
    for (let i = nodes.length - 1; i >= 0; i--) {
      const o = Number(getComputedStyle(nodes[i] as Element).opacity)
      if (o >= 1) continue
      opacity *= o
      const backdrop = backdrops[i] as Rgba
      fg = fade(fg, backdrop, o)
      bg = fade(bg, backdrop, o)
    }
    return { fg, bg, opacity }
  }
  function visible(el: Element): boolean {
    const box = el.getBoundingClientRect()
    if (box.width === 0 || box.height === 0) return false
    return el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true })
  }
  function describe(el: Element): string {
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : ''
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 30)
    return `<${el.tagName.toLowerCase()}${cls}> 「${text}」`
  }
  function reallyDisabled(el: Element): boolean {
    for (let n: Element | null = el; n; n = n.parentElement) {
      const attr = n.getAttribute('disabled')
      if (attr !== null && attr !== 'false') return true
      if (n.getAttribute('aria-disabled') === 'true') return true
    }
    return false
  }
  /** Elements inside `root` that hold visible text of their own (the control itself when it does). */
  function textHolders(root: Element): Element[] {
    const holders = new Set<Element>()
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const parent = t.parentElement
      if (parent && (t.textContent ?? '').trim() && visible(parent)) holders.add(parent)
    }
    return [...holders]
  }

  const controls = target ? [target] : [...document.querySelectorAll(args.selector)].filter(visible)
  for (const el of controls) {
    const name = describe(el)
    if (!visible(el)) {
      problems.push({ element: name, problem: 'is not visible' })
      continue
    }
    const disabled = reallyDisabled(el)
    const box = el.getBoundingClientRect()
    if (target) {
      // What a finger on its middle would touch: the control, or something drawn over it.
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)
      if (hit && !el.contains(hit) && !hit.contains(el)) problems.push({ element: name, problem: `is covered by ${describe(hit)}` })
    }
    if (box.width < args.minTarget - 0.5 || box.height < args.minTarget - 0.5) {
      problems.push({ element: name, problem: `is ${box.width.toFixed(0)}×${box.height.toFixed(0)} px, under ${args.minTarget}×${args.minTarget}` })
    }
    const own = painted(el)
    if (!disabled && own.opacity < 0.95) problems.push({ element: name, problem: `looks greyed out while enabled (opacity ${own.opacity.toFixed(2)})` })
    const filter = getComputedStyle(el).filter
    if (!disabled && filter.includes('grayscale')) problems.push({ element: name, problem: `looks greyed out while enabled (filter ${filter})` })
    // A disabled control may be dim; its reason must be written next to it instead (checked by the page's own test).
    if (disabled) continue
    for (const holder of textHolders(el)) {
      const { fg, bg } = painted(holder)
      const ratio = contrast(fg, bg)
      if (ratio < args.minContrast) {
        problems.push({
          element: name,
          problem: `text ${describe(holder)} has contrast ${ratio.toFixed(2)}:1 (rgb(${fg.slice(0, 3).map(Math.round).join(',')}) on rgb(${bg.slice(0, 3).map(Math.round).join(',')})), under ${args.minContrast}:1`,
        })
      }
    }
  }

  // A field takes a tap anywhere on the box a person sees: in H5 the drawn box is Taro's wrapper,
  // and the real <input>/<textarea> inside must cover it up to the border.
  const wrappers = target ? [] : [...document.querySelectorAll('taro-input-core, taro-textarea-core')].filter(visible)
  for (const wrapper of wrappers) {
    const field = wrapper.querySelector('input, textarea')
    if (!field) continue
    const outer = wrapper.getBoundingClientRect()
    const inner = field.getBoundingClientRect()
    const b = getComputedStyle(wrapper)
    const gaps = [
      inner.top - outer.top - Number.parseFloat(b.borderTopWidth),
      outer.bottom - inner.bottom - Number.parseFloat(b.borderBottomWidth),
      inner.left - outer.left - Number.parseFloat(b.borderLeftWidth),
      outer.right - inner.right - Number.parseFloat(b.borderRightWidth),
    ]
    if (gaps.some((g) => g > 1)) {
      problems.push({ element: describe(wrapper), problem: `takes taps on only part of its box (gaps top/bottom/left/right ${gaps.map((g) => g.toFixed(0)).join('/')} px)` })
    }
  }

  // Text a person cannot read to the end: cut by its own box (ellipsis) or by a clipping ancestor
  // (the 长辈模式 tab bar labels once overflowed Taro's fixed 50 px bar).
  const scope = target ?? document.body
  for (const holder of textHolders(scope)) {
    const style = getComputedStyle(holder)
    if (style.overflowX !== 'visible' && holder.scrollWidth > holder.clientWidth + 1) {
      problems.push({ element: describe(holder), problem: `text is cut off (${holder.scrollWidth} px of text in a ${holder.clientWidth} px box)` })
      continue
    }
    const box = holder.getBoundingClientRect()
    for (let n = holder.parentElement; n && n !== document.body; n = n.parentElement) {
      const o = getComputedStyle(n)
      if (o.overflowX === 'visible' && o.overflowY === 'visible') continue
      // A scrolling box lets a person reach what is outside it; only hidden/clip cut text off. The
      // picker's wheel (weui-picker__bd) is hidden-overflow but scrolled by Taro's script: a scroller.
      if (['auto', 'scroll'].includes(o.overflowY) || ['auto', 'scroll'].includes(o.overflowX) || n.matches(args.scrollers)) break
      const clip = n.getBoundingClientRect()
      if (box.top < clip.top - 1 || box.bottom > clip.bottom + 1 || box.left < clip.left - 1 || box.right > clip.right + 1) {
        problems.push({ element: describe(holder), problem: `text is clipped by ${describe(n)} (text ${box.top.toFixed(0)}–${box.bottom.toFixed(0)} px, box ${clip.top.toFixed(0)}–${clip.bottom.toFixed(0)} px)` })
      }
      break
    }
  }

  if (args.minFont !== null) {
    const root = scope
    const small = new Map<Element, number>()
    for (const holder of textHolders(root)) {
      const size = Number.parseFloat(getComputedStyle(holder).fontSize)
      if (size < args.minFont) small.set(holder, size)
    }
    const fields = target ? [] : [...document.querySelectorAll('input, textarea')].filter(visible)
    for (const field of fields) {
      const size = Number.parseFloat(getComputedStyle(field).fontSize)
      if (size < args.minFont) small.set(field, size)
    }
    for (const [el, size] of small) problems.push({ element: describe(el), problem: `text is ${size} px, under ${args.minFont} px in 长辈模式` })
  }
  return problems
}

/** The mode the page shows now, from the class <Page> puts on every page root. */
async function currentMode(page: Page): Promise<ThemeMode> {
  const elder = await page.evaluate(() => document.body.classList.contains('elder-mode') || document.querySelector('.page--elder') !== null)
  return elder ? 'elder' : 'normal'
}

/**
 * Runs `work` with the page shown in `mode` the way checkPage shows its other mode (the theme the
 * app's <Page> root applies, put on the DOM), then puts the page back. Pages do not branch on the
 * mode in code (only <Page> reads it), so this is the page as 长辈模式 draws it, without the
 * reload a real switch on 我的 needs.
 */
export async function inMode<T>(page: Page, mode: ThemeMode, work: () => Promise<T>): Promise<T> {
  const restore = await showMode(page, mode)
  try {
    await settled(page)
    return await work()
  } finally {
    await restore()
  }
}

/**
 * Shows the page in `mode` without reloading it (a reload would lose the page's state), and returns
 * how to put it back. This is exactly what the real 我的 → 长辈模式 switch changes: 长辈模式 is only
 * design tokens — <Page> (components/page.tsx) renders `page page--${mode}` with `themeStyle(mode)`
 * as CSS variables on every page root and on <body> (tab bar, navigation bar, pickers), and
 * app-state toggles `elder-mode` on <body>. Nothing else in the app reads the mode (only 我的's
 * switch label), so the copy applied here is the real theme.
 */
async function showMode(page: Page, mode: ThemeMode): Promise<() => Promise<void>> {
  const saved = await page.evaluate(
    ({ mode, vars }) => {
      const roots = [...document.querySelectorAll('.page--normal, .page--elder')] as HTMLElement[]
      const before = roots.map((el) => ({ cls: el.className, style: el.getAttribute('style') }))
      const bodyElder = document.body.classList.contains('elder-mode')
      const bodyStyle = document.body.getAttribute('style')
      for (const el of roots) {
        el.classList.remove('page--normal', 'page--elder')
        el.classList.add(`page--${mode}`)
      }
      for (const el of [...roots, document.body]) for (const [k, v] of Object.entries(vars)) el.style.setProperty(k, v)
      document.body.classList.toggle('elder-mode', mode === 'elder')
      ;(window as unknown as { __linliModeRestore?: unknown }).__linliModeRestore = { roots, before, bodyElder, bodyStyle }
      return roots.length
    },
    { mode, vars: themeStyle(mode) },
  )
  if (saved === 0) throw new Error('checkPage: no <Page> root on this page (page--normal / page--elder)')
  return async () => {
    await page.evaluate(() => {
      const w = window as unknown as { __linliModeRestore?: { roots: HTMLElement[]; before: { cls: string; style: string | null }[]; bodyElder: boolean; bodyStyle: string | null } }
      const saved = w.__linliModeRestore
      if (!saved) return
      saved.roots.forEach((el, i) => {
        const b = saved.before[i]
        if (!b) return
        el.className = b.cls
        if (b.style === null) el.removeAttribute('style')
        else el.setAttribute('style', b.style)
      })
      document.body.classList.toggle('elder-mode', saved.bodyElder)
      if (saved.bodyStyle === null) document.body.removeAttribute('style')
      else document.body.setAttribute('style', saved.bodyStyle)
      w.__linliModeRestore = undefined
    })
  }
}

async function axeProblems(page: Page): Promise<ControlProblem[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH })
  const violations = await page.evaluate(async (impacts) => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string; html: string }[] }[] }> } }).axe
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations
      .filter((v) => v.impact !== null && impacts.includes(v.impact))
      .flatMap((v) => v.nodes.map((n) => ({ element: `${n.html.slice(0, 120)} (${n.target.join(' ')})`, problem: `axe ${v.id} [${v.impact}]: ${v.help}. ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200)}` })))
  }, FAILING_IMPACTS)
  return violations
}

async function pageProblems(page: Page, mode: ThemeMode): Promise<ControlProblem[]> {
  const args: AuditArgs = {
    selector: CONTROL_SELECTOR,
    minTarget: MIN_TARGET[mode],
    minContrast: MIN_CONTRAST,
    minFont: mode === 'elder' ? ELDER_MIN_FONT : null,
    only: false,
    scrollers: SCRIPTED_SCROLLERS,
  }
  const own = await page.locator('body').evaluate(auditInPage, args)
  return [...own, ...(await axeProblems(page))]
}

function report(label: string, mode: ThemeMode, problems: ControlProblem[]): string {
  return `${label} (${mode === 'elder' ? '长辈模式' : '普通模式'}): ${problems.length} problem(s)\n${problems.map((p) => `  - ${p.element} ${p.problem}`).join('\n')}`
}

/**
 * checkPage's audit of a screen drawn before the app has started (index.html's first screen, scripts
 * held back): in the one mode it shows, since only the app can switch it.
 */
export async function checkFirstScreen(page: Page, label: string, mode: ThemeMode): Promise<void> {
  await settled(page)
  const problems = await pageProblems(page, mode)
  if (problems.length) throw new Error(report(label, mode, problems))
}

/**
 * Checks the current page as a person sees it, in normal AND 长辈模式: axe-core serious/critical
 * violations = 0; every visible control readable (contrast ≥ 4.5:1 over what is painted behind it),
 * not greyed while enabled, ≥ 44×44 (≥ 48×48 in 长辈模式); fields that take a tap anywhere on their
 * box; no text cut off; in 长辈模式 no visible text under 18 px.
 * The other mode is shown by applying its theme to the DOM (see `showMode`) and put back after.
 * Throws one message naming the page, the mode, every element and the numbers measured.
 */
/**
 * Waits until no finite CSS transition or animation is running (a page sliding in, a dialog fading);
 * endless ones (a loading spinner) never end, so they do not count.
 */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY),
    undefined,
    { timeout: 5000 },
  )
}

const QUIET_MS = 50
const requestsOf = new WeakMap<Page, { inFlight: number; lastChange: number }>()

/**
 * Counts a page's requests in flight (the harness calls it on every page it opens), so checkPage
 * waits for the page's own data (QUIET_MS without a request, then two frames with none started)
 * rather than Playwright's `networkidle` (500 ms, on every check of every page: minutes of a test run).
 */
export function trackRequests(page: Page): Page {
  const state = { inFlight: 0, lastChange: Date.now() }
  requestsOf.set(page, state)
  page.on('request', () => {
    state.inFlight++
    state.lastChange = Date.now()
  })
  const done = () => {
    state.inFlight = Math.max(0, state.inFlight - 1)
    state.lastChange = Date.now()
  }
  page.on('requestfinished', done)
  page.on('requestfailed', done)
  return page
}

async function dataLoaded(page: Page): Promise<void> {
  const state = requestsOf.get(page)
  if (!state) {
    await page.waitForLoadState('networkidle').catch(() => undefined)
    return
  }
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (state.inFlight === 0 && Date.now() - state.lastChange >= QUIET_MS) {
      // Quiet: let the page render what arrived and run the effects that render schedules (where a
      // request that needs the first one's answer starts), then look again.
      const mark = state.lastChange
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0)))))
      if (state.inFlight === 0 && state.lastChange === mark) return
    } else await page.waitForTimeout(10)
  }
}

export async function checkPage(page: Page, label: string): Promise<void> {
  // Let the page settle (data loaded, transitions over) so what is measured is what stays on screen.
  await dataLoaded(page)
  await settled(page)
  const mode = await currentMode(page)
  const other: ThemeMode = mode === 'elder' ? 'normal' : 'elder'
  const failures: string[] = []
  const here = await pageProblems(page, mode)
  if (here.length) failures.push(report(label, mode, here))
  const restore = await showMode(page, other)
  try {
    await settled(page)
    const there = await pageProblems(page, other)
    if (there.length) failures.push(report(label, other, there))
  } finally {
    await restore()
  }
  if (failures.length) throw new Error(`checkPage: ${failures.join('\n')}`)
}

/**
 * Taps a control the way a person can: waits for it, asserts it is visible and not covered, not
 * greyed while enabled, readable (≥ 4.5:1) and big enough in the current mode, then clicks it.
 */
export async function tap(locator: Locator, label = String(locator)): Promise<void> {
  // The element found can be an instance the router is removing (an old page under a tab switch):
  // a person's finger lands on the one that stays, so a detached element means "look again".
  for (let attempt = 1; ; attempt++) {
    try {
      return await tapOnce(locator, label)
    } catch (error) {
      if (attempt >= 3 || !/not attached|detached/i.test(String(error))) throw error
    }
  }
}

async function tapOnce(locator: Locator, label: string): Promise<void> {
  await locator.first().waitFor({ state: 'visible' })
  // While the H5 router slides a page in over another instance of the same page, both are visible
  // for a moment: a person taps the one that stays, so tap waits for it to be the only one.
  const shown = locator.filter({ visible: true })
  const until = Date.now() + 15_000
  while ((await shown.count()) > 1 && Date.now() < until) await locator.page().waitForTimeout(100)
  await locator.scrollIntoViewIfNeeded()
  const mode = await currentMode(locator.page())
  const args: AuditArgs = { selector: CONTROL_SELECTOR, minTarget: MIN_TARGET[mode], minContrast: MIN_CONTRAST, minFont: mode === 'elder' ? ELDER_MIN_FONT : null, only: true, scrollers: SCRIPTED_SCROLLERS }
  // A person waits for a fading dialog mask or a sliding page to settle before tapping: so does tap,
  // for a moment, and then names what is still wrong.
  const settleBy = Date.now() + TAP_SETTLE_MS
  let problems = await locator.evaluate(auditInPage, args)
  while (problems.length && Date.now() < settleBy) {
    await locator.page().waitForTimeout(100)
    problems = await locator.evaluate(auditInPage, args)
  }
  if (problems.length) throw new Error(`tap: ${report(label, mode, problems)}`)
  await locator.click()
}
