import path from 'node:path'
import { buildSync } from 'esbuild'
import { require as tsxRequire } from 'tsx/cjs/api'

// Taro compiles only config/ when it loads the config: tsx compiles the src modules read here.
const { APP_SHELL_ID, COMMUNITIES_PAGE } = tsxRequire('../src/components/first-screen', __filename) as typeof import('../src/components/first-screen')
const { CHOOSE_COMMUNITY_ACTION, CHOOSE_COMMUNITY_PROMPT, WELCOME } = tsxRequire(
  '../src/pages/home/first-screen',
  __filename,
) as typeof import('../src/pages/home/first-screen')
const { NO_COMMUNITY_ACTION, NO_COMMUNITY_PROMPT, SERVICES_TITLE } = tsxRequire('../src/pages/services/first-screen', __filename) as typeof import('../src/pages/services/first-screen')
const { SERVICE_TITLE } = tsxRequire('../src/packages/catalog/pages/service/first-screen', __filename) as typeof import('../src/packages/catalog/pages/service/first-screen')
const { EARLY_REQUESTS } = tsxRequire('../src/api/early', __filename) as typeof import('../src/api/early')
const { TOKENS, themeStyle } = tsxRequire('../src/theme/tokens', __filename) as typeof import('../src/theme/tokens')
const { STORAGE_KEYS } = tsxRequire('../src/api/storage-keys', __filename) as typeof import('../src/api/storage-keys')

/**
 * The first screen of 首页 and of 服务 for a first-time visitor, drawn by index.html so it paints as
 * soon as the HTML and app.css have arrived instead of after ~150 KB of script (issue 13 item 5).
 * Both are static for her: 首页's 您好 and the prompt to choose a community, 服务's "请先选择您所在
 * 的社区". It is the page itself, not a placeholder: the navigation bar and the page's own words,
 * in app.css's classes and the theme's tokens, so the page that replaces it draws the same words at
 * the same size in the same place (Lighthouse's LCP stays the shell's paint). It covers the screen
 * while Taro builds its containers underneath, and the page removes it in the frame it paints its own.
 *
 * A service's page (the link residents share) is drawn the same way from its early answers
 * (`data-fill`; its first-screen.ts, decision 046), for everyone: the shell scrolls, as the page does.
 *
 * An inline script keeps the screen of the page being opened (`data-route`; no route is 首页) and
 * drops the shell before the first paint when there is none, or, for 首页 and 服务, when something
 * is stored: a signed-in resident (her name and community come from the API) or one who has chosen
 * a community sees another first screen. 长辈模式 gets the elder tokens, as the page will.
 * The storage keys are the app's own (api/storage-keys.ts), in Taro's localStorage wrapping ({"data": …}).
 */
const SERVICE_PAGE = '/packages/catalog/pages/service/index'
/**
 * The routes index.html draws a first screen for (decision 046): it fetches the app's script only
 * once that screen is on the screen. Their `data-route`s below; none is 首页.
 */
const FIRST_SCREEN_ROUTES: readonly string[] = ['/pages/home/index', '/pages/services/index', SERVICE_PAGE]
const FILL_GLOBAL = '__linliFillServiceScreen'
const FIRST_SCREEN_GLOBAL = '__linliFirstScreen'

/**
 * The one test both of index.html's scripts ask, defined in its head: whether a first screen is
 * drawn for a route. A service's page is drawn for everyone; 首页 and 服务 only for a first-time
 * visitor (nothing stored: no session, no community chosen). The head's script then leaves the
 * app's scripts for later (they go first everywhere else, a signed-in resident's 首页 included),
 * and the shell's script keeps that screen.
 */
export function firstScreenTestScript(): string {
  const keys = JSON.stringify([STORAGE_KEYS.token, STORAGE_KEYS.communityId])
  return (
    `<script>window.${FIRST_SCREEN_GLOBAL}=function(route){` +
    `if(${JSON.stringify(FIRST_SCREEN_ROUTES)}.indexOf(route)<0)return false;if(route===${JSON.stringify(SERVICE_PAGE)})return true;` +
    `try{return !${keys}.some(function(k){var v=JSON.parse(localStorage.getItem(k)||'null');return v&&v.data})}catch(e){return true}}</script>`
  )
}

/**
 * The service page's fill (its first-screen.ts, decision 046) as a script of its own: esbuild bundles
 * it with the few shared modules it reads (labels, eligibility words, percent; no zod, no Taro).
 */
