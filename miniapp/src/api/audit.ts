import { AuditPageSchema } from '@linli/shared'
import { call } from './client'

/** The staff audit log. */
export const auditApi = {
  audit: (cursor?: string) => call(AuditPageSchema, 'GET', '/staff/audit', { query: { cursor } }),
}
