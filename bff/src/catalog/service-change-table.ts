/**
 * Versioned changes to a service that a 协商结果 carries (issue 11 item 7).
 * db/database.ts: `Database` extends this interface; each member is one table this feature owns.
 */
export interface ServiceChangeTables {}
