import * as auth from '../auth/repository'
import { householdKey } from '../consultation/owner-registry'
import * as registry from '../consultation/registry-repository'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { FieldCipher } from '../platform/crypto'

/** 桂花社区's 3号楼: 12 专有部分, with the elder persona's name on none (she links as a household member if she tries). */
const HOUSEHOLDS = [
  ['3-101', '周建国', 8950],
  ['3-102', '吴晓梅', 9000],
  ['3-201', '郑国华', 8950],
  ['3-202', '冯丽娟', 9000],
  ['3-301', '陈志强', 8950],
  ['3-302', '褚秀英', 9000],
  ['3-401', '卫东', 8950],
  ['3-402', '蒋红', 9000],
  ['3-501', '沈立新', 11820],
  ['3-502', '韩美玲', 11820],
  ['3-601', '杨伟', 13505],
  ['3-602', '朱文静', 13505],
] as const

/**
 * 业主名册 demo (issue 11 item 3): 桂花社区 (the staff persona's community) gets a registry of
 * 3号楼's 12 households, so staff can open a 户代表 or 民法典278 vote and the registry page is not
 * empty. Through the registry repository; a community that already has a registry is left alone,
 * so a second run writes nothing. Call after seedDemo.
 */
export async function seedDemoRegistry(db: Db, cipher: FieldCipher, now: Date): Promise<void> {
  const staff = await auth.findUserByPersona(db, 'staff')
  const communityId = staff?.community_id
  if (!staff || !communityId) return
  if (await registry.findRegistry(db, communityId)) return
  const rows = HOUSEHOLDS.map(([code, name, area]) => ({
    household_code: code,
    household_key: householdKey(code),
    owner_name_enc: cipher.encrypt(name),
    owner_name_hash: cipher.lookupHash(name),
    area_centi: area,
  }))
  await inTransaction(db, async (trx) => {
    await registry.lockRegistry(trx, communityId)
    await registry.upsertHouseholds(trx, communityId, rows)
    await registry.upsertRegistry(trx, {
      community_id: communityId,
      households: rows.length,
      owners: rows.length,
      area_centi: rows.reduce((sum, r) => sum + r.area_centi, 0),
      imported_by: staff.id,
      imported_at: now,
    })
  })
}
