import { OpenAPIHono } from '@hono/zod-openapi'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { authRoutes } from './auth/routes'
import { sessionMiddleware } from './auth/session'
import { ChangeFeed, withChanges } from './cache/changes'
import { type PublicReadOptions, publicRead } from './cache/public-read'
import { BOOKING_JOBS } from './booking/jobs'
import { BOOKING_MESSAGES } from './booking/messages'
import { bookingRoutes } from './booking/routes'
import { familyRoutes } from './family/routes'
import { privacyRoutes } from './privacy/routes'
import { calendarRoutes } from './calendar/routes'
import { catalogRoutes } from './catalog/routes'
import { CONSULTATION_JOBS } from './consultation/jobs'
import { CONSULTATION_MESSAGES } from './consultation/messages'
import { assistRoutes } from './consultation/assist-routes'
import { meetingRoutes } from './consultation/meeting-routes'
import { outcomeRoutes } from './consultation/outcome-routes'
import { oversightRoutes } from './consultation/oversight-routes'
import { consultationRoutes } from './consultation/routes'
import { serviceChangeRoutes } from './catalog/service-change-routes'
import { demoRoutes } from './demo/routes'
import type { Deps } from './deps'
import { requestBodyLimit } from './http/body-limit'
import { requireJsonBody } from './http/content-type'
import type { AppEnv } from './http/env'
import { AppError, toErrorResponse } from './http/errors'
import { mountOpenApiDocument } from './http/openapi'
import { mountApiDocs, mountH5 } from './http/static'
import type { ScheduledJob } from './notify/jobs'
import { registerMessageKinds } from './notify/messages'
import { inboxRoutes } from './notify/routes'
import { PLATFORM_JOBS } from './platform/jobs'
import { platformRoutes } from './platform/routes'
import { RATING_JOBS } from './rating/jobs'
import { RATING_MESSAGES } from './rating/messages'
import { ratingRoutes } from './rating/routes'
import { regionRoutes } from './region/routes'
import { activityRoutes } from './volunteer/activity-routes'
import { certificateRoutes } from './volunteer/certificate-routes'
import { helpRoutes } from './volunteer/help-routes'
import { hoursRoutes } from './volunteer/hours-routes'
import { VOLUNTEER_JOBS } from './volunteer/jobs'
import { VOLUNTEER_MESSAGES } from './volunteer/messages'
import { registrationRoutes } from './volunteer/registration-routes'
import { staffingRoutes } from './volunteer/staffing-routes'

export interface AppOptions {
  /** The H5 build to serve at `/`; omitted in API-only tests. */
  h5Dir?: string
}

/**
 * Public reads answered from memory until their tables change (cache/public-read.ts). Slots and
 * bookings change by the second and are never kept; a personal answer is never kept either.
 */
const PUBLIC_READS: readonly [path: string, options: PublicReadOptions][] = [
  ['/api/v1/categories', { family: 'catalog', anonymousCacheControl: 'public, max-age=60' }],
  ['/api/v1/communities', { family: 'catalog', anonymousCacheControl: 'public, max-age=60' }],
  ['/api/v1/communities/:communityId', { family: 'catalog', anonymousCacheControl: 'public, max-age=60' }],
  // 「我可以用的服务」 depends on who asks.
  ['/api/v1/communities/:communityId/services', { family: 'catalog', anonymousCacheControl: 'public, max-age=60', personal: (c) => c.req.query('eligible') === 'true' }],
  ['/api/v1/services/:serviceId', { family: 'catalog', anonymousCacheControl: 'public, max-age=60' }],
  ['/api/v1/communities/:communityId/consultation-categories', { family: 'consultation' }],
  // Staff also see drafts; everyone without a grant sees the same list.
  ['/api/v1/communities/:communityId/topics', { family: 'consultation', personal: (c) => (c.get('auth')?.grants.length ?? 0) > 0 }],
  // A signed-in reader's page says what she liked, shows her own hidden opinions and whether she may post.
  ['/api/v1/consultation/topics/:topicId', { family: 'consultation', personal: (c) => c.get('auth') !== null }],
  ['/api/v1/consultation/topics/:topicId/opinions', { family: 'consultation', personal: (c) => c.get('auth') !== null }],
]

