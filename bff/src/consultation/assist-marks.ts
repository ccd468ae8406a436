import type { AssistMark } from '@linli/shared'
import { peopleByIds } from '../auth/residents'
import { maskName } from '../booking/rules'
import type { Deps } from '../deps'
import * as repo from './assist-repository'

/** Which of these opinions were given by 代办, and by whom (masked): the topic page's 「代办：网格员 张*」. */
export async function assistMarks(deps: Deps, opinionIds: readonly string[]): Promise<Map<string, NonNullable<AssistMark>>> {
  const rows = await repo.assistsOfOpinions(deps.db, opinionIds)
  if (rows.length === 0) return new Map()
  const helpers = await peopleByIds(deps.db, deps.cipher, rows.map((r) => r.helper_user_id))
  return new Map(rows.flatMap((r) => (r.opinion_id ? [[r.opinion_id, { helperRole: r.helper_role, helperName: maskName(helpers.get(r.helper_user_id)?.name ?? '') }]] : [])))
}
