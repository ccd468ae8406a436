import type { Deps } from '../deps'
import { newRouter } from '../http/route'

/** Routes of 代办 (issue 11); app.ts mounts them beside consultationRoutes. */
export function assistRoutes(_deps: Deps) {
  return newRouter()
}
