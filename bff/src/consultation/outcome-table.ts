/**
 * Tables of 协商结果 (issue 11 item 6): the result and its 公示, objections, implementation updates, followers, 评议.
 * db/database.ts: `Database` extends this interface; each member is one table this feature owns.
 */
export interface OutcomeTables {}
