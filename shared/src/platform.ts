import { z } from 'zod'
import { ErrorBodySchema } from './common'

/** Notifications still to send (decision 017): how many, and how long the oldest has waited. */
export const OutboxBacklogSchema = z.object({
  pending: z.number().int().min(0),
  oldestAgeSeconds: z.number().int().min(0),
})

export const HealthSchema = z.object({
  status: z.enum(['ok', 'down']),
  database: z.enum(['ok', 'down']),
  /** Null while the database is down. */
  outbox: OutboxBacklogSchema.nullable(),
  time: z.string(),
})
export type Health = z.infer<typeof HealthSchema>

/** 503: the same report, with the error body every client already reads. */
export const HealthDownSchema = HealthSchema.extend(ErrorBodySchema.shape)
