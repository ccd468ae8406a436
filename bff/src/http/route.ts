import { OpenAPIHono, type RouteConfig, createRoute } from '@hono/zod-openapi'
import { ErrorBodySchema, type Role } from '@linli/shared'
import type { MiddlewareHandler } from 'hono'
import type { Auth, AppEnv } from './env'
import { AppError, validationError } from './errors'
import { BEARER_AUTH, operationIdOf } from './openapi'

/**
 * Who may call a route. Deny by default: every route is made with `defineRoute`, which needs one,
 * and tests/http/route-policy.test.ts fails for any /api/v1 route without it.
 * - 'public': anyone, signed in or not (catalogue reads).
 * - a list of roles: a signed-in user holding one of them; 'resident' means any signed-in user.
 * Which rows a caller may touch is checked by the domain service (see `canManageCommunity`).
 */
export type Access = 'public' | readonly Role[]

export function rolesOf(auth: Auth): Set<Role> {
  const roles = new Set<Role>(['resident'])
  for (const grant of auth.grants) roles.add(grant.role)
  if (auth.isVolunteer) roles.add('volunteer')
  return roles
}

export function authorize(access: Access): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (access !== 'public') {
      const auth = c.get('auth')
      if (!auth) throw new AppError(c.get('authError') ?? 'UNAUTHENTICATED')
      const roles = rolesOf(auth)
      if (!access.some((role) => roles.has(role))) throw new AppError('FORBIDDEN')
    }
    await next()
  }
}

/** The signed-in caller; only for routes whose access is not 'public'. */
export function requireAuth(auth: Auth | null): Auth {
  if (!auth) throw new AppError('UNAUTHENTICATED')
  return auth
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorBodySchema } },
})

/**
 * createRoute with the access policy attached as middleware and published as `x-access` and as
 * `security` (the bearer token, or `[]` for public routes), plus what a client generator needs:
 * an `operationId` (the route's own, or one derived from method and path) and a description.
 */
export function defineRoute<P extends string, R extends Omit<RouteConfig, 'path' | 'middleware'> & { path: P }>(
  access: Access,
  config: R,
  ...after: MiddlewareHandler<AppEnv>[]
) {
  return createRoute({
    ...config,
    operationId: config.operationId ?? operationIdOf(config.method, config.path),
    description: config.description ?? config.summary,
    security: access === 'public' ? [] : [{ [BEARER_AUTH]: [] }],
    middleware: [authorize(access), ...after],
    'x-access': access === 'public' ? 'public' : [...access],
    responses: {
      ...config.responses,
      400: errorResponse('VALIDATION_FAILED / MALFORMED_JSON'),
      ...(access === 'public' ? {} : { 401: errorResponse('UNAUTHENTICATED'), 403: errorResponse('FORBIDDEN') }),
    },
  })
}

/** A domain's sub-app; request validation failures become 400 VALIDATION_FAILED with the fields. */
export function newRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error)
    },
  })
}

/** `content` of a JSON response or request body, for route definitions. */
export const json = <T>(schema: T) => ({ content: { 'application/json': { schema } } })
/** A required JSON request body: a request without one fails validation instead of skipping it. */
export const body = <T>(schema: T) => ({ body: { ...json(schema), required: true } })
