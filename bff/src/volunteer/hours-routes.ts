import type { Deps } from '../deps'
import { newRouter } from '../http/route'

/** Routes of 志愿服务 — 签到签退、时长确认与更正、服务记录 (issue 12 items 3, 4); app.ts mounts them. */
export function hoursRoutes(deps: Deps) {
  void deps
  return newRouter()
}
