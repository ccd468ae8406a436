import { require as tsxRequire } from 'tsx/cjs/api'

// Taro compiles only config/ when it loads the config: tsx compiles the src modules read here.
const { EARLY_GLOBAL, EARLY_REQUESTS, EARLY_TIMEOUT_MS } = tsxRequire('../src/api/early', __filename) as typeof import('../src/api/early')
const { STORAGE_KEYS } = tsxRequire('../src/api/storage-keys', __filename) as typeof import('../src/api/storage-keys')

/**
 * index.html's first script (src/api/early.ts says why): for the route in the address, each of its
 * early GETs is sent at once, with the stored session as `call` sends it, and its answer kept as
 * `{statusCode, data}` under `EARLY_GLOBAL[url]`. A parameter that is missing or not an id's shape
 * sends nothing (the page asks, and shows its own error). It never throws into the page: a failed
 * request keeps null, and the page asks again.
 */
export function earlyRequestsScript(apiBase: string): string {
  return (
    `<script>!function(table,base){try{` +
    `var m=/^#([^?]*)(?:\\?(.*))?$/.exec(location.hash),paths=m&&table[m[1]];if(!paths)return;` +
    `var q={};(m[2]||'').split('&').forEach(function(p){var i=p.indexOf('=');if(i>0)q[p.slice(0,i)]=decodeURIComponent(p.slice(i+1))});` +
    `var token=null;try{var t=JSON.parse(localStorage.getItem(${JSON.stringify(STORAGE_KEYS.token)})||'null');token=t&&t.data||null}catch(e){}` +
    `var auth=token?'Bearer '+token:null,kept=window[${JSON.stringify(EARLY_GLOBAL)}]={};` +
    `paths.forEach(function(path){var ok=true;` +
    `var url=base+'/api/v1'+path.replace(/\\{(\\w+)\\}/g,function(_,k){var v=q[k]||'';if(!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v))ok=false;return v});` +
    `if(!ok)return;var headers={'content-type':'application/json'};if(auth)headers.authorization=auth;` +
    // Given up after EARLY_TIMEOUT_MS, as the page's own request would be: the page then asks itself.
    `var ctl=window.AbortController?new AbortController():null;if(ctl)setTimeout(function(){ctl.abort()},${EARLY_TIMEOUT_MS});` +
    `kept[url]={path:path,authorization:auth,at:Date.now(),answer:fetch(url,{headers:headers,signal:ctl?ctl.signal:undefined}).then(function(r){` +
    `return r.text().then(function(text){var data=null;try{data=text?JSON.parse(text):null}catch(e){}return{statusCode:r.status,data:data}})` +
    `}).catch(function(){return null})}})` +
    `}catch(e){}}(${JSON.stringify(EARLY_REQUESTS)},${JSON.stringify(apiBase)})</script>`
  )
}
