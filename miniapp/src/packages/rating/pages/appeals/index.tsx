import { Button, Input, Text, View } from '@tarojs/components'
import { type AppealSchema, RATING_LEVEL_LABELS } from '@linli/shared'
import type { z } from 'zod'
import { useState } from 'react'
import { ratingApi } from '../../../../api/rating'
import { ActionResult } from '../../../../components/action-result'
import { Chips } from '../../../../components/chips'
import { confirmAction } from '../../../../components/confirm'
import { Page } from '../../../../components/page'
import { Empty, ErrorState, LoadMore, Loading } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'
import { useMorePages } from '../../../../state/use-more-pages'
import { useRequest } from '../../../../state/use-request'

type Appeal = z.infer<typeof AppealSchema>

const STATUS_LABELS = { pending: '待审核', upheld: '申诉成立', rejected: '申诉驳回' } as const

export default function AppealsPage() {
  const { me } = useAppState()
  const canDecide = me?.roles.some((r) => r.role === 'street_admin') ?? false
  const [status, setStatus] = useState<'pending' | 'decided'>('pending')
  const [version, setVersion] = useState(0)
  const list = useRequest(`${status}:${version}`, () => ratingApi.appeals(status))
  const pages = useMorePages(list.data, (cursor) => ratingApi.appeals(status, cursor))
  const [notes, setNotes] = useState<Record<string, string>>({})
  // The result shows where the decision was tapped; a decided appeal leaves the 待审核 list, so its result stays above it.
  const decision = useAction()

  /** 申诉裁定 is final: say what it does, ask, then decide. */
  const decide = async (a: Appeal, upheld: boolean) => {
    decision.clearError()
    const confirmed = await confirmAction({
      title: upheld ? '裁定申诉成立' : '驳回申诉',
      content: upheld
        ? `${a.serviceName}的这条评价将不再计入满意度统计（评价本身和整改记录保留）。裁定后不能更改。`
        : `${a.serviceName}的这条评价继续计入满意度统计。裁定后不能更改。`,
      confirmText: upheld ? '申诉成立' : '驳回',
      danger: upheld,
    })
    if (!confirmed) return
    await decision.run(async () => {
      await ratingApi.decideAppeal(a.id, upheld, notes[a.id]?.trim() || (upheld ? '核实属实' : '理由不充分'))
      setVersion((v) => v + 1)
      return `${a.serviceName}：${upheld ? '已裁定申诉成立，该评价不再计入统计' : '已驳回申诉，该评价继续计入统计'}`
    })
  }

  return (
    <Page>
      <Chips<'pending' | 'decided'>
        choices={[
          { value: 'pending', label: '待审核' },
          { value: 'decided', label: '已裁定' },
        ]}
        value={status}
        onChange={setStatus}
      />
      <ActionResult action={decision} className="appeal-result" />
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : list.data && list.data.items.length > 0 ? (
        <View className="appeal-list">
          {pages.items.map((a) => (
            <View key={a.id} className="card appeal-card">
              <View className="service-card__head">
                <Text className="service-card__name">{a.serviceName}</Text>
                <Text className="tag">{STATUS_LABELS[a.status]}</Text>
              </View>
              <Text className="muted kv">
                {a.communityName} · 原评价：{RATING_LEVEL_LABELS[a.level]} {a.comment ? `“${a.comment}”` : ''}
              </Text>
              <Text className="kv">申诉理由：{a.reason}</Text>
              {a.decisionNote && <Text className="kv">裁定意见：{a.decisionNote}</Text>}
              {canDecide && a.status === 'pending' && (
                <View>
                  <Input className="input" nativeProps={{ 'aria-label': '裁定意见' }} placeholder="裁定意见" value={notes[a.id] ?? ''} onInput={(e) => setNotes((n) => ({ ...n, [a.id]: e.detail.value }))} />
                  <View className="actions">
                    <Button className="btn" disabled={decision.busy} onClick={() => decide(a, true)}>
                      申诉成立
                    </Button>
                    <Button className="btn" disabled={decision.busy} onClick={() => decide(a, false)}>
                      驳回
                    </Button>
                  </View>
                </View>
              )}
            </View>
          ))}
          <LoadMore pages={pages} />
        </View>
      ) : (
        <Empty text={status === 'pending' ? '没有待审核的申诉' : '还没有裁定过的申诉'} />
      )}
    </Page>
  )
}
