import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { HELP_KIND_LABELS, HELP_KINDS, HELP_NEEDS_MAX_LENGTH, HELP_PLACE_MAX_LENGTH, HELP_REASON_MAX_LENGTH, type HelpKind, type HelpRequest } from '@linli/shared'
import { type ReactElement, useState } from 'react'
import { bookingApi } from '../../../../api/booking'
import { ActionResult } from '../../../../components/action-result'
import { Chips } from '../../../../components/chips'
import { confirmAction } from '../../../../components/confirm'
import { Page } from '../../../../components/page'
import { Empty, LoadMore, Waiting } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'
import { useMorePages } from '../../../../state/use-more-pages'
import { useRequest } from '../../../../state/use-request'
import { useToday } from '../../../../state/use-today'
import { type HelpView, helpApi } from '../../api/help'
import { creditsWords } from '../../components/credits-words'
import { HelpCard } from '../../components/help-card'
import { slotLabel } from '../../../../components/dates'

/** 我要求助: for herself or one of her 我的家人, a time on the community's clock, what is needed, a contact the volunteer sees once she has taken it. */
function PostForm({ onPosted }: { onPosted: () => void }) {
  const { communityId } = useAppState()
  const today = useToday(communityId).data?.date ?? ''
  const family = useRequest('family', () => bookingApi.family())
  const [kind, setKind] = useState<HelpKind>('escort_medical')
  const [forWhom, setForWhom] = useState('self')
  const [date, setDate] = useState('')
  const [startTime, setStartTime] = useState('09:00')
  const [endTime, setEndTime] = useState('11:00')
  const [place, setPlace] = useState('')
  const [needs, setNeeds] = useState('')
  const [contactName, setContactName] = useState('')
  const [contactPhone, setContactPhone] = useState('')
  const [pay, setPay] = useState<'none' | 'own' | 'beneficiary'>('none')
  const action = useAction()
  const members = family.data?.items ?? []
  const submit = () =>
    action.run(async (key) => {
      await helpApi.post(
        { kind, ...(forWhom === 'self' ? {} : { familyMemberId: forWhom }), date, startTime, endTime, place, needs, contactName, contactPhone, pay: forWhom === 'self' && pay === 'beneficiary' ? 'none' : pay },
        key,
      )
      setNeeds('')
      onPosted()
      return '✓ 已提交，社区工作人员审核后会通知您'
    })
  const fieldError = (path: string) => action.error?.fields.find((f) => f.path === path)?.message
  return (
    <View className="card help-form">
      <Text className="title">我要求助</Text>
      <Text className="muted kv">社区审核通过后，志愿者接单上门服务；联系方式只给接单的志愿者看。</Text>
      <View className="field">
        <Text className="field__label">需要哪种帮助</Text>
        <Chips<HelpKind> className="help-kind" choices={HELP_KINDS.map((k) => ({ value: k, label: HELP_KIND_LABELS[k] }))} value={kind} onChange={setKind} />
      </View>
      <View className="field">
        <Text className="field__label">为谁求助</Text>
        <Chips className="help-for" choices={[{ value: 'self', label: '我自己' }, ...members.map((m) => ({ value: m.id, label: m.name }))]} value={forWhom} onChange={setForWhom} />
        {family.data && members.length === 0 && <Text className="muted kv">为家人求助，请先在“我的家人”中添加。</Text>}
      </View>
      <View className="field">
        <Text className="field__label">服务日期</Text>
        <Picker mode="date" value={date || today} start={today} onChange={(e) => setDate(String(e.detail.value))}>
          <View className="input help-date">
            <Text>{date || '点此选择日期'}</Text>
          </View>
        </Picker>
        {fieldError('date') && <Text className="field__error">{fieldError('date')}</Text>}
      </View>
      <View className="field">
        <Text className="field__label">开始时间</Text>
        <Picker mode="time" value={startTime} onChange={(e) => setStartTime(String(e.detail.value))}>
          <View className="input help-start">
            <Text>{startTime}</Text>
          </View>
        </Picker>
      </View>
      <View className="field">
        <Text className="field__label">结束时间（最长 4 小时）</Text>
        <Picker mode="time" value={endTime} onChange={(e) => setEndTime(String(e.detail.value))}>
          <View className="input help-end">
            <Text>{endTime}</Text>
          </View>
        </Picker>
        {fieldError('endTime') && <Text className="field__error">{fieldError('endTime')}</Text>}
      </View>
      <View className="field">
        <Text className="field__label">服务地点</Text>
        <Input className="input help-place" nativeProps={{ 'aria-label': '服务地点' }} maxlength={HELP_PLACE_MAX_LENGTH} value={place} onInput={(e) => setPlace(e.detail.value)} />
        {fieldError('place') && <Text className="field__error">{fieldError('place')}</Text>}
      </View>
      <View className="field">
        <Text className="field__label">需要什么帮助（{HELP_NEEDS_MAX_LENGTH} 字以内）</Text>
        <Textarea className="input help-needs" nativeProps={{ 'aria-label': '需要什么帮助' }} maxlength={HELP_NEEDS_MAX_LENGTH} value={needs} onInput={(e) => setNeeds(e.detail.value)} />
        {fieldError('needs') && <Text className="field__error">{fieldError('needs')}</Text>}
      </View>
      <View className="field">
        <Text className="field__label">联系人</Text>
        <Input className="input help-contact-name" nativeProps={{ 'aria-label': '联系人' }} maxlength={20} value={contactName} onInput={(e) => setContactName(e.detail.value)} />
        {fieldError('contactName') && <Text className="field__error">{fieldError('contactName')}</Text>}
      </View>
      <View className="field">
        <Text className="field__label">联系电话（接单后志愿者可见）</Text>
        <Input className="input help-contact-phone" type="number" nativeProps={{ 'aria-label': '联系电话' }} maxlength={11} value={contactPhone} onInput={(e) => setContactPhone(e.detail.value)} />
        {fieldError('contactPhone') && <Text className="field__error">{fieldError('contactPhone')}</Text>}
      </View>
      <View className="field">
        <Text className="field__label">是否用时间币</Text>
        <Chips<'none' | 'own' | 'beneficiary'>
          className="help-pay"
          choices={[
            { value: 'none' as const, label: '不用' },
            { value: 'own' as const, label: '用我的' },
            ...(forWhom === 'self' ? [] : [{ value: 'beneficiary' as const, label: '用老人的' }]),
          ]}
          value={pay}
          onChange={setPay}
        />
        <Text className="muted kv">审核通过时预扣，按实际服务时长结算，多扣的退回。</Text>
      </View>
      <Button className="btn btn--main help-submit" disabled={action.busy} onClick={submit}>
        提交求助
      </Button>
      <ActionResult action={action} className="help-result" describe={(e) => (e.fields.length ? '请按提示修改' : e.message)} />
    </View>
  )
}

