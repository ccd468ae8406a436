/**
 * Tables of 代办 (issue 11 item 5): who helped whom with which act, and why.
 * db/database.ts: `Database` extends this interface; each member is one table this feature owns.
 */
export interface AssistTables {}
