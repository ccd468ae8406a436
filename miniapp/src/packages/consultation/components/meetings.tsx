import { Button, Input, Picker, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import {
  MEETING_KIND_LABELS,
  MEETING_PLACE_MAX_LENGTH,
  MEETING_TITLE_MAX_LENGTH,
  type Meeting,
  type MeetingKind,
  PARTICIPANT_TAG_LABELS,
  PARTICIPANT_TAGS,
  type ParticipantTag,
  type TopicDetail,
} from '@linli/shared'
import { useState } from 'react'
import type { ApiError } from '../../../api/client'
import { ActionResult } from '../../../components/action-result'
import { confirmAction } from '../../../components/confirm'
import { momentLabel } from '../../../components/dates'
import { Empty, Waiting } from '../../../components/state-view'
import { useAppState } from '../../../state/app-state'
import { useAction } from '../../../state/use-action'
import { useRequest } from '../../../state/use-request'
import { meetingsApi } from '../api/meetings'
import { quorumWords } from './quorum-words'

/** States in which staff may set a meeting (the BFF checks the same). */
const SCHEDULING: ReadonlySet<TopicDetail['state']> = new Set(['accepted', 'deliberating', 'voting'])
/** States in which a topic may have had meetings, to show them and their minutes. */
const WITH_MEETINGS: ReadonlySet<TopicDetail['state']> = new Set(['accepted', 'deliberating', 'voting', 'resolved', 'implementing', 'implemented', 'terminated'])
const KINDS: MeetingKind[] = ['representatives', 'resident_meeting']
const NO_RESERVED = '不预留'

function fieldMessage(error: ApiError | null, path: string): string | undefined {
  return error?.fields.find((f) => f.path === path || f.path.startsWith(`${path}.`))?.message
}

/** 开放座位 and each reserved pool, in words. */
function seatsLine(m: Meeting): string {
  return m.seats.map((s) => `${s.label} ${s.taken}/${s.capacity}`).join('，') + (m.waitlisted > 0 ? `，候补 ${m.waitlisted} 人` : '')
}

/** Those present against the quorum (quorum-words.ts). */
export function QuorumLine({ quorum, present, ended }: { quorum: Meeting['quorum']; present: number; ended: boolean }) {
  return <Text className="kv meeting-quorum">{quorumWords(quorum, present, ended)}</Text>
}

/** Her own registration: the code to show at the door, big, or her place on the waitlist. */
function MyRegistration({ meeting }: { meeting: Meeting }) {
  const mine = meeting.mine
  if (!mine) return null
  if (mine.status === 'waitlisted') return <Text className="kv meeting-waitlist">您在候补名单第 {mine.waitlistPosition ?? 1} 位，有人取消时会通知您</Text>
  return (
    <View className="meeting-mine">
      <Text className="kv">{mine.checkedIn ? '✓ 您已签到' : `✓ 您已报名${mine.seatTag ? `（${PARTICIPANT_TAG_LABELS[mine.seatTag]}预留座位）` : ''}`}</Text>
      {mine.checkInCode && !mine.checkedIn && (
        <>
          <Text className="muted kv">签到码（到场时告诉工作人员）</Text>
          <Text className="check-in-code meeting-code">{mine.checkInCode}</Text>
        </>
      )}
    </View>
  )
}

/** The confirmed show-of-hands tally (staff also see one waiting for its second confirmation). */
export function TallyView({ meeting }: { meeting: Meeting }) {
  const t = meeting.tally
  if (!t) return null
  return (
    <View className="meeting-tally">
      <Text className="title">现场表决结果{t.status === 'entered' ? '（待另一位工作人员确认）' : ''}</Text>
      <Text className="muted kv">到会 {t.present} 人</Text>
      {t.items.map((i) => (
        <Text key={i.label} className="kv meeting-tally-item">
          {i.label}：同意 {i.for}，反对 {i.against}，弃权 {i.abstain}
          {i.outcomeLabel ? ` · ${i.outcomeLabel}` : ''}
        </Text>
      ))}
      <Text className="muted kv">
        录入：{t.enteredBy}
        {t.confirmedBy ? `；确认：${t.confirmedBy}` : ''}
      </Text>
    </View>
  )
}

/** One meeting: when and where, the seats, her registration, and the result and minutes once there are. */
export function MeetingCard({ meeting, onChanged, linkToDetail }: { meeting: Meeting; onChanged: () => void; linkToDetail: boolean }) {
  const { me } = useAppState()
  const acting = useAction()
  const m = meeting
  const register = async () => {
    if (!me) {
      void Taro.navigateTo({ url: '/packages/account/pages/login/index' })
      return
    }
    if (!(await confirmAction({ title: '报名参会？', content: `${momentLabel(m.startsAtLocal)}，${m.place}。座位满了会进入候补名单。`, confirmText: '报名' }))) return
    await acting.run(async (key) => {
      const after = await meetingsApi.register(m.id, key)
      onChanged()
      return after.mine?.status === 'waitlisted' ? '座位已满，您已进入候补名单' : '报名成功，请记下签到码'
    })
  }
  const unregister = async () => {
    if (!(await confirmAction({ title: '取消报名？', content: '取消后座位会让给候补的居民。', confirmText: '取消报名', danger: true }))) return
    await acting.run(async () => {
      await meetingsApi.unregister(m.id)
      onChanged()
      return '已取消报名'
    })
  }
  return (
    <View className="card meeting">
      <Text className="title meeting-title">{m.title}</Text>
      <Text className="kv">
        {momentLabel(m.startsAtLocal)}–{m.endsAtLocal.time} · {m.place}
      </Text>
      <Text className="muted kv">
        {m.kindLabel}
        {m.phase === 'ongoing' ? ' · 进行中' : m.phase === 'ended' ? ' · 已结束' : ''}
      </Text>
      {m.status === 'cancelled' ? (
        <Text className="kv meeting-cancelled">会议已取消：{m.cancelReason}</Text>
      ) : (
        <>
          <Text className="kv meeting-seats">{seatsLine(m)}</Text>
          {m.seats.some((s) => s.tag) && m.phase === 'upcoming' && <Text className="muted kv">预留座位保留到 {momentLabel(m.reservedUntilLocal)}，之后开放给所有居民</Text>}
          {m.phase !== 'upcoming' && <QuorumLine quorum={m.quorum} present={m.present} ended={m.phase === 'ended'} />}
          <MyRegistration meeting={m} />
          {m.canRegister && (
            <Button className="btn btn--main meeting-register" disabled={acting.busy} onClick={register}>
              报名参会
            </Button>
          )}
          {!me && m.phase === 'upcoming' && (
            <Button className="btn btn--main meeting-register" onClick={register}>
              登录后报名
            </Button>
          )}
          {m.mine && m.phase === 'upcoming' && (
            <Button className="btn btn--danger meeting-unregister" disabled={acting.busy} onClick={unregister}>
              取消报名
            </Button>
          )}
          <ActionResult action={acting} />
        </>
      )}
      <TallyView meeting={m} />
      {m.minutes && (
        <View className="meeting-minutes">
          <Text className="title">会议纪要</Text>
          <Text className="kv meeting-minutes-text">{m.minutes}</Text>
          {m.minutesPublishedAtLocal && <Text className="muted kv">发布于 {momentLabel(m.minutesPublishedAtLocal)}</Text>}
        </View>
      )}
      {linkToDetail && (
        <Button className="btn meeting-open" onClick={() => Taro.navigateTo({ url: `/packages/consultation/pages/meeting/index?id=${m.id}` })}>
          {m.canManage ? '会议详情与现场签到台' : '会议详情'}
        </Button>
      )}
    </View>
  )
}

/** 安排议事会: staff set title, place, day and hours on the community's clock, open seats and one reserved pool. */
function NewMeetingForm({ topicId, onCreated }: { topicId: string; onCreated: () => void }) {
  const [open, setOpen] = useState(false)
  const [title, setTitle] = useState('')
  const [place, setPlace] = useState('')
  const [date, setDate] = useState('')
  const [startTime, setStartTime] = useState('19:00')
  const [endTime, setEndTime] = useState('20:30')
  const [kindIndex, setKindIndex] = useState(0)
  const [openSeats, setOpenSeats] = useState('30')
  const [tagIndex, setTagIndex] = useState(0)
  const [reservedSeats, setReservedSeats] = useState('5')
  const creating = useAction()
  const tagChoices = [NO_RESERVED, ...PARTICIPANT_TAGS.map((t) => PARTICIPANT_TAG_LABELS[t])]
  const tag: ParticipantTag | undefined = PARTICIPANT_TAGS[tagIndex - 1]
  const kind = KINDS[kindIndex] ?? 'representatives'
  if (!open) {
    return (
      <Button className="btn btn--main meeting-new" onClick={() => setOpen(true)}>
        安排议事会
      </Button>
    )
  }
  const submit = () =>
    creating.run(async (key) => {
      await meetingsApi.create(
        topicId,
        { title, place, date, startTime, endTime, kind, openSeats: Number(openSeats) || 0, reserved: tag ? [{ tag, seats: Number(reservedSeats) || 0 }] : [] },
        key,
      )
      setOpen(false)
      onCreated()
      return '已安排会议'
    })
  const error = (path: string) => fieldMessage(creating.error, path)
  return (
    <View className="card meeting-form">
      <Text className="title">安排议事会</Text>
      <View className="field">
        <Text className="field__label">会议名称</Text>
        <Input className="input meeting-title-input" nativeProps={{ 'aria-label': '会议名称' }} maxlength={MEETING_TITLE_MAX_LENGTH} value={title} onInput={(e) => setTitle(e.detail.value)} />
        {error('title') && <Text className="field__error">{error('title')}</Text>}
      </View>
      <View className="field">
        <Text className="field__label">会议地点</Text>
        <Input className="input meeting-place-input" nativeProps={{ 'aria-label': '会议地点' }} maxlength={MEETING_PLACE_MAX_LENGTH} value={place} onInput={(e) => setPlace(e.detail.value)} />
        {error('place') && <Text className="field__error">{error('place')}</Text>}
      </View>
      <View className="field">
        <Text className="field__label">日期（社区当地时间）</Text>
        <Picker mode="date" value={date} onChange={(e) => setDate(String(e.detail.value))}>
          <View className="input meeting-date">{date || '请选择日期'}</View>
        </Picker>
        {error('date') && <Text className="field__error">{error('date')}</Text>}
      </View>
      <View className="field">
        <Text className="field__label">开始和结束时间</Text>
        <View className="row">
          <Picker mode="time" value={startTime} onChange={(e) => setStartTime(String(e.detail.value))}>
            <View className="input meeting-start">开始 {startTime}</View>
          </Picker>
          <Picker mode="time" value={endTime} onChange={(e) => setEndTime(String(e.detail.value))}>
            <View className="input meeting-end">结束 {endTime}</View>
          </Picker>
        </View>
        {error('endTime') && <Text className="field__error">{error('endTime')}</Text>}
      </View>
      <View className="field">
        <Text className="field__label">会议类型（决定法定人数怎么算）</Text>
        <Picker mode="selector" range={KINDS.map((k) => MEETING_KIND_LABELS[k])} value={kindIndex} onChange={(e) => setKindIndex(Number(e.detail.value))}>
          <View className="input meeting-kind">{MEETING_KIND_LABELS[kind]}</View>
        </Picker>
      </View>
      <View className="field">
        <Text className="field__label">开放座位数</Text>
        <Input className="input meeting-open-seats" type="number" nativeProps={{ 'aria-label': '开放座位数' }} value={openSeats} onInput={(e) => setOpenSeats(e.detail.value)} />
        {error('openSeats') && <Text className="field__error">{error('openSeats')}</Text>}
      </View>
      <View className="field">
        <Text className="field__label">预留座位（只有该类人员可报名，会前一天开放）</Text>
        <Picker mode="selector" range={tagChoices} value={tagIndex} onChange={(e) => setTagIndex(Number(e.detail.value))}>
          <View className="input meeting-reserved-tag">{tagChoices[tagIndex]}</View>
        </Picker>
        {tag && <Input className="input meeting-reserved-seats" type="number" nativeProps={{ 'aria-label': '预留座位数' }} value={reservedSeats} onInput={(e) => setReservedSeats(e.detail.value)} />}
        {error('reserved') && <Text className="field__error">{error('reserved')}</Text>}
      </View>
      <Button className="btn btn--main meeting-create" disabled={creating.busy} onClick={submit}>
        确定安排
      </Button>
      <ActionResult action={creating} describe={(e) => (e.fields.length ? '请按提示修改后再提交' : e.message)} />
    </View>
  )
}

/**
 * 议事会 of a topic (issue 11 item 4): time, place, seats, registration with the check-in code or
 * the waitlist place, the confirmed tally and the minutes; staff set meetings and open the door desk.
 */
export function MeetingsSection({ topic, onChanged }: { topic: TopicDetail; onChanged: () => void }) {
  const { me } = useAppState()
  const [version, setVersion] = useState(0)
  const meetings = useRequest(WITH_MEETINGS.has(topic.state) ? `meetings:${topic.id}:${version}:${me?.id ?? ''}` : null, () => meetingsApi.list(topic.id))
  if (!WITH_MEETINGS.has(topic.state)) return null
  // Past 征集 only the community's staff may move a topic (终止), so moves name them.
  const staff = topic.moves.length > 0
  const reload = () => setVersion((n) => n + 1)
  const list = meetings.data?.items
  if (!list) return <Waiting request={meetings} />
  if (list.length === 0 && !(staff && SCHEDULING.has(topic.state))) return null
  return (
    <View className="section meetings">
      <Text className="headline">议事会</Text>
      {list.length === 0 && <Empty text="还没有安排会议" />}
      {list.map((m) => (
        <MeetingCard key={m.id} meeting={m} onChanged={reload} linkToDetail />
      ))}
      {staff && SCHEDULING.has(topic.state) && (
        <NewMeetingForm
          topicId={topic.id}
          onCreated={() => {
            reload()
            onChanged()
          }}
        />
      )}
    </View>
  )
}
