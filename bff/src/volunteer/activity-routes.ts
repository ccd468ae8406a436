import type { Deps } from '../deps'
import { newRouter } from '../http/route'

/** Routes of 志愿服务 — 活动与班次、报名与候补 (issue 12 item 2); app.ts mounts them. */
export function activityRoutes(deps: Deps) {
  void deps
  return newRouter()
}
