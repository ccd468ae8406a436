import type { Survey, SurveyList, SurveyQuestion } from '@linli/shared'
import type { z } from 'zod'
import type { SurveyInputSchema } from '@linli/shared'
import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import type { Auth } from '../http/env'
import { afterPosition, decodeCursor, pageFrom } from '../http/cursor'
import { AppError } from '../http/errors'
import { writeAudit } from '../platform/audit'
import { canManageCommunity } from '../region/access'
import type { Db } from '../db/database'
import { communitiesByIds, findCommunityById } from '../region/service'
import * as repo from './repository'
import { localDate } from '../calendar/local-time'

/** Surveys with their community's zone (open or not is a local date), asked of region once for the list. */
async function withZones(db: Db, rows: repo.SurveyRow[]) {
  const communities = await communitiesByIds(db, rows.map((r) => r.community_id))
  return rows.flatMap((row) => {
    const community = communities.get(row.community_id)
    return community ? [{ ...row, timezone: community.timezone }] : []
  })
}

function toSurvey(row: repo.SurveyRow & { timezone: string }, now: Date, answered: boolean): Survey {
  const today = localDate(now, row.timezone)
  return {
    id: row.id,
    communityId: row.community_id,
    title: row.title,
    description: row.description,
    questions: row.questions,
    opensOn: row.opens_on,
    closesOn: row.closes_on,
    open: row.opens_on <= today && today <= row.closes_on,
    answered,
    responses: Number(row.responses ?? 0),
  }
}

/** Staff publish a satisfaction survey (满意度调查) for their community. */
export async function createSurvey(deps: Deps, auth: Auth, input: z.output<typeof SurveyInputSchema>, requestId: string): Promise<Survey> {
  const community = await findCommunityById(deps.db, input.communityId)
  if (!community) throw new AppError('COMMUNITY_NOT_FOUND')
  if (!canManageCommunity(auth, { id: community.id, streetId: community.streetId })) throw new AppError('FORBIDDEN')
  const id = await inTransaction(deps.db, async (trx) => {
    const id = await repo.insertSurvey(trx, {
        community_id: community.id,
        title: input.title,
        description: input.description,
        questions: JSON.stringify(input.questions),
        opens_on: input.opensOn,
        closes_on: input.closesOn,
        created_by: auth.userId,
      })
    await writeAudit(trx, { actorUserId: auth.userId, communityId: community.id, action: 'survey.published', targetType: 'survey', targetId: id, requestId })
    return id
  })
  return toSurvey({ ...(await repo.surveyQuery(deps.db).where('survey.id', '=', id).executeTakeFirstOrThrow()), timezone: community.timezone }, deps.now(), false)
}

/** A community's surveys, the latest opening first (then id), a page at a time. */
export async function listSurveys(deps: Deps, auth: Auth | null, communityId: string, query: { cursor?: string; limit: number }): Promise<SurveyList> {
  let q = repo.surveyQuery(deps.db).where('survey.community_id', '=', communityId)
  if (query.cursor) q = q.where(afterPosition('survey.opens_on', 'survey.id', decodeCursor(query.cursor, 'date'), 'desc'))
  const fetched = await q.orderBy('survey.opens_on', 'desc').orderBy('survey.id', 'desc').limit(query.limit + 1).execute()
  const page = pageFrom(fetched, query.limit, (r) => ({ key: r.opens_on, id: r.id }))
  const rows = await withZones(deps.db, page.rows)
  const answered = await repo.answeredSurveyIds(deps.db, auth?.userId ?? null, rows.map((r) => r.id))
  return { items: rows.map((r) => toSurvey(r, deps.now(), answered.has(r.id))), nextCursor: page.nextCursor }
}

export async function getSurvey(deps: Deps, auth: Auth | null, surveyId: string): Promise<Survey> {
  const [row] = await withZones(deps.db, await repo.surveyQuery(deps.db).where('survey.id', '=', surveyId).execute())
  if (!row) throw new AppError('SURVEY_NOT_FOUND')
  const answered = await repo.answeredSurveyIds(deps.db, auth?.userId ?? null, [row.id])
  return toSurvey(row, deps.now(), answered.has(row.id))
}

function validateAnswers(questions: SurveyQuestion[], answers: Record<string, number | string>) {
  const fields: { path: string; message: string }[] = []
  for (const q of questions) {
    const value = answers[q.id]
    if (q.kind === 'scale' && typeof value !== 'number') fields.push({ path: `answers.${q.id}`, message: `请为「${q.label}」打分` })
    if (q.kind === 'text' && value !== undefined && typeof value !== 'string') fields.push({ path: `answers.${q.id}`, message: '请填写文字' })
  }
  for (const id of Object.keys(answers)) if (!questions.some((q) => q.id === id)) fields.push({ path: `answers.${id}`, message: '没有这个问题' })
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields })
}

/** A resident answers once, while the survey is open. */
export async function answerSurvey(deps: Deps, auth: Auth, surveyId: string, answers: Record<string, number | string>): Promise<Survey> {
  const survey = await getSurvey(deps, auth, surveyId)
  if (!survey.open) throw new AppError('SURVEY_CLOSED')
  validateAnswers(survey.questions, answers)
  if (!(await repo.insertSurveyResponse(deps.db, { survey_id: surveyId, user_id: auth.userId, answers: JSON.stringify(answers) }))) throw new AppError('ALREADY_ANSWERED')
  return getSurvey(deps, auth, surveyId)
}

/** Results per question: the average and distribution of scale answers, the text answers. */
export async function surveyResults(deps: Deps, surveyId: string) {
  const survey = await getSurvey(deps, null, surveyId)
  const rows = await repo.surveyAnswers(deps.db, surveyId)
  return {
    surveyId,
    title: survey.title,
    responses: rows.length,
    questions: survey.questions.map((q) => {
      const values = rows.map((r) => r.answers[q.id]).filter((v) => v !== undefined && v !== '')
      const scale = values.filter((v): v is number => typeof v === 'number')
      return {
        id: q.id,
        label: q.label,
        kind: q.kind,
        average: scale.length ? scale.reduce((a, b) => a + b, 0) / scale.length : null,
        distribution: [1, 2, 3, 4, 5].map((level) => scale.filter((v) => v === level).length),
        texts: q.kind === 'text' ? values.filter((v): v is string => typeof v === 'string').slice(0, 200) : [],
      }
    }),
  }
}
