/**
 * Tables of 上报街道 (issue 11 item 8) and what staff and street views keep (item 9).
 * db/database.ts: `Database` extends this interface; each member is one table this feature owns.
 */
export interface OversightTables {}
