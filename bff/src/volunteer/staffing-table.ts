/**
 * Tables of 志愿服务 — 志愿者服务社区服务时段 (issue 12 item 7). db/database.ts: `Database` extends this interface;
 * each member is one table this feature owns (its own migration creates them).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface StaffingTables {}
