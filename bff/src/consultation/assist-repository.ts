import type { Insertable } from 'kysely'
import type { Db } from '../db/database'
import { type Position, afterPosition } from '../http/cursor'
import type { ConsultationAssistTable } from './assist-table'

export function insertAssist(db: Db, values: Insertable<ConsultationAssistTable>) {
  return db.insertInto('consultation_assist').values(values).returningAll().executeTakeFirstOrThrow()
}

/** The 代办 rows of some opinions: how the topic page marks them. */
export function assistsOfOpinions(db: Db, opinionIds: readonly string[]) {
  if (opinionIds.length === 0) return Promise.resolve([])
  return db.selectFrom('consultation_assist').select(['opinion_id', 'helper_user_id', 'helper_role']).where('opinion_id', 'in', opinionIds).execute()
}

/** One community's 代办 acts in `[from, to)`, newest first, with the topic's title; served by the (community_id, created_at) index. */
export function listAssists(db: Db, filter: { communityId: string; from: Date; to: Date; after?: Position<Date>; limit: number }) {
  let q = db
    .selectFrom('consultation_assist')
    .innerJoin('consultation_topic', 'consultation_topic.id', 'consultation_assist.topic_id')
    .selectAll('consultation_assist')
    .select('consultation_topic.title as topic_title')
    .where('consultation_assist.community_id', '=', filter.communityId)
    .where('consultation_assist.created_at', '>=', filter.from)
    .where('consultation_assist.created_at', '<', filter.to)
  if (filter.after) q = q.where(afterPosition('consultation_assist.created_at', 'consultation_assist.id', filter.after, 'desc'))
  return q.orderBy('consultation_assist.created_at', 'desc').orderBy('consultation_assist.id', 'desc').limit(filter.limit).execute()
}