function serviceFillScript(): string {
  if (!EARLY_REQUESTS[SERVICE_PAGE]) throw new Error(`app-shell: ${SERVICE_PAGE} draws from early answers, and EARLY_REQUESTS asks none`)
  const src = path.join(__dirname, '../src')
  const { outputFiles } = buildSync({
    stdin: {
      contents: `import { fillServiceScreen } from './packages/catalog/pages/service/first-screen'\nwindow[${JSON.stringify(FILL_GLOBAL)}] = fillServiceScreen`,
      resolveDir: src,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    minify: true,
    target: 'es2017',
    define: { 'process.env.TARO_ENV': '"h5"' },
    charset: 'utf8',
    logLevel: 'silent',
  })
  return outputFiles[0]!.text.trim()
}

export function appShellHtml(): string {
  const css = (tokens: Record<string, string>) =>
    Object.entries(tokens)
      .map(([name, value]) => `${name}:${value}`)
      .join(';')
  // Taro's own base styles (font, line height, no link underline) arrive with its script: restated.
  const style =
    `#${APP_SHELL_ID}{position:fixed;top:0;right:0;bottom:0;left:0;z-index:10000;overflow-y:auto;` +
    `background:var(--color-page);font-family:-apple-system-font,Helvetica Neue,sans-serif;line-height:1.6}` +
    `#${APP_SHELL_ID} a{text-decoration:none}` +
    `.app-shell__bar{position:sticky;top:0;z-index:1;display:flex;align-items:center;justify-content:center;min-height:var(--main-control);` +
    `background:${TOKENS.normal.colorPrimary};color:${TOKENS.normal.colorOnPrimary};font-size:var(--font-title);` +
    `line-height:var(--main-control);font-weight:600}`
  const script =
    `!function(s,elder){function stored(k){try{var v=JSON.parse(localStorage.getItem(k)||'null');return v&&v.data}catch(e){return null}}` +
    `var route=location.hash.replace(/^#/,'').split('?')[0]||'/pages/home/index',screen=null;` +
    `[].slice.call(s.querySelectorAll('[data-route]')).forEach(function(d){if(d.getAttribute('data-route')===route)screen=d;else d.parentNode.removeChild(d)});` +
    `function remove(){if(s.parentNode)s.parentNode.removeChild(s)}` +
    // The head's test (firstScreenTestScript): a service's page for everyone, 首页 and 服务 for a first-time visitor.
    `var fill=screen&&screen.hasAttribute('data-fill');` +
    `if(!screen||!window.${FIRST_SCREEN_GLOBAL}(route)){remove();return}` +
    `if(stored(${JSON.stringify(STORAGE_KEYS.elderMode)})===true)s.setAttribute('style',elder);` +
    `s.querySelector('.app-shell__bar').textContent=screen.getAttribute('data-title')||document.title;` +
    // Tapped before the app has started: the app opens on the page the link names, not on this one.
    `screen.addEventListener('click',function(e){if(e.target.closest&&e.target.closest('a'))remove()});` +
    // index.html runs the app's script once it is drawn ('drawn'; data-drawing until then).
    `if(fill){var f=window[${JSON.stringify(FILL_GLOBAL)}];s.setAttribute('data-drawing','');` +
    `var done=function(drawn){if(!drawn)remove();s.removeAttribute('data-drawing');s.dispatchEvent(new Event('drawn'))};` +
    `try{if(f)f(screen,done);else done(false)}catch(e){done(false)}}` +
    `}(document.getElementById(${JSON.stringify(APP_SHELL_ID)}),${JSON.stringify(css(themeStyle('elder')))})`
  return (
    `<style>${style}</style>` +
    `<div id="${APP_SHELL_ID}" style="${css(themeStyle('normal'))}">` +
    `<div class="app-shell__bar"></div>` +
    `<div class="page" data-route="/pages/home/index"><div class="section">` +
    `<span class="headline">${WELCOME}</span>` +
    `<div class="card"><span class="kv">${CHOOSE_COMMUNITY_PROMPT}</span>` +
    `<a class="btn btn--main" href="#${COMMUNITIES_PAGE}">${CHOOSE_COMMUNITY_ACTION}</a></div>` +
    `</div></div>` +
    `<div class="page" data-route="/pages/services/index" data-title="${SERVICES_TITLE}"><div class="state state--empty">` +
    `<span class="state__text">${NO_COMMUNITY_PROMPT}</span>` +
    `<a class="btn btn--main" href="#${COMMUNITIES_PAGE}">${NO_COMMUNITY_ACTION}</a>` +
    `</div></div>` +
    `<div data-route="${SERVICE_PAGE}" data-title="${SERVICE_TITLE}" data-fill></div>` +
    `</div>` +
    `<script>${serviceFillScript()}</script>` +
    `<script>${script}</script>`
  )
}
