/**
 * What 服务 shows a visitor who has not chosen a community: the page renders it, and the H5 build
 * draws the same words in index.html (config/app-shell.ts) so they paint before any script.
 */
/** The page's navigation bar title (index.config.ts, which Taro reads on its own). */
export const SERVICES_TITLE = '社区服务清单'
export const NO_COMMUNITY_PROMPT = '请先选择您所在的社区'
export const NO_COMMUNITY_ACTION = '选择社区'
