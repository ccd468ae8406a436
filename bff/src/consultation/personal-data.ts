import type { ConsultationPersonalData } from '@linli/shared'
import { localMoment } from '../calendar/local-time'
import type { Db } from '../db/database'
import { communitiesByIds } from '../region/service'
import { findRegistrationsOfUser } from './meeting-repository'

/**
 * Her part of 社区协商 in 下载我的数据 (decision 019): the topics she proposed, her supports and
 * opinions, the votes she took part in, her 议事会 registrations, her 异议 (with the public answer:
 * it is an answer to her) and her 评议 — her own rows, found by her id. A ballot says THAT she voted (and whether someone helped her, 代办), never what: the
 * choice is kept nowhere beside a voter, and this reads no option.
 */
export type { ConsultationPersonalData }

function proposed(db: Db, userId: string) {
  return db.selectFrom('consultation_topic').select(['id', 'community_id', 'title', 'state', 'created_at']).where('proposer_user_id', '=', userId).orderBy('created_at').orderBy('id').execute()
}

function supported(db: Db, userId: string) {
  return db
    .selectFrom('consultation_support')
    .innerJoin('consultation_topic', 'consultation_topic.id', 'consultation_support.topic_id')
    .select(['consultation_topic.id', 'consultation_topic.community_id', 'consultation_topic.title', 'consultation_support.created_at'])
    .where('consultation_support.user_id', '=', userId)
    .orderBy('consultation_support.created_at')
    .execute()
}

function opinionsOf(db: Db, userId: string) {
  return db
    .selectFrom('consultation_opinion')
    .innerJoin('consultation_topic', 'consultation_topic.id', 'consultation_opinion.topic_id')
    .select([
      'consultation_opinion.id',
      'consultation_opinion.topic_id',
      'consultation_topic.community_id',
      'consultation_topic.title',
      'consultation_opinion.parent_id',
      'consultation_opinion.stance',
      'consultation_opinion.body',
      'consultation_opinion.status',
      'consultation_opinion.created_at',
    ])
    .where('consultation_opinion.author_user_id', '=', userId)
    .orderBy('consultation_opinion.created_at')
    .orderBy('consultation_opinion.id')
    .execute()
}

/** Her ballots' votes: the ballot row holds no choice, and no option table is joined. */
function ballotsOf(db: Db, userId: string) {
  return db
    .selectFrom('consultation_ballot')
    .innerJoin('consultation_vote', 'consultation_vote.id', 'consultation_ballot.vote_id')
    .innerJoin('consultation_topic', 'consultation_topic.id', 'consultation_vote.topic_id')
    .select(['consultation_vote.id', 'consultation_vote.topic_id', 'consultation_topic.title', 'consultation_ballot.assisted_by'])
    .where('consultation_ballot.user_id', '=', userId)
    .orderBy('consultation_vote.opens_at')
    .execute()
}

function objectionsOf(db: Db, userId: string) {
  return db
    .selectFrom('consultation_objection')
    .innerJoin('consultation_topic', 'consultation_topic.id', 'consultation_objection.topic_id')
    .select(['consultation_objection.id', 'consultation_objection.topic_id', 'consultation_topic.community_id', 'consultation_topic.title', 'consultation_objection.body', 'consultation_objection.answer', 'consultation_objection.created_at'])
    .where('consultation_objection.author_user_id', '=', userId)
    .orderBy('consultation_objection.created_at')
    .execute()
}

function ratingsOf(db: Db, userId: string) {
  return db
    .selectFrom('consultation_outcome_rating')
    .innerJoin('consultation_topic', 'consultation_topic.id', 'consultation_outcome_rating.topic_id')
    .select(['consultation_outcome_rating.topic_id', 'consultation_topic.community_id', 'consultation_topic.title', 'consultation_outcome_rating.level', 'consultation_outcome_rating.comment', 'consultation_outcome_rating.created_at'])
    .where('consultation_outcome_rating.user_id', '=', userId)
    .orderBy('consultation_outcome_rating.created_at')
    .execute()
}

export async function consultationRecordOf(db: Db, userId: string): Promise<ConsultationPersonalData> {
  const [topics, supports, opinions, ballots, registrations, objections, ratings] = await Promise.all([
    proposed(db, userId),
    supported(db, userId),
    opinionsOf(db, userId),
    ballotsOf(db, userId),
    findRegistrationsOfUser(db, userId),
    objectionsOf(db, userId),
    ratingsOf(db, userId),
  ])
  const communities = await communitiesByIds(db, [...topics, ...supports, ...opinions, ...registrations, ...objections, ...ratings].map((r) => r.community_id))
  const local = (at: Date, communityId: string) => localMoment(at, communities.get(communityId)?.timezone ?? 'Asia/Shanghai')
  return {
    topicsProposed: topics.map((t) => ({ topicId: t.id, title: t.title, state: t.state, createdAt: t.created_at.toISOString(), createdAtLocal: local(t.created_at, t.community_id) })),
    supports: supports.map((s) => ({ topicId: s.id, title: s.title, supportedAt: s.created_at.toISOString(), supportedAtLocal: local(s.created_at, s.community_id) })),
    opinions: opinions.map((o) => ({
      id: o.id,
      topicId: o.topic_id,
      topicTitle: o.title,
      stance: o.stance,
      body: o.body,
      status: o.status,
      isReply: o.parent_id !== null,
      createdAt: o.created_at.toISOString(),
      createdAtLocal: local(o.created_at, o.community_id),
    })),
    votes: ballots.map((b) => ({ voteId: b.id, topicId: b.topic_id, topicTitle: b.title, voted: true, assisted: b.assisted_by !== null })),
    meetingRegistrations: registrations.map((r) => ({
      meetingId: r.meeting_id,
      topicId: r.topic_id,
      title: r.title,
      place: r.place,
      startsAt: r.starts_at.toISOString(),
      startsAtLocal: local(r.starts_at, r.community_id),
      meetingCancelled: r.meeting_status === 'cancelled',
      status: r.status,
      channel: r.channel,
      checkedIn: r.checked_in_at !== null,
      registeredAt: r.created_at.toISOString(),
    })),
    objections: objections.map((o) => ({ id: o.id, topicId: o.topic_id, topicTitle: o.title, body: o.body, answer: o.answer, createdAt: o.created_at.toISOString(), createdAtLocal: local(o.created_at, o.community_id) })),
    outcomeRatings: ratings.map((r) => ({ topicId: r.topic_id, topicTitle: r.title, level: r.level, comment: r.comment, createdAt: r.created_at.toISOString(), createdAtLocal: local(r.created_at, r.community_id) })),
  }
}
