import type { HouseholdLinkSchema, HouseholdUnlinkSchema, RegistryImportResult, RegistryImportSchema, RegistryView } from '@linli/shared'
import type { z } from 'zod'
import { findResidentForAssist } from '../auth/assist-lookup'
import { peopleByIds } from '../auth/residents'
import { localMoment } from '../calendar/local-time'
import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { writeAudit } from '../platform/audit'
import { maskName } from '../booking/rules'
import { householdKey, parseOwnerRegistry } from './owner-registry'
import * as repo from './registry-repository'
import { communityOrThrow, isStaffOf } from './service'
import { formatArea } from './vote-rules'

/**
 * The owners' and households' registry (业主名册, issue 11 item 3; docs/decisions/021-vote-rules.md).
 * Staff paste the CSV the 物业 or the 不动产登记 extract gives them; an import is all or nothing (one
 * bad line imports nothing, so the electorate is never a half-read file) and replaces the
 * community's registry in one transaction. A resident links her account to her household by its
 * 户号 and the owner's name as the registry has it; she is its owner when that name is hers.
 */

/** Names compare without spaces and with full-width forms folded (「张 三」 = 「张三」). */
function nameKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '')
}

function totalsOf(households: number, owners: number, areaCentiM2: number) {
  return { households, owners, areaCentiM2, areaText: formatArea(areaCentiM2) }
}

async function staffCommunity(deps: Deps, auth: Auth, communityId: string) {
  const community = await communityOrThrow(deps.db, communityId)
  if (!isStaffOf(auth, community)) throw new AppError('FORBIDDEN', { message: '只有本社区工作人员可以管理业主名册' })
  return community
}

export async function getRegistry(deps: Deps, auth: Auth, communityId: string): Promise<RegistryView> {
  const community = await staffCommunity(deps, auth, communityId)
  const [registry, linkedResidents] = await Promise.all([repo.findRegistry(deps.db, community.id), repo.countLinks(deps.db, community.id)])
  return {
    communityId: community.id,
    totals: registry ? totalsOf(registry.households, registry.owners, Number(registry.area_centi)) : null,
    importedAt: registry ? registry.imported_at.toISOString() : null,
    importedAtLocal: registry ? localMoment(registry.imported_at, community.timezone) : null,
    linkedResidents,
  }
}

/**
 * An import:
 * 1. Staff of the community.
 * 2. The file is read (owner-registry.ts); a dry run answers the lines' errors and the totals.
 * 3. Any bad line, or no household at all, refuses the whole file (REGISTRY_LINES_INVALID, one field per line).
 * 4. Not while a household or owners' vote of the community is still open: it was counted on this registry.
 * 5. Households are matched by code: kept ones keep their residents' links, unless the owner's
 *    name changed (the new owner links again); missing ones go with their links.
 * All under a lock on the community's registry, in one transaction with the totals and the audit entry.
 */
export async function importRegistry(
  deps: Deps,
  auth: Auth,
  communityId: string,
  input: z.output<typeof RegistryImportSchema>,
  requestId: string,
): Promise<RegistryImportResult> {
  // 1.
  const community = await staffCommunity(deps, auth, communityId)
  // 2.
  const parsed = parseOwnerRegistry(input.csv)
  const totals = totalsOf(parsed.rows.length, parsed.total.owners, parsed.total.areaCentiM2)
  if (input.dryRun) return { imported: false, errors: parsed.errors, totals }
  // 3.
  if (parsed.errors.length > 0) {
    throw new AppError('REGISTRY_LINES_INVALID', { fields: parsed.errors.map((e) => ({ path: `line.${e.line}`, message: e.message })) })
  }
  if (parsed.rows.length === 0) throw new AppError('REGISTRY_LINES_INVALID', { message: '名册中没有任何一户，请在列名下方每行填写一户' })
  const rows = parsed.rows.map((row) => ({
    household_code: row.householdCode,
    household_key: householdKey(row.householdCode),
    owner_name_enc: deps.cipher.encrypt(row.ownerName),
    owner_name_hash: deps.cipher.lookupHash(nameKey(row.ownerName)),
    area_centi: row.areaCentiM2,
  }))
  await inTransaction(deps.db, async (trx) => {
    await repo.lockRegistry(trx, community.id)
    // 4.
    if (await repo.hasRunningRegistryVote(trx, community.id)) throw new AppError('REGISTRY_VOTE_RUNNING')
    // 5.
    const before = new Map((await repo.findHouseholdKeys(trx, community.id)).map((h) => [h.household_key, h]))
    const newOwner = rows.flatMap((r) => {
      const old = before.get(r.household_key)
      return old && old.owner_name_hash !== r.owner_name_hash ? [old.id] : []
    })
    await repo.deleteLinksOf(trx, newOwner)
    const removed = await repo.deleteHouseholdsNotIn(trx, community.id, rows.map((r) => r.household_key))
    await repo.upsertHouseholds(trx, community.id, rows)
    await repo.upsertRegistry(trx, {
      community_id: community.id,
      households: totals.households,
      owners: totals.owners,
      area_centi: totals.areaCentiM2,
      imported_by: auth.userId,
      imported_at: deps.now(),
    })
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: community.id,
      action: 'registry.imported',
      targetType: 'consultation_registry',
      targetId: community.id,
      detail: { households: totals.households, owners: totals.owners, areaCentiM2: totals.areaCentiM2, removed, ownerChanged: newOwner.length },
      requestId,
    })
  })
  return { imported: true, errors: [], totals }
}

