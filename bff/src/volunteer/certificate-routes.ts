import type { Deps } from '../deps'
import { newRouter } from '../http/route'

/** Routes of 志愿服务 — 志愿服务证明与公开核验、星级与公示、社区数据 (issue 12 items 4, 5, 8); app.ts mounts them. */
export function certificateRoutes(deps: Deps) {
  void deps
  return newRouter()
}
