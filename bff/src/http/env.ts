import type { Role } from '@linli/shared'

export interface RoleGrantRow {
  role: Exclude<Role, 'resident' | 'volunteer'>
  communityId: string | null
  streetId: string | null
  providerId: string | null
}

/** Who is calling, resolved from the bearer token by the session middleware. */
export interface Auth {
  userId: string
  sessionId: string
  communityId: string | null
  birthDate: string | null
  grants: RoleGrantRow[]
  isVolunteer: boolean
}

export interface AppEnv {
  Variables: {
    requestId: string
    auth: Auth | null
    /** Set when a token was sent but is unknown, revoked or expired. */
    authError: 'UNAUTHENTICATED' | 'SESSION_EXPIRED' | null
  }
}
