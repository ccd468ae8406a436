import {
  type HouseholdLinkSchema,
  HouseholdLinkResultSchema,
  HouseholdUnlinkResultSchema,
  type HouseholdUnlinkSchema,
  type MinoritySummaryInputSchema,
  MinorityViewSchema,
  RegistryImportResultSchema,
  type RegistryImportSchema,
  RegistryViewSchema,
} from '@linli/shared'
import { type Input, call } from '../../../api/client'

/** 表决 beyond the vote itself (issue 11 items 2–3): the owners' registry, her household, the minority summary. */
export const votesApi = {
  registry: (communityId: string) => call(RegistryViewSchema, 'GET', `/staff/communities/${communityId}/owner-registry`),
  importRegistry: (communityId: string, input: Input<typeof RegistryImportSchema>, idempotencyKey?: string) =>
    call(RegistryImportResultSchema, 'POST', `/staff/communities/${communityId}/owner-registry`, { body: input, idempotencyKey }),
  linkHousehold: (input: Input<typeof HouseholdLinkSchema>, idempotencyKey: string) =>
    call(HouseholdLinkResultSchema, 'POST', '/consultation/my-household', { body: input, idempotencyKey }),
  unlinkHousehold: (communityId: string, input: Input<typeof HouseholdUnlinkSchema>) =>
    call(HouseholdUnlinkResultSchema, 'POST', `/staff/communities/${communityId}/owner-registry/unlink`, { body: input }),
  minority: (topicId: string) => call(MinorityViewSchema, 'GET', `/consultation/topics/${topicId}/minority-summary`),
  saveMinority: (topicId: string, input: Input<typeof MinoritySummaryInputSchema>) =>
    call(MinorityViewSchema, 'PUT', `/staff/consultation/topics/${topicId}/minority-summary`, { body: input }),
}
