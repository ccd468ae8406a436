import type { Db } from '../db/database'
import * as repo from './repository'

/**
 * Consents other domains record for a person (a guardian's for a child's information, PIPL art. 31),
 * in the caller's transaction; the consent table stays auth's.
 */
export async function recordConsent(db: Db, userId: string, kind: string, version: string): Promise<void> {
  await repo.insertConsent(db, userId, kind, version)
}

export function withdrawConsent(db: Db, userId: string, kind: string, at: Date): Promise<void> {
  return repo.withdrawConsent(db, userId, kind, at)
}
