/**
 * What 首页 shows a first-time visitor before any API answers: the page renders it, and the H5
 * build draws the same words in index.html (config/app-shell.ts) so they paint before any script.
 */
export const WELCOME = '您好，欢迎使用邻里'
export const CHOOSE_COMMUNITY_PROMPT = '先选择您所在的社区，就能看到社区提供的服务。'
export const CHOOSE_COMMUNITY_ACTION = '选择我的社区'
