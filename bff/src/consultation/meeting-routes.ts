import type { Deps } from '../deps'
import { newRouter } from '../http/route'

/** Routes of 议事会 (issue 11); app.ts mounts them beside consultationRoutes. */
export function meetingRoutes(_deps: Deps) {
  return newRouter()
}
