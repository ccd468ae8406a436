import { Button, Text, View } from '@tarojs/components'
import type { PendingMove } from '@linli/shared'
import { useState } from 'react'
import { privacyApi } from '../../../../api/privacy'
import { ActionResult } from '../../../../components/action-result'
import { Chips } from '../../../../components/chips'
import { confirmAction } from '../../../../components/confirm'
import { momentLabel } from '../../../../components/dates'
import { Page } from '../../../../components/page'
import { Empty, Waiting } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'
import { useRequest } from '../../../../state/use-request'

/**
 * 待确认的迁入: residents who asked to move into the staff member's community. Until she is
 * confirmed here she stays a resident of her old community, with its services (docs/decisions/019).
 */
export default function PendingMovesPage() {
  const { me } = useAppState()
  const communities = (me?.roles ?? []).flatMap((r) => (r.role === 'staff' && r.communityId ? [{ value: r.communityId, label: r.communityName ?? '本社区' }] : []))
  const [chosen, setChosen] = useState<string | null>(null)
  const communityId = chosen ?? communities[0]?.value ?? null
  const [version, setVersion] = useState(0)
  const list = useRequest(communityId && `${communityId}:${version}`, () => privacyApi.pendingMoves(communityId ?? ''))
  const decision = useAction()

  const decide = async (move: PendingMove, confirm: boolean) => {
    if (!communityId) return
    decision.clearError()
    const confirmed = await confirmAction({
      title: confirm ? '确认迁入' : '拒绝迁入',
      content: confirm
        ? `${move.name}将成为本社区居民，可以预约仅限本社区居民的服务，不再是${move.fromCommunityName ?? '原社区'}的居民。`
        : `${move.name}仍是${move.fromCommunityName ?? '原社区'}的居民，可以重新申请。`,
      confirmText: confirm ? '确认' : '拒绝',
      danger: !confirm,
    })
    if (!confirmed) return
    await decision.run(async () => {
      await privacyApi.decideMove(communityId, move.userId, confirm ? 'confirm' : 'reject')
      setVersion((v) => v + 1)
      return `${move.name}：${confirm ? '已确认迁入本社区' : '已拒绝迁入'}`
    })
  }

  if (!communityId) {
    return (
      <Page>
        <Empty text="只有社区工作人员可以确认迁入。" />
      </Page>
    )
  }

  return (
    <Page>
      {communities.length > 1 && <Chips choices={communities} value={communityId} onChange={setChosen} />}
      <Text className="kv muted">居民申请迁入后，确认前仍按原社区享受服务。请核对住址或证件后再确认。</Text>
      <ActionResult action={decision} className="move-result" />
      {!list.data ? (
        <Waiting request={list} />
      ) : list.data.items.length === 0 ? (
        <Empty text="没有待确认的迁入申请" />
      ) : (
        list.data.items.map((m) => (
          <View key={m.userId} className="card move-card">
            <Text className="title">{m.name}</Text>
            <Text className="kv">手机号：{m.phoneMasked ?? '未登记'}</Text>
            <Text className="kv">从：{m.fromCommunityName ?? '未登记社区'}</Text>
            <Text className="kv muted">申请于 {momentLabel(m.sinceLocal)}</Text>
            <View className="actions">
              <Button className="btn btn--main confirm-move" disabled={decision.busy} onClick={() => void decide(m, true)}>
                确认迁入
              </Button>
              <Button className="btn reject-move" disabled={decision.busy} onClick={() => void decide(m, false)}>
                拒绝
              </Button>
            </View>
          </View>
        ))
      )}
    </Page>
  )
}
