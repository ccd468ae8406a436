import type { Deps } from '../deps'
import { newRouter } from '../http/route'

/** Routes of service changes that a 协商结果 carries (issue 11 item 7); app.ts mounts them. */
export function serviceChangeRoutes(_deps: Deps) {
  return newRouter()
}