/**
 * A resident links her account to her household:
 * 1. A resident of a community with a registry.
 * 2. The 户号 and the owner's name both match one registry row (the same refusal for either, so
 *    the answer does not confirm a code to someone guessing names).
 * 3. Once: a second link is refused (staff undo it, `unlinkHousehold`). A link left in the
 *    community she moved out of gives way to the new one.
 * She is the owner when the owner's name is her own registered name; otherwise a member of the
 * household, who may cast its one 户代表 ballot but not an owner's.
 */
export async function linkHousehold(deps: Deps, auth: Auth, input: z.output<typeof HouseholdLinkSchema>, requestId: string) {
  // 1.
  if (!auth.communityId) throw new AppError('FORBIDDEN', { message: '请先选择您所在的社区' })
  const communityId = auth.communityId
  // 2.
  const household = await repo.findHousehold(deps.db, communityId, householdKey(input.householdCode.normalize('NFKC')))
  if (!household || household.owner_name_hash !== deps.cipher.lookupHash(nameKey(input.ownerName))) throw new AppError('HOUSEHOLD_NOT_FOUND')
  const me = (await peopleByIds(deps.db, deps.cipher, [auth.userId])).get(auth.userId)
  const isOwner = me !== undefined && deps.cipher.lookupHash(nameKey(me.name)) === household.owner_name_hash
  await inTransaction(deps.db, async (trx) => {
    // 3.
    const left = await repo.deleteLinkOf(trx, auth.userId, communityId, 'elsewhere')
    if (!(await repo.insertLink(trx, { user_id: auth.userId, household_id: household.id, is_owner: isOwner }))) throw new AppError('HOUSEHOLD_ALREADY_LINKED')
    // The community she left sees its registry lose her in its own log.
    if (left) {
      await writeAudit(trx, {
        actorUserId: auth.userId,
        communityId: left.community_id,
        action: 'registry.unlinked',
        targetType: 'app_user',
        targetId: auth.userId,
        detail: { householdCode: left.household_code, reason: '迁出本社区，已在新社区登记房屋' },
        requestId,
      })
    }
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId,
      action: 'registry.linked',
      targetType: 'consultation_registry_household',
      targetId: household.id,
      detail: { isOwner, ...(left === undefined ? {} : { replacedHouseholdCode: left.household_code }) },
      requestId,
    })
  })
  return { householdCode: household.household_code, isOwner }
}

/**
 * Staff undo a resident's 房屋登记:
 * 1. Staff of the community.
 * 2. The resident found by name and birth date (her phone when namesakes), never registered.
 * 3. Her link to a household of this community removed, with the reason audited in the same
 *    transaction; none is HOUSEHOLD_NOT_LINKED. Ballots already cast stay as they were counted.
 */
export async function unlinkHousehold(deps: Deps, auth: Auth, communityId: string, input: z.output<typeof HouseholdUnlinkSchema>, requestId: string) {
  // 1.
  const community = await staffCommunity(deps, auth, communityId)
  const householdCode = await inTransaction(deps.db, async (trx) => {
    // 2.
    const resident = await findResidentForAssist(deps, trx, community.id, { name: input.name, birthDate: input.birthDate, phoneTail: input.phone })
    // 3.
    const code = (await repo.deleteLinkOf(trx, resident.userId, community.id))?.household_code
    if (code === undefined) throw new AppError('HOUSEHOLD_NOT_LINKED')
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: community.id,
      action: 'registry.unlinked',
      targetType: 'app_user',
      targetId: resident.userId,
      detail: { householdCode: code, reason: input.reason },
      requestId,
    })
    return code
  })
  return { name: maskName(input.name), householdCode }
}

/** Her household for a vote: its id, area and whether she is the owner; undefined when not linked in this community. */
export async function householdOf(deps: Deps, userId: string, communityId: string) {
  const link = await repo.findLinkOf(deps.db, userId)
  if (!link || link.community_id !== communityId) return undefined
  return { householdId: link.household_id, householdCode: link.household_code, areaCentiM2: Number(link.area_centi), isOwner: link.is_owner }
}

/** The registry's totals at a vote's opening, or undefined when none was imported. */
export async function registryTotals(deps: Deps, communityId: string) {
  const registry = await repo.findRegistry(deps.db, communityId)
  return registry && { households: registry.households, owners: registry.owners, areaCentiM2: Number(registry.area_centi) }
}
