import {
  CategoryListSchema,
  CommunityDetailSchema,
  type CommunityListQuerySchema,
  CommunityListSchema,
  ServiceDetailSchema,
  type ServiceListQuery,
  ServicePageSchema,
  type ServiceStatusChangeSchema,
} from '@linli/shared'
import { type Input, call } from './client'

/** The catalogue: categories, communities and their services. */
export const catalogApi = {
  categories: () => call(CategoryListSchema, 'GET', '/categories'),
  communities: (q?: string) => call(CommunityListSchema, 'GET', '/communities', { query: { q } satisfies Input<typeof CommunityListQuerySchema> }),
  community: (id: string) => call(CommunityDetailSchema, 'GET', `/communities/${id}`),
  services: (communityId: string, query: ServiceListQuery) =>
    call(ServicePageSchema, 'GET', `/communities/${communityId}/services`, { query }),
  service: (id: string) => call(ServiceDetailSchema, 'GET', `/services/${id}`),
  changeServiceStatus: (id: string, change: Input<typeof ServiceStatusChangeSchema>) =>
    call(ServiceDetailSchema, 'PUT', `/services/${id}/status`, { body: change }),
}
