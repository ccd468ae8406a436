/**
 * Tables of 志愿服务 — 求助与时间银行 (issue 12 item 6). db/database.ts: `Database` extends this interface;
 * each member is one table this feature owns (its own migration creates them).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface HelpTables {}
