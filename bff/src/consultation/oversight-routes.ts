import type { Deps } from '../deps'
import { newRouter } from '../http/route'

/** Routes of 上报街道与工作人员、街道的议题看板和统计 (issue 11); app.ts mounts them beside consultationRoutes. */
export function oversightRoutes(_deps: Deps) {
  return newRouter()
}
