import {
  AccountDeletedSchema,
  type AccountDeletionSchema,
  type MoveDecisionSchema,
  PendingMoveListSchema,
  PersonalDataExportSchema,
} from '@linli/shared'
import { type Input, call } from './client'

/** Her personal information (PIPL): a copy of it, deleting the account, and staff deciding a move between communities. */
export const privacyApi = {
  exportMyData: () => call(PersonalDataExportSchema, 'GET', '/me/export'),
  deleteAccount: () => call(AccountDeletedSchema, 'POST', '/me/delete', { body: { confirm: true } satisfies Input<typeof AccountDeletionSchema> }),
  pendingMoves: (communityId: string) => call(PendingMoveListSchema, 'GET', `/communities/${communityId}/moves`),
  decideMove: (communityId: string, userId: string, decision: Input<typeof MoveDecisionSchema>['decision']) =>
    call(PendingMoveListSchema, 'POST', `/communities/${communityId}/moves/${userId}`, { body: { decision } satisfies Input<typeof MoveDecisionSchema> }),
}
