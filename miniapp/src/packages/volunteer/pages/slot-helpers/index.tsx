import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import {
  SLOT_HELPER_FIELD_MAX_LENGTH,
  SLOT_HELPER_REASON_MAX_LENGTH,
  SLOT_HELPER_ROLE_MAX_LENGTH,
  SLOT_HELPER_SEATS_MAX,
  SLOT_HELPER_SKILLS_MAX,
  type SlotHelpersBoard,
  type SlotHelpersRequest,
  VOLUNTEER_SKILL_LABELS,
  VOLUNTEER_SKILLS,
  type VolunteerSkill,
} from '@linli/shared'
import { useState } from 'react'
import { ActionResult } from '../../../../components/action-result'
import { Chips } from '../../../../components/chips'
import { confirmAction } from '../../../../components/confirm'
import { dayLabel } from '../../../../components/dates'
import { Page } from '../../../../components/page'
import { Empty, Waiting } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'
import { useRequest } from '../../../../state/use-request'
import { staffingApi } from '../../api/staffing'

type Slot = SlotHelpersBoard['items'][number]

/** The role a service's helpers usually take, offered so staff need not type it. */
const ROLE_OF_CATEGORY: Partial<Record<VolunteerSkill, string>> = { elder_care: '送餐员', tutoring: '作业辅导', legal: '咨询引导' }

const STATE_LABELS: Record<Slot['state'], string> = { open: '可预约', full: '已约满', closed: '暂停', unavailable: '预约已截止' }

const fieldsOrMessage = (e: { fields: { message: string }[]; message: string }) => (e.fields.length ? e.fields.map((f) => f.message).join('；') : e.message)

/** 招募志愿者 for one slot: seats, role, skills, and what the service does not say (place, risks). */
function RequestForm({ slot, category, onDone }: { slot: Slot; category: VolunteerSkill; onDone: () => void }) {
  const [seats, setSeats] = useState('2')
  const [role, setRole] = useState(ROLE_OF_CATEGORY[category] ?? '')
  const [skills, setSkills] = useState<VolunteerSkill[]>([category])
  const [duties, setDuties] = useState('')
  const [place, setPlace] = useState('')
  const [risks, setRisks] = useState('')
  const action = useAction()
  const toggle = (skill: VolunteerSkill) =>
    setSkills((now) => (now.includes(skill) ? now.filter((s) => s !== skill) : now.length < SLOT_HELPER_SKILLS_MAX ? [...now, skill] : now))
  const submit = () =>
    action.run(async (key) => {
      const created = await staffingApi.request({ slotId: slot.slotId, seats: Number(seats) || 0, role: role.trim(), requiredSkills: skills, duties, place, risks }, key)
      void Taro.showToast({ title: '已发布招募', icon: 'success' })
      onDone()
      return `✓ 已发布，已通知 ${created.notified ?? 0} 位有相关技能的志愿者`
    })
  return (
    <View className="helpers-form">
      <View className="field">
        <Text className="field__label">志愿者名额（1–{SLOT_HELPER_SEATS_MAX} 人）</Text>
        <Input className="input helpers-seats" type="number" maxlength={2} nativeProps={{ 'aria-label': '志愿者名额' }} value={seats} onInput={(e) => setSeats(e.detail.value)} />
      </View>
      <View className="field">
        <Text className="field__label">岗位</Text>
        <Input className="input helpers-role" nativeProps={{ 'aria-label': '岗位' }} maxlength={SLOT_HELPER_ROLE_MAX_LENGTH} placeholder="如 送餐员、作业辅导" value={role} onInput={(e) => setRole(e.detail.value)} />
      </View>
      <Text className="field__label">需要的技能（最多 {SLOT_HELPER_SKILLS_MAX} 项，会通知有这些技能的志愿者）</Text>
      <View className="chips helpers-skills">
        {VOLUNTEER_SKILLS.map((skill) => (
          <View key={skill} className={`chip ${skills.includes(skill) ? 'chip--active' : ''}`} role="checkbox" aria-checked={skills.includes(skill)} onClick={() => toggle(skill)}>
            <Text>
              {skills.includes(skill) ? '✓ ' : ''}
              {VOLUNTEER_SKILL_LABELS[skill]}
            </Text>
          </View>
        ))}
      </View>
      <View className="field">
        <Text className="field__label">服务内容（志愿者做什么）</Text>
        <Textarea className="input helpers-duties" nativeProps={{ 'aria-label': '服务内容' }} maxlength={SLOT_HELPER_FIELD_MAX_LENGTH} value={duties} onInput={(e) => setDuties(e.detail.value)} />
      </View>
      <View className="field">
        <Text className="field__label">服务地点（不填则为服务场所）</Text>
        <Input className="input helpers-place" nativeProps={{ 'aria-label': '服务地点' }} maxlength={SLOT_HELPER_FIELD_MAX_LENGTH} value={place} onInput={(e) => setPlace(e.detail.value)} />
      </View>
      <View className="field">
        <Text className="field__label">风险提示（如 雨天送餐注意路滑）</Text>
        <Textarea className="input helpers-risks" nativeProps={{ 'aria-label': '风险提示' }} maxlength={SLOT_HELPER_FIELD_MAX_LENGTH} value={risks} onInput={(e) => setRisks(e.detail.value)} />
      </View>
      <Button className="btn btn--main helpers-submit" disabled={action.busy} onClick={submit}>
        发布招募
      </Button>
      <ActionResult action={action} className="helpers-result" describe={fieldsOrMessage} />
    </View>
  )
}

