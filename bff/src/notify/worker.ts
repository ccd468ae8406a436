import PgBoss from 'pg-boss'
import type { Logger } from 'pino'
import { CHINA_TIME_ZONE } from '../calendar/local-time'
import { type DatabaseWaits, type Db, poolWaits } from '../db/database'
import { deliverPending } from './delivery'
import type { ScheduledJob } from './jobs'
import type { NotificationSender } from './senders'

/**
 * The outbox's own job: every minute, and right after any other job (which may have written
 * messages). Each run drains the outbox, batch after batch, until nothing is due.
 */
export const DELIVERY_JOB: Pick<ScheduledJob, 'name' | 'cron'> = { name: 'notify-deliver', cron: '* * * * *' }

/**
 * Background work on pg-boss (a PostgreSQL-backed queue), not timers in request handlers: each
 * domain's jobs on their cron, and the delivery of the outbox. Any number of BFF processes can
 * run it; pg-boss hands each scheduled run to one of them.
 */
export async function startWorker(options: {
  connectionString: string
  /** The same bounds as the app's pool, so a stuck database stalls pg-boss no longer than a request. */
  waits?: DatabaseWaits
  db: Db
  sender: NotificationSender
  jobs: readonly ScheduledJob[]
  logger: Logger
  now: () => Date
}): Promise<PgBoss> {
  const names = new Set([DELIVERY_JOB.name])
  for (const job of options.jobs) {
    if (names.has(job.name)) throw new Error(`job "${job.name}" is scheduled twice`)
    names.add(job.name)
  }
  const boss = new PgBoss({ connectionString: options.connectionString, max: 3, ...(options.waits ? poolWaits(options.waits) : {}) })
  boss.on('error', (err) => options.logger.error({ err }, 'pg-boss error'))
  await boss.start()
  for (const job of [DELIVERY_JOB, ...options.jobs]) {
    await boss.createQueue(job.name)
    await boss.schedule(job.name, job.cron, {}, { tz: CHINA_TIME_ZONE })
  }
  for (const job of options.jobs) {
    await boss.work(job.name, async () => {
      const counts = await job.run({ db: options.db, now: options.now(), logger: options.logger })
      if (Object.values(counts).some((n) => n > 0)) options.logger.info({ job: job.name, ...counts }, 'job done')
      await boss.send(DELIVERY_JOB.name, {})
    })
  }
  await boss.work(DELIVERY_JOB.name, { pollingIntervalSeconds: 2 }, async () => {
    const report = await deliverPending(options.db, options.sender, { now: options.now, logger: options.logger })
    if (report.sent + report.skipped + report.failed > 0) options.logger.info(report, 'notifications delivered')
  })
  return boss
}