/** One list of requests, paged by cursor. */
function RequestList({ view, title, empty, version, communityId, render }: { view: HelpView; title: string; empty: string; version: number; communityId?: string; render?: (r: HelpRequest) => ReactElement }) {
  const first = useRequest(`help:${view}:${communityId ?? ''}:${version}`, () => helpApi.list(view, communityId ? { communityId } : {}))
  const pages = useMorePages(first.data, (cursor) => helpApi.list(view, { cursor, ...(communityId ? { communityId } : {}) }))
  return (
    <View className={`section help-${view}`}>
      <Text className="title">{title}</Text>
      {!first.data ? (
        first.error?.code === 'VOLUNTEER_NOT_REGISTERED' ? (
          <Empty
            text="注册成为志愿者后可以接单"
            action={
              <Button className="btn" onClick={() => Taro.navigateTo({ url: '/packages/volunteer/pages/register/index' })}>
                去注册
              </Button>
            }
          />
        ) : (
          <Waiting request={first} />
        )
      ) : pages.items.length === 0 ? (
        <Empty text={empty} />
      ) : (
        pages.items.map((r) => (render ? <View key={r.id}>{render(r)}</View> : <HelpCard key={r.id} request={r} />))
      )}
      <LoadMore pages={pages} />
    </View>
  )
}

/** 接单 from the open list. */
function TakeButton({ request, onTaken }: { request: HelpRequest; onTaken: () => void }) {
  const action = useAction()
  const take = async () => {
    if (!(await confirmAction({ title: '确认接单？', content: `${slotLabel(request.date, `${request.startTime}–${request.endTime}`)}，${request.place}。服务开始前可以退回。`, confirmText: '接单' }))) return
    await action.run(async (key) => {
      await helpApi.take(request.id, key)
      onTaken()
      return '✓ 接单成功，请按时上门'
    })
  }
  return (
    <View>
      <HelpCard request={request} />
      {request.canTake && (
        <Button className="btn btn--main help-take" disabled={action.busy} onClick={take}>
          接单
        </Button>
      )}
      <ActionResult action={action} />
    </View>
  )
}

