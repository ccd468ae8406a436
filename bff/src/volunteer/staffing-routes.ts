import type { Deps } from '../deps'
import { newRouter } from '../http/route'

/** Routes of 志愿服务 — 志愿者服务社区服务时段 (issue 12 item 7); app.ts mounts them. */
export function staffingRoutes(deps: Deps) {
  void deps
  return newRouter()
}
