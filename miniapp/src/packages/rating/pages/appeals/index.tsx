import { Button, Input, Text, View } from '@tarojs/components'
import { RATING_LEVEL_LABELS } from '@linli/shared'
import { useState } from 'react'
import { api } from '../../../../api/client'
import { Chips } from '../../../../components/chips'
import { Page } from '../../../../components/page'
import { Empty, ErrorState, Loading } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { asApiError, useRequest } from '../../../../state/use-request'

const STATUS_LABELS = { pending: '待审核', upheld: '申诉成立', rejected: '申诉驳回' } as const

export default function AppealsPage() {
  const { me } = useAppState()
  const canDecide = me?.roles.some((r) => r.role === 'street_admin') ?? false
  const [status, setStatus] = useState<'pending' | 'decided'>('pending')
  const [version, setVersion] = useState(0)
  const list = useRequest(`${status}:${version}`, () => api.appeals(status))
  const [notes, setNotes] = useState<Record<string, string>>({})
  const [message, setMessage] = useState<string | null>(null)

  const decide = async (id: string, upheld: boolean) => {
    setMessage(null)
    try {
      await api.decideAppeal(id, upheld, notes[id]?.trim() || (upheld ? '核实属实' : '理由不充分'))
      setMessage(upheld ? '已裁定申诉成立，该评价不再计入统计' : '已驳回申诉')
      setVersion((v) => v + 1)
    } catch (err) {
      setMessage(asApiError(err).message)
    }
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
      {message && <Text className="kv">{message}</Text>}
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : list.data && list.data.items.length > 0 ? (
        list.data.items.map((a) => (
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
                <Input className="input" placeholder="裁定意见" value={notes[a.id] ?? ''} onInput={(e) => setNotes((n) => ({ ...n, [a.id]: e.detail.value }))} />
                <View className="actions">
                  <Button className="btn" onClick={() => decide(a.id, true)}>
                    申诉成立
                  </Button>
                  <Button className="btn" onClick={() => decide(a.id, false)}>
                    驳回
                  </Button>
                </View>
              </View>
            )}
          </View>
        ))
      ) : (
        <Empty text={status === 'pending' ? '没有待审核的申诉' : '还没有裁定过的申诉'} />
      )}
    </Page>
  )
}
