import type { Deps } from '../deps'
import { newRouter } from '../http/route'

/** Routes of 志愿服务 — 求助与时间银行 (issue 12 item 6); app.ts mounts them. */
export function helpRoutes(deps: Deps) {
  void deps
  return newRouter()
}
