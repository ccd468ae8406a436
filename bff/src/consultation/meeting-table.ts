/**
 * Tables of 议事会 meetings (issue 11 item 4): meetings, participant tags, registrations through seats/, tallies, minutes.
 * db/database.ts: `Database` extends this interface; each member is one table this feature owns.
 */
export interface MeetingTables {}
