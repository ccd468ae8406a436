import * as auth from '../auth/repository'
import { proposeChange, applyChange, listTopicChanges } from '../catalog/service-changes'
import { findServicesByCodes } from '../catalog/repository'
import { raiseDraft } from '../consultation/evidence'
import * as consultation from '../consultation/repository'
import type { Deps } from '../deps'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { caseQueue } from '../rating/service'

const REQUEST_ID = 'demo-seed'
/** 桂花社区's lunch, open an hour longer on weekdays: what the demo 协商结果 changed. */
const LUNCH_CODE = 'guihua-meal-lunch'
const LONGER_LUNCH = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startTime: '11:00', endTime: '13:00', capacity: 40 }))

/** Refusals that mean the demo already has this (a second seed) or lacks what it needs: skipped, not fatal. */
function skipped(err: unknown): boolean {
  return err instanceof AppError && ['EVIDENCE_ALREADY_RAISED', 'EVIDENCE_NOT_OVERDUE', 'SERVICE_NOT_BOOKABLE', 'TOPIC_NOT_ADOPTED'].includes(err.code)
}

/**
 * Issue 11 item 7 in the demo, through the feature's own functions (once; a second run adds nothing):
 * 张丽 applies a longer lunch to the first 桂花社区 topic whose result was adopted, so 老年助餐·午餐 shows
 * 「因居民协商调整」 and a version; and the first overdue 差评 case becomes a draft topic (草稿).
 */
export async function seedDemoServiceChanges(deps: Deps): Promise<void> {
  const staff = await auth.findUserByPersona(deps.db, 'staff')
  if (!staff) return
  const grants = await auth.findRoleGrants(deps.db, staff.id)
  const communityId = grants.find((g) => g.role === 'staff')?.communityId
  if (!communityId) return
  const asStaff: Auth = { userId: staff.id, sessionId: REQUEST_ID, communityId: staff.community_id, birthDate: null, grants, isVolunteer: false }

  const adopted = (
    await Promise.all((['implementing', 'resolved', 'implemented'] as const).map((state) => consultation.listTopics(deps.db, { communityId, state, limit: 1 })))
  ).flat()[0]
  const [lunch] = await findServicesByCodes(deps.db, [LUNCH_CODE])
  if (adopted && lunch && (await listTopicChanges(deps, asStaff, adopted.id)).items.length === 0) {
    try {
      const change = await proposeChange(deps, asStaff, adopted.id, { kind: 'hours', serviceId: lunch.id, rules: LONGER_LUNCH }, REQUEST_ID)
      await applyChange(deps, asStaff, change.id, REQUEST_ID)
    } catch (err) {
      if (!skipped(err)) throw err
    }
  }

  const overdue = (await caseQueue(deps, asStaff, { limit: 20 })).items.find((c) => c.overdue)
  if (overdue) {
    await raiseDraft(deps, asStaff, { kind: 'overdue_case', caseId: overdue.id }, REQUEST_ID).catch((err: unknown) => {
      if (!skipped(err)) throw err
    })
  }
}
