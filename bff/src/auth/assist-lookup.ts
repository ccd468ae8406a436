import type { Db } from '../db/database'
import type { Deps } from '../deps'
import { AppError } from '../http/errors'
import { identityHash } from './sealed'

/** Namesakes read at once: more than this with the same name and birth date in one community does not happen. */
const NAMESAKES_MAX = 10

/**
 * Who a 代办 is for (issue 11 item 5), found and never registered: a resident of this community
 * with this name and birth date, the same HMAC look-up as the walk-in counter's
 * (findOrRegisterResident). Two or more and no phone tail to tell them apart: RESIDENT_AMBIGUOUS,
 * as at the counter; a tail that fits none, or nobody: ASSIST_RESIDENT_NOT_FOUND. A deleted
 * account is nobody. Never a name alone, never another community.
 */
export async function findResidentForAssist(
  deps: Deps,
  db: Db,
  communityId: string,
  who: { name: string; birthDate: string; phoneTail?: string | undefined },
): Promise<{ userId: string; communityId: string; name: string }> {
  const rows = await db
    .selectFrom('app_user')
    .select(['id', 'community_id', 'phone_enc'])
    .where('community_id', '=', communityId)
    .where('identity_hash', '=', identityHash(deps.cipher, who.name, who.birthDate))
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .limit(NAMESAKES_MAX)
    .execute()
  const tail = who.phoneTail
  const matches = tail ? rows.filter((r) => r.phone_enc !== null && deps.cipher.decrypt(r.phone_enc).endsWith(tail)) : rows
  if (matches.length > 1) throw new AppError('RESIDENT_AMBIGUOUS')
  const [match] = matches
  if (!match) throw new AppError('ASSIST_RESIDENT_NOT_FOUND')
  return { userId: match.id, communityId, name: who.name }
}
