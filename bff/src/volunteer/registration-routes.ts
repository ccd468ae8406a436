import type { Deps } from '../deps'
import { newRouter } from '../http/route'

/** Routes of 志愿服务 — 实名注册、志愿服务队 (issue 12 item 1); app.ts mounts them. */
export function registrationRoutes(deps: Deps) {
  void deps
  return newRouter()
}
