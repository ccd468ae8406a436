import { HELP_KIND_LABELS, HELP_STATUS_LABELS, type HelpPersonalData, LEDGER_KIND_LABELS, creditsOf } from '@linli/shared'
import type { Db } from '../db/database'
import type { FieldCipher } from '../platform/crypto'
import * as repo from './help-repository'
import * as bank from './time-bank-repository'

/** What 下载我的数据 reads at most: a person's requests and ledger are short lists, but never unbounded. */
const EXPORT_MAX = 1000

/**
 * Her 邻里求助 and 时间银行 in 下载我的数据 (PIPL art. 45): the requests she posted or that are for
 * her, with the contact she gave, and every entry of her ledger. The volunteer who took a request
 * is not in it: that is his personal information, not hers.
 */
export async function helpDataOf(db: Db, cipher: FieldCipher, userId: string): Promise<HelpPersonalData> {
  const [requests, account] = await Promise.all([repo.listRequests(db, { kind: 'mine', userId }, undefined, EXPORT_MAX), bank.findAccount(db, userId)])
  const entries = account ? await bank.listEntries(db, account.id, undefined, EXPORT_MAX) : []
  return {
    requests: requests.map((r) => ({
      kind: HELP_KIND_LABELS[r.kind],
      status: HELP_STATUS_LABELS[r.status],
      date: r.service_date,
      startTime: r.start_time,
      endTime: r.end_time,
      place: r.place,
      needs: r.needs,
      beneficiaryName: cipher.decrypt(r.beneficiary_name_enc),
      contactName: cipher.decrypt(r.contact_name_enc),
      contactPhone: cipher.decrypt(r.contact_phone_enc),
      postedByHer: r.requester_user_id === userId,
      createdAt: r.created_at.toISOString(),
    })),
    credits: {
      balance: creditsOf(account?.balance_minutes ?? 0),
      entries: entries.map((e) => ({ kind: LEDGER_KIND_LABELS[e.kind], credits: `${e.delta_minutes > 0 ? '+' : ''}${creditsOf(e.delta_minutes)}`, note: e.note, at: e.created_at.toISOString() })),
    },
  }
}
