import type { Deps } from '../deps'
import { newRouter } from '../http/route'

/** Routes of 协商结果、公示、异议、落实与评议 (issue 11); app.ts mounts them beside consultationRoutes. */
export function outcomeRoutes(_deps: Deps) {
  return newRouter()
}
