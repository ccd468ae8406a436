import type { Db } from '../db/database'

/**
 * Who a support, an opinion or a ballot is recorded for. Usually the signed-in resident herself
 * (`{ userId: auth.userId, communityId: auth.communityId }`); with 代办 (issue 11 item 5) the
 * resident a staff member, 网格员 or family member looked up, every eligibility check applying to
 * her, not to the helper.
 */
export interface Participant {
  userId: string
  communityId: string | null
}

/**
 * 代办: the act was done for the participant by someone else, who gave a reason. The act's own
 * transaction calls `record` once the act is stored (and only then), so the 代办 row and the act
 * commit or fail together; a refused act leaves no 代办 row.
 */
export interface AssistedAct {
  helperUserId: string
  reason: string
  record: (trx: Db, act: { kind: 'support' | 'opinion' | 'ballot'; topicId: string; opinionId?: string }) => Promise<void>
}