/** 审核: approve (the pool pays for a 重点空巢老人 if staff tick it) or decline with a reason. */
function Decide({ request, onDecided }: { request: HelpRequest; onDecided: () => void }) {
  const [reason, setReason] = useState('')
  const [pool, setPool] = useState<'no' | 'yes'>('no')
  const action = useAction()
  const approve = async () => {
    if (!(await confirmAction({ title: '通过这条求助？', content: pool === 'yes' ? '将由社区公益池支付时间币，并开放给志愿者接单。' : '将开放给本社区志愿者接单。', confirmText: '通过' }))) return
    await action.run(async () => {
      await helpApi.approve(request.id, pool === 'yes')
      onDecided()
      return '✓ 已通过'
    })
  }
  const decline = async () => {
    if (!(await confirmAction({ title: '不通过？', content: '原因会告诉求助人。', confirmText: '不通过', danger: true }))) return
    await action.run(async () => {
      await helpApi.decline(request.id, reason)
      onDecided()
      return '已告知求助人'
    })
  }
  return (
    <View>
      <HelpCard request={request} />
      <View className="card help-decide">
        <Text className="field__label">重点空巢老人，由社区公益池支付？</Text>
        <Chips<'no' | 'yes'> className="help-pool" choices={[{ value: 'no' as const, label: '否' }, { value: 'yes' as const, label: '是，公益池支付' }]} value={pool} onChange={setPool} />
        <Button className="btn btn--main help-approve" disabled={action.busy} onClick={approve}>
          通过
        </Button>
        <Text className="field__label">不通过的原因</Text>
        <Textarea className="input help-decline-reason" nativeProps={{ 'aria-label': '不通过的原因' }} maxlength={HELP_REASON_MAX_LENGTH} value={reason} onInput={(e) => setReason(e.detail.value)} />
        <Button className="btn btn--danger help-decline" disabled={action.busy} onClick={decline}>
          不通过
        </Button>
        <ActionResult action={action} describe={(e) => (e.fields.length ? e.fields.map((f) => f.message).join('；') : e.message)} />
      </View>
    </View>
  )
}

function StaffView({ communityId }: { communityId: string }) {
  const [version, setVersion] = useState(0)
  const pool = useRequest(`help-pool:${communityId}:${version}`, () => helpApi.pool(communityId))
  return (
    <View>
      <View className="card help-pool-card">
        <Text className="title">社区公益池</Text>
        {pool.data ? <Text className="kv">余额：{creditsWords(pool.data.balance)} 时间币（居民捐赠，用于重点空巢老人的求助）</Text> : <Waiting request={pool} />}
      </View>
      <RequestList view="pending" title="待审核的求助" empty="没有待审核的求助" version={version} communityId={communityId} render={(r) => <Decide request={r} onDecided={() => setVersion((n) => n + 1)} />} />
    </View>
  )
}

/** 邻里求助 (issue 12 item 6): her requests and the form; for volunteers the open ones and those she took; `?mode=staff` the review queue and the pool. */
export default function HelpListPage() {
  const { params } = useRouter()
  const { me, communityId } = useAppState()
  const [version, setVersion] = useState(0)
  const bump = () => setVersion((n) => n + 1)
  if (!me) return <Page><Empty text="请先登录" action={<Button className="btn btn--main" onClick={() => Taro.navigateTo({ url: '/packages/account/pages/login/index' })}>去登录</Button>} /></Page>
  if (params.mode === 'staff') {
    const staffCommunity = me.roles.find((g) => g.role === 'staff')?.communityId ?? communityId
    return <Page>{staffCommunity ? <StaffView communityId={staffCommunity} /> : <Empty text="没有可管理的社区" />}</Page>
  }
  return (
    <Page>
      <View className="card">
        <Button className="btn help-credits-link" onClick={() => Taro.navigateTo({ url: '/packages/volunteer/pages/credits/index' })}>
          我的时间币
        </Button>
      </View>
      <PostForm onPosted={bump} />
      <RequestList view="mine" title="我的求助" empty="还没有发布过求助" version={version} />
      <RequestList view="open" title="可接单的求助（志愿者）" empty="暂时没有待接单的求助" version={version} render={(r) => <TakeButton request={r} onTaken={bump} />} />
      <RequestList view="taken" title="我接的单" empty="还没有接过单" version={version} />
    </Page>
  )
}
