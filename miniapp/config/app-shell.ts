import { require as tsxRequire } from 'tsx/cjs/api'

// Taro compiles only config/ when it loads the config: tsx compiles the src modules read here.
const { APP_SHELL_ID, COMMUNITIES_PAGE } = tsxRequire('../src/components/first-screen', __filename) as typeof import('../src/components/first-screen')
const { CHOOSE_COMMUNITY_ACTION, CHOOSE_COMMUNITY_PROMPT, WELCOME } = tsxRequire(
  '../src/pages/home/first-screen',
  __filename,
) as typeof import('../src/pages/home/first-screen')
const { NO_COMMUNITY_ACTION, NO_COMMUNITY_PROMPT, SERVICES_TITLE } = tsxRequire('../src/pages/services/first-screen', __filename) as typeof import('../src/pages/services/first-screen')
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
 * An inline script keeps the screen of the page being opened (`data-route`; no route is 首页) and
 * drops the shell before the first paint when there is none, or when something is stored: a
 * signed-in resident (her name and community come from the API) or one who has chosen a community
 * sees another first screen. 长辈模式 gets the elder tokens, as the page will.
 * The storage keys are the app's own (api/storage-keys.ts), in Taro's localStorage wrapping ({"data": …}).
 */
export function appShellHtml(): string {
  const css = (tokens: Record<string, string>) =>
    Object.entries(tokens)
      .map(([name, value]) => `${name}:${value}`)
      .join(';')
  // Taro's own base styles (font, line height, no link underline) arrive with its script: restated.
  const style =
    `#${APP_SHELL_ID}{position:fixed;top:0;right:0;bottom:0;left:0;z-index:10000;overflow:hidden;` +
    `background:var(--color-page);font-family:-apple-system-font,Helvetica Neue,sans-serif;line-height:1.6}` +
    `#${APP_SHELL_ID} a{text-decoration:none}` +
    `.app-shell__bar{display:flex;align-items:center;justify-content:center;min-height:var(--main-control);` +
    `background:${TOKENS.normal.colorPrimary};color:${TOKENS.normal.colorOnPrimary};font-size:var(--font-title);` +
    `line-height:var(--main-control);font-weight:600}`
  const script =
    `!function(s,elder){function stored(k){try{var v=JSON.parse(localStorage.getItem(k)||'null');return v&&v.data}catch(e){return null}}` +
    `var route=location.hash.replace(/^#/,'').split('?')[0]||'/pages/home/index',screen=null;` +
    `[].slice.call(s.querySelectorAll('[data-route]')).forEach(function(d){if(d.getAttribute('data-route')===route)screen=d;else d.parentNode.removeChild(d)});` +
    `if(!screen||stored(${JSON.stringify(STORAGE_KEYS.token)})||stored(${JSON.stringify(STORAGE_KEYS.communityId)})){s.parentNode.removeChild(s);return}` +
    `if(stored(${JSON.stringify(STORAGE_KEYS.elderMode)})===true)s.setAttribute('style',elder);` +
    `s.querySelector('.app-shell__bar').textContent=screen.getAttribute('data-title')||document.title;` +
    // Tapped before the app has started: the app opens on the communities page, not on this one.
    `screen.querySelector('a').addEventListener('click',function(){s.parentNode.removeChild(s)})` +
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
    `</div>` +
    `<script>${script}</script>`
  )
}
