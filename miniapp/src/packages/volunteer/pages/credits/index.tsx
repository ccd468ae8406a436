import { Button, Input, Picker, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { CREDITS_CAP, type CreditsSummary, GIFT_MIN_AGE } from '@linli/shared'
import { useState } from 'react'
import { ActionResult } from '../../../../components/action-result'
import { confirmAction } from '../../../../components/confirm'
import { momentLabel } from '../../../../components/dates'
import { Page } from '../../../../components/page'
import { Empty, LoadMore, Waiting } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'
import { useMorePages } from '../../../../state/use-more-pages'
import { useRequest } from '../../../../state/use-request'
import { helpApi } from '../../api/help'
import { creditsWords } from '../../components/credits-words'

/** 赠予家人: a Picker of her 我的家人 aged 60 or over; anyone else cannot be chosen (and the BFF refuses). */
function GiveForm({ summary, onMoved }: { summary: CreditsSummary; onMoved: () => void }) {
  const eligible = summary.family.filter((m) => m.eligible)
  const [index, setIndex] = useState(0)
  const [amount, setAmount] = useState('')
  const action = useAction()
  const member = eligible[index]
  const give = async () => {
    if (!member) return
    if (!(await confirmAction({ title: `赠予${member.name}？`, content: `${amount} 时间币将转给${member.name}，不能撤回。`, confirmText: '赠予' }))) return
    await action.run(async (key) => {
      await helpApi.give(member.id, Number(amount), key)
      setAmount('')
      onMoved()
      return `✓ 已赠予${member.name} ${amount} 时间币`
    })
  }
  return (
    <View className="card credits-give">
      <Text className="title">赠予家人</Text>
      <Text className="muted kv">只能赠予“我的家人”中 {GIFT_MIN_AGE} 周岁及以上、已在本社区登记的家人。</Text>
      {eligible.length === 0 ? (
        <Empty
          text={summary.family.length ? `“我的家人”中没有 ${GIFT_MIN_AGE} 周岁及以上的家人` : '还没有添加家人'}
          action={
            <Button className="btn" onClick={() => Taro.navigateTo({ url: '/packages/booking/pages/family/index' })}>
              管理我的家人
            </Button>
          }
        />
      ) : (
        <View>
          <View className="field">
            <Text className="field__label">赠予谁</Text>
            <Picker mode="selector" range={eligible.map((m) => m.name)} value={index} onChange={(e) => setIndex(Number(e.detail.value))}>
              <View className="input credits-member">
                <Text>{member ? `${member.name}（点此更换）` : '点此选择'}</Text>
              </View>
            </Picker>
          </View>
          <View className="field">
            <Text className="field__label">数量（时间币，可保留一位小数）</Text>
            <Input className="input credits-give-amount" type="digit" nativeProps={{ 'aria-label': '赠予数量' }} maxlength={7} value={amount} onInput={(e) => setAmount(e.detail.value)} />
          </View>
          <Button className="btn btn--main credits-give-submit" disabled={action.busy || !(Number(amount) > 0)} onClick={give}>
            赠予
          </Button>
        </View>
      )}
      {summary.family.filter((m) => !m.eligible).map((m) => (
        <Text key={m.id} className="muted kv">
          {m.name}：{m.why}，不能赠予
        </Text>
      ))}
      <ActionResult action={action} className="credits-give-result" describe={(e) => (e.fields.length ? e.fields.map((f) => f.message).join('；') : e.message)} />
    </View>
  )
}

/** 捐入社区公益池: staff spend it on help requests of 重点空巢老人. */
function DonateForm({ summary, onMoved }: { summary: CreditsSummary; onMoved: () => void }) {
  const [amount, setAmount] = useState('')
  const action = useAction()
  const donate = async () => {
    if (!(await confirmAction({ title: '捐入社区公益池？', content: `${amount} 时间币将用于社区重点空巢老人的求助，不能撤回。`, confirmText: '捐赠' }))) return
    await action.run(async (key) => {
      await helpApi.donate(Number(amount), key)
      setAmount('')
      onMoved()
      return `✓ 感谢！已捐入 ${amount} 时间币`
    })
  }
  return (
    <View className="card credits-donate">
      <Text className="title">捐入社区公益池</Text>
      <Text className="muted kv">社区公益池现有 {creditsWords(summary.pool)} 时间币，由社区工作人员用于重点空巢老人的求助。</Text>
      <View className="field">
        <Text className="field__label">数量（时间币）</Text>
        <Input className="input credits-donate-amount" type="digit" nativeProps={{ 'aria-label': '捐赠数量' }} maxlength={7} value={amount} onInput={(e) => setAmount(e.detail.value)} />
      </View>
      <Button className="btn credits-donate-submit" disabled={action.busy || !(Number(amount) > 0)} onClick={donate}>
        捐赠
      </Button>
      <ActionResult action={action} className="credits-donate-result" describe={(e) => (e.fields.length ? e.fields.map((f) => f.message).join('；') : e.message)} />
    </View>
  )
}

function Ledger({ version }: { version: number }) {
  const first = useRequest(`ledger:${version}`, () => helpApi.ledger())
  const pages = useMorePages(first.data, (cursor) => helpApi.ledger(cursor))
  return (
    <View className="section credits-ledger">
      <Text className="title">明细</Text>
      {!first.data ? (
        <Waiting request={first} />
      ) : pages.items.length === 0 ? (
        <Empty text="还没有时间币记录。参加邻里求助服务、时长确认后会计入。" />
      ) : (
        pages.items.map((e) => (
          <View key={e.id} className="row credits-entry">
            <Text className="kv">
              {momentLabel(e.atLocal)} {e.kindLabel} {creditsWords(e.credits)}
              {e.detail ? `（${e.detail}）` : ''}
            </Text>
          </View>
        ))
      )}
      <LoadMore pages={pages} />
    </View>
  )
}

/** 我的时间币 (issue 12 item 6): balance and the cap, the ledger, give to family, donate. Never exchanged for money. */
export default function CreditsPage() {
  const { me } = useAppState()
  const [version, setVersion] = useState(0)
  const summary = useRequest(`credits:${version}:${me?.id ?? ''}`, () => helpApi.credits())
  const s = summary.data
  const bump = () => setVersion((n) => n + 1)
  if (!s) return <Page><Waiting request={summary} /></Page>
  return (
    <Page>
      <View className="card credits-balance">
        <Text className="title">我的时间币：{creditsWords(s.balance)}</Text>
        <Text className="kv">邻里求助服务时长经社区确认后计入，1 小时 = 1 时间币。</Text>
        <Text className="kv">
          每人最多持有 {CREDITS_CAP} 时间币，还可获得 {creditsWords(s.room)}；超出上限的服务时长不再计入时间币（志愿服务时长照常记录）。
        </Text>
        <Text className="kv credits-no-money">时间币不能兑换现金或物品，只能用于邻里求助、赠予 60 周岁及以上的家人或捐入社区公益池。</Text>
      </View>
      <GiveForm summary={s} onMoved={bump} />
      <DonateForm summary={s} onMoved={bump} />
      <Ledger version={version} />
    </Page>
  )
}
