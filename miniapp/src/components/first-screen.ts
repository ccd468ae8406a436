/**
 * What the pages whose first screen index.html draws (config/app-shell.ts) share with it: the
 * shell's element, which 首页 and 服务 remove in the frame they paint their own, and the page its
 * 选择社区 button opens. No imports: the H5 config reads this file before the app is built.
 */
export const APP_SHELL_ID = 'app-shell'
export const COMMUNITIES_PAGE = '/packages/catalog/pages/communities/index'
