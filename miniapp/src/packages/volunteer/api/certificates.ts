import { CertificateListSchema, CertificateSchema, CertificateVerificationSchema, MyStarSchema, StarListSchema, VolunteerNumbersSchema } from '@linli/shared'
import { call } from '../../../api/client'

/** 志愿服务证明、公开核验、星级公示与社区数据 (issue 12 items 4, 5, 8): the BFF's certificate routes. */
export const certificatesApi = {
  apply: (year: number | null, idempotencyKey: string) => call(CertificateSchema, 'POST', '/volunteer/certificates', { body: { year }, idempotencyKey }),
  mine: (cursor?: string) => call(CertificateListSchema, 'GET', '/volunteer/certificates', { query: { cursor } }),
  certificate: (id: string) => call(CertificateSchema, 'GET', `/volunteer/certificates/${id}`),
  issued: (cursor?: string) => call(CertificateListSchema, 'GET', '/staff/volunteer/certificates', { query: { cursor } }),
  void: (id: string, reason: string) => call(CertificateSchema, 'POST', `/staff/volunteer/certificates/${id}/void`, { body: { reason } }),
  verify: (code: string) => call(CertificateVerificationSchema, 'GET', `/public/volunteer/certificates/${encodeURIComponent(code)}`),
  stars: (communityId: string, cursor?: string) => call(StarListSchema, 'GET', `/volunteer/communities/${communityId}/star-levels`, { query: { cursor } }),
  myStar: () => call(MyStarSchema, 'GET', '/volunteer/star-level'),
  numbers: (communityId?: string) => call(VolunteerNumbersSchema, 'GET', '/staff/volunteer/numbers', { query: { communityId } }),
}