/** A live request: seats, who signed up (names masked), and 取消招募 with a reason they are told. */
function RequestView({ request, onDone }: { request: SlotHelpersRequest; onDone: () => void }) {
  const [reason, setReason] = useState('')
  const action = useAction()
  const cancel = async () => {
    if (!(await confirmAction({ title: '取消招募？', content: '已报名和候补的志愿者都会收到取消通知，取消后不能恢复。', confirmText: '取消招募', danger: true }))) return
    await action.run(async () => {
      const { signupsCancelled } = await staffingApi.cancel(request.activityId, reason)
      void Taro.showToast({ title: '已取消招募', icon: 'success' })
      onDone()
      return `招募已取消，${signupsCancelled} 位志愿者已收到通知`
    })
  }
  return (
    <View className="helpers-request">
      <Text className="kv">
        {request.role} · 名额 {request.seats} 人 · 已报名 {request.taken} 人{request.waitlisted > 0 ? ` · 候补 ${request.waitlisted} 人` : ''}
      </Text>
      <Text className="kv muted">地点：{request.place}</Text>
      {request.helpers.length === 0 ? (
        <Text className="kv muted">还没有志愿者报名</Text>
      ) : (
        <Text className="kv helpers-names">报名志愿者：{request.helpers.map((h) => `${h.name}${h.status === 'waitlisted' ? '（候补）' : ''}`).join('、')}</Text>
      )}
      <View className="field">
        <Text className="field__label">取消原因（会通知已报名的志愿者）</Text>
        <Textarea className="input helpers-cancel-reason" nativeProps={{ 'aria-label': '取消原因' }} maxlength={SLOT_HELPER_REASON_MAX_LENGTH} value={reason} onInput={(e) => setReason(e.detail.value)} />
      </View>
      <Button className="btn btn--danger helpers-cancel" disabled={action.busy} onClick={cancel}>
        取消招募
      </Button>
      <ActionResult action={action} describe={fieldsOrMessage} />
    </View>
  )
}

function SlotCard({ slot, category, onDone }: { slot: Slot; category: VolunteerSkill; onDone: () => void }) {
  const [open, setOpen] = useState(false)
  const live = slot.request?.status === 'published' ? slot.request : null
  const ended = slot.request && !live ? slot.request : null
  return (
    <View className="card slot-helpers">
      <Text className="title">
        {dayLabel(slot.date)} {slot.time}
      </Text>
      <Text className="kv muted">
        预约状态：{STATE_LABELS[slot.state]}
        {slot.note ? `（${slot.note}）` : ''}
      </Text>
      {ended && <Text className="kv muted">此前的招募已取消：{ended.cancelReason ?? ''}</Text>}
      {live ? (
        <RequestView request={live} onDone={onDone} />
      ) : slot.state === 'closed' ? (
        <Text className="kv muted">时段暂停，不能招募志愿者</Text>
      ) : slot.started ? (
        <Text className="kv muted">时段已开始，不能再招募志愿者</Text>
      ) : open ? (
        <RequestForm slot={slot} category={category} onDone={onDone} />
      ) : (
        <Button className="btn btn--main helpers-open" onClick={() => setOpen(true)}>
          招募志愿者
        </Button>
      )}
    </View>
  )
}

/** 服务志愿者 (issue 12 item 7): staff see a service's coming slots and ask them for volunteer helpers. */
export default function SlotHelpersPage() {
  const { params } = useRouter()
  const { me } = useAppState()
  const communityId = params.communityId ?? me?.roles.find((r) => r.role === 'staff')?.communityId ?? null
  const services = useRequest(communityId ? `slot-services:${communityId}` : null, () => staffingApi.services(communityId ?? ''))
  const [chosen, setChosen] = useState<string | null>(null)
  const serviceId = chosen ?? services.data?.items[0]?.serviceId ?? null
  const [version, setVersion] = useState(0)
  const board = useRequest(serviceId ? `slot-helpers:${serviceId}:${version}` : null, () => staffingApi.board(serviceId ?? ''))
  const reload = () => setVersion((n) => n + 1)
  if (!communityId) return <Page><Empty text="只有社区工作人员可以招募服务志愿者" /></Page>
  if (!services.data) return <Page><Waiting request={services} /></Page>
  if (services.data.items.length === 0) return <Page><Empty text="本社区还没有开通线上预约的服务" /></Page>
  return (
    <Page>
      <View className="card">
        <Text className="title">选择服务</Text>
        <Text className="kv muted">为助餐送餐、课后托管等服务时段招募志愿者；志愿者在志愿服务页报名，签到签退记录时长。</Text>
        <Chips className="service-chips" choices={services.data.items.map((s) => ({ value: s.serviceId, label: s.name }))} value={serviceId} onChange={setChosen} />
      </View>
      {!board.data || board.data.serviceId !== serviceId ? (
        <Waiting request={board} />
      ) : board.data.items.length === 0 ? (
        <Empty text="近几天没有服务时段" />
      ) : (
        board.data.items.map((slot) => <SlotCard key={`${slot.slotId}:${slot.request?.activityId ?? ''}:${slot.request?.status ?? ''}`} slot={slot} category={board.data?.category ?? 'other'} onDone={reload} />)
      )}
      <Text className="kv muted page-note">时间以社区所在地为准。</Text>
    </Page>
  )
}