/** Each domain's scheduled jobs; main.ts hands them to the worker. */
export const SCHEDULED_JOBS: readonly ScheduledJob[] = [...BOOKING_JOBS, ...RATING_JOBS, ...CONSULTATION_JOBS, ...VOLUNTEER_JOBS, ...PLATFORM_JOBS]

/**
 * Every kind a domain sends: the outbox refuses any other, 我的消息 and the worker read their texts.
 * createApp calls it; so does anything that writes through the domains before the app exists (the
 * demo seed at start-up and `npm run db:seed`). Registering twice changes nothing.
 */
export function registerEveryMessageKind(): void {
  registerMessageKinds(BOOKING_MESSAGES, RATING_MESSAGES, CONSULTATION_MESSAGES, VOLUNTEER_MESSAGES)
}

/** Builds the BFF. The server and the tests (`app.request`) both use it. */
export function createApp(deps: Deps, options: AppOptions = {}) {
  registerEveryMessageKind()
  // Completed in place, never copied: a test may swap an adapter (deps.sms) on the object it holds.
  const changes = deps.changes ?? new ChangeFeed()
  deps.changes = changes
  deps.db = withChanges(deps.db, changes)
  const app = new OpenAPIHono<AppEnv>()

  app.use('*', requestId())
  // One line per request for the operator (nothing personal: logger.ts).
  app.use('*', async (c, next) => {
    const started = performance.now()
    await next()
    deps.logger.info({ requestId: c.get('requestId'), method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, 'request')
  })
  app.use('*', secureHeaders({ crossOriginEmbedderPolicy: false }))
  app.use('/api/*', requestBodyLimit(deps.config.bodyLimitBytes))
  app.use('/api/v1/*', requireJsonBody())
  app.use('/api/v1/*', sessionMiddleware(deps, changes))
  for (const [p, o] of PUBLIC_READS) app.use(p, publicRead(changes, o))

  const api = new OpenAPIHono<AppEnv>()
    .route('/', platformRoutes(deps))
    .route('/', regionRoutes(deps))
    .route('/', catalogRoutes(deps))
    .route('/', authRoutes(deps))
    .route('/', demoRoutes(deps))
    .route('/', bookingRoutes(deps))
    .route('/', familyRoutes(deps))
    .route('/', privacyRoutes(deps))
    .route('/', ratingRoutes(deps))
    .route('/', inboxRoutes(deps))
    .route('/', calendarRoutes(deps))
    .route('/', consultationRoutes(deps))
    .route('/', meetingRoutes(deps))
    .route('/', assistRoutes(deps))
    .route('/', outcomeRoutes(deps))
    .route('/', oversightRoutes(deps))
    .route('/', serviceChangeRoutes(deps))
    .route('/', registrationRoutes(deps))
    .route('/', activityRoutes(deps))
    .route('/', hoursRoutes(deps))
    .route('/', certificateRoutes(deps))
    .route('/', helpRoutes(deps))
    .route('/', staffingRoutes(deps))
  app.route('/api/v1', api)

  mountOpenApiDocument(app, '/api/openapi.json')
  mountApiDocs(app)

  app.all('/api/*', () => {
    throw new AppError('NOT_FOUND')
  })
  if (options.h5Dir) mountH5(app, options.h5Dir)

  app.notFound((c) => toErrorResponse(new AppError('NOT_FOUND'), c, deps.logger))
  app.onError((err, c) => toErrorResponse(err, c, deps.logger))
  return app
}

export type App = ReturnType<typeof createApp>
