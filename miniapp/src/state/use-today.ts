import type { Today } from '@linli/shared'
import { calendarApi } from '../api/calendar'
import { type RequestState, useRequest } from './use-request'

/**
 * Today and now on the server's clock in a community's zone, China's for `null` (no community);
 * `undefined` waits while the page is still finding out which community. Asked by each page that
 * needs it: the phone's own clock and zone may be wrong or far away (docs/decisions/014).
 */
export function useToday(communityId: string | null | undefined): RequestState<Today> {
  return useRequest(communityId === undefined ? null : `today:${communityId ?? ''}`, () => calendarApi.today(communityId ?? undefined))
}
