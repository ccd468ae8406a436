/**
 * Tables of 志愿服务 — 志愿服务证明与公开核验、星级与公示、社区数据 (issue 12 items 4, 5, 8). db/database.ts: `Database` extends this interface;
 * each member is one table this feature owns (its own migration creates them).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CertificateTables {}
