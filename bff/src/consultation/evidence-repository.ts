import type { Insertable } from 'kysely'
import type { Db } from '../db/database'
import type { ConsultationTopicEvidenceTable } from './evidence-table'

/** The evidence row, or undefined when the same evidence already raised a topic (its key is unique). */
export function insertEvidence(db: Db, values: Insertable<ConsultationTopicEvidenceTable>) {
  return db.insertInto('consultation_topic_evidence').values(values).onConflict((oc) => oc.column('evidence_key').doNothing()).returning('topic_id').executeTakeFirst()
}

export function findEvidence(db: Db, topicId: string) {
  return db.selectFrom('consultation_topic_evidence').selectAll().where('topic_id', '=', topicId).executeTakeFirst()
}
