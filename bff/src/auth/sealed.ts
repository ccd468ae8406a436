import { sql } from 'kysely'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { FieldCipher } from '../platform/crypto'

/** A person's name and birth date as app_user stores them: encrypted, with a blind index of the two. */
export interface SealedPerson {
  display_name_enc: string
  birth_date_enc: string | null
  identity_hash: string | null
}

/**
 * The walk-in counter finds a resident by name and birth date within a community (auth/residents.ts).
 * Their HMAC does it without decrypting the community's residents; a name alone has none, so a
 * name alone never finds anybody.
 */
export function identityHash(cipher: FieldCipher, name: string, birthDate: string): string {
  return cipher.lookupHash(`identity:${name}\n${birthDate}`)
}

export function sealPerson(cipher: FieldCipher, person: { name: string; birthDate: string | null }): SealedPerson {
  return {
    display_name_enc: cipher.encrypt(person.name),
    birth_date_enc: person.birthDate === null ? null : cipher.encrypt(person.birthDate),
    identity_hash: person.birthDate === null ? null : identityHash(cipher, person.name, person.birthDate),
  }
}

export function openPerson(cipher: FieldCipher, row: { display_name_enc: string; birth_date_enc: string | null }) {
  return { name: cipher.decrypt(row.display_name_enc), birthDate: row.birth_date_enc === null ? null : cipher.decrypt(row.birth_date_enc) }
}

/** Rows sealed per statement at start-up: a big table is done in steps, never in one long lock. */
const SEAL_BATCH = 500

/**
 * Start-up step after the migrations (docs/decisions/019): migration 2026_12_01_1510 cannot know
 * DATA_KEY, so the app encrypts what is still plain in app_user.display_name / birth_date and
 * empties those columns. Each batch is one transaction; a crash half-way leaves sealed and plain
 * rows, each whole, and the next start finishes. Returns how many rows it sealed.
 */
export async function sealPlainPersonalFields(db: Db, cipher: FieldCipher): Promise<number> {
  let sealed = 0
  for (;;) {
    const done = await inTransaction(db, async (trx) => {
      // The plain columns are not in the table's type (nothing else may read them), hence raw SQL.
      const { rows } = await sql<{ id: string; display_name: string; birth_date: string | null }>`
        select id, display_name, birth_date::text as birth_date from app_user
        where display_name is not null order by id limit ${SEAL_BATCH} for update skip locked`.execute(trx)
      for (const row of rows) {
        const person = sealPerson(cipher, { name: row.display_name, birthDate: row.birth_date })
        await sql`update app_user set display_name_enc = ${person.display_name_enc}, birth_date_enc = ${person.birth_date_enc},
          identity_hash = ${person.identity_hash}, display_name = null, birth_date = null where id = ${row.id}`.execute(trx)
      }
      return rows.length
    })
    sealed += done
    if (done < SEAL_BATCH) return sealed
  }
}
