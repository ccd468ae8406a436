import {
  CertificateApplySchema,
  CertificateListSchema,
  CertificateSchema,
  CertificateVerificationSchema,
  CertificateVerifyParamsSchema,
  CertificateVoidSchema,
  MyStarSchema,
  PageQuerySchema,
  StaffCertificateQuerySchema,
  StarListQuerySchema,
  StarListSchema,
  VolunteerNumbersQuerySchema,
  VolunteerNumbersSchema,
} from '@linli/shared'
import { z } from 'zod'
import type { Deps } from '../deps'
import { clientIp } from '../http/client-ip'
import { body, defineRoute, json, newRouter, requireAuth } from '../http/route'
import { idempotency } from '../platform/idempotency'
import * as certificates from './certificates'
import { communityNumbers } from './numbers'
import { listStars, myStar } from './star-levels'

const CertificateParams = z.object({ certificateId: z.uuid() })
const CommunityParams = z.object({ communityId: z.uuid() })
const STAFF = ['staff', 'street_admin'] as const
const TAGS = ['volunteer'] as const

/** Where the H5 app is served: the BFF serves it on the same origin, so the QR code points where this request came. */
const originOf = (url: string) => new URL(url).origin

/** Routes of 志愿服务 — 志愿服务证明与公开核验、星级与公示、社区数据 (issue 12 items 4, 5, 8); app.ts mounts them. */
export function certificateRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      defineRoute(
        ['volunteer'],
        {
          method: 'post',
          path: '/volunteer/certificates',
          tags: [...TAGS],
          summary: '申请并出具志愿服务证明（全部或某一年度的已确认时长；免费，即时出具）。支持 Idempotency-Key',
          request: body(CertificateApplySchema),
          responses: { 201: { description: 'certificate', ...json(CertificateSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await certificates.issueCertificate(deps, requireAuth(c.get('auth')), c.req.valid('json'), originOf(c.req.url), c.get('requestId')), 201),
    )
    .openapi(
      defineRoute(['volunteer'], {
        method: 'get',
        path: '/volunteer/certificates',
        tags: [...TAGS],
        summary: '我的志愿服务证明',
        request: { query: PageQuerySchema },
        responses: { 200: { description: 'certificates', ...json(CertificateListSchema) } },
      }),
      async (c) => c.json(await certificates.myCertificates(deps, requireAuth(c.get('auth')), c.req.valid('query'), originOf(c.req.url)), 200),
    )
    .openapi(
      defineRoute(['volunteer', ...STAFF], {
        method: 'get',
        path: '/volunteer/certificates/{certificateId}',
        tags: [...TAGS],
        summary: '志愿服务证明（本人，或出具社区的工作人员）',
        request: { params: CertificateParams },
        responses: { 200: { description: 'certificate', ...json(CertificateSchema) } },
      }),
      async (c) => c.json(await certificates.getCertificate(deps, requireAuth(c.get('auth')), c.req.valid('param').certificateId, originOf(c.req.url)), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/volunteer/certificates',
        tags: [...TAGS],
        summary: '本社区出具的志愿服务证明（可作废）',
        request: { query: StaffCertificateQuerySchema },
        responses: { 200: { description: 'certificates', ...json(CertificateListSchema) } },
      }),
      async (c) => c.json(await certificates.staffCertificates(deps, requireAuth(c.get('auth')), c.req.valid('query'), originOf(c.req.url)), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'post',
        path: '/staff/volunteer/certificates/{certificateId}/void',
        tags: [...TAGS],
        summary: '作废志愿服务证明（须填原因；公开核验显示已作废）',
        request: { params: CertificateParams, ...body(CertificateVoidSchema) },
        responses: { 200: { description: 'certificate', ...json(CertificateSchema) } },
      }),
      async (c) =>
        c.json(await certificates.voidCertificate(deps, requireAuth(c.get('auth')), c.req.valid('param').certificateId, c.req.valid('json').reason, originOf(c.req.url), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/public/volunteer/certificates/{code}',
        tags: [...TAGS],
        summary: '公开核验志愿服务证明（无需登录；只显示证明上的内容，姓名脱敏）',
        request: { params: CertificateVerifyParamsSchema },
        responses: { 200: { description: 'verification', ...json(CertificateVerificationSchema) }, 304: { description: 'not modified' } },
      }),
      async (c) => {
        const verified = await certificates.verify(deps, c.req.valid('param').code, clientIp(c, deps.config.trustedProxies))
        // Every view revalidates (a voided certificate shows at once); an unchanged one costs a 304.
        const headers = { ETag: verified.etag, 'Cache-Control': 'public, no-cache', Vary: 'Authorization' }
        if (c.req.header('if-none-match') === verified.etag) return c.body(null, 304, headers)
        return c.body(verified.body, 200, { ...headers, 'Content-Type': 'application/json; charset=UTF-8' }) as never
      },
    )
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/volunteer/communities/{communityId}/star-levels',
        tags: [...TAGS],
        summary: '星级志愿者公示（姓名脱敏、星级、时长、公示截止日；撤回的显示已撤回）',
        request: { params: CommunityParams, query: StarListQuerySchema },
        responses: { 200: { description: 'star levels', ...json(StarListSchema) } },
      }),
      async (c) => c.json(await listStars(deps, c.req.valid('param').communityId, c.req.valid('query')), 200),
    )
    .openapi(
      defineRoute(['volunteer'], {
        method: 'get',
        path: '/volunteer/star-level',
        tags: [...TAGS],
        summary: '我的星级：已授予的星级、公示中的星级、距下一星级的时长',
        responses: { 200: { description: 'my star level', ...json(MyStarSchema) } },
      }),
      async (c) => c.json(await myStar(deps, requireAuth(c.get('auth'))), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/volunteer/numbers',
        tags: [...TAGS],
        summary: '社区志愿服务数据：注册志愿者占居民比例、近 6 个月服务时长、各类活动数、48 小时内响应的求助、星级（街道管理员看全街道）',
        request: { query: VolunteerNumbersQuerySchema },
        responses: { 200: { description: 'numbers', ...json(VolunteerNumbersSchema) } },
      }),
      async (c) => c.json(await communityNumbers(deps, requireAuth(c.get('auth')), c.req.valid('query').communityId), 200),
    )
}
