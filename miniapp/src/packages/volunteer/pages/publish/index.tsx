import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import {
  ACTIVITY_CONTENT_MAX_LENGTH,
  ACTIVITY_FIELD_MAX_LENGTH,
  ACTIVITY_SHIFTS_MAX,
  ACTIVITY_TITLE_MAX_LENGTH,
  type Activity,
  SHIFT_ROLE_MAX_LENGTH,
  VOLUNTEER_SKILLS,
  VOLUNTEER_SKILL_LABELS,
  type VolunteerSkill,
} from '@linli/shared'
import { useEffect, useState } from 'react'
import type { ApiError } from '../../../../api/client'
import { ActionResult } from '../../../../components/action-result'
import { Chips } from '../../../../components/chips'
import { Field } from '../../../../components/field'
import { confirmAction } from '../../../../components/confirm'
import { addDays } from '../../../../components/dates'
import { Page } from '../../../../components/page'
import { Waiting } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'
import { useRequest } from '../../../../state/use-request'
import { useToday } from '../../../../state/use-today'
import { activitiesApi } from '../../api/activities'

interface ShiftDraft {
  role: string
  date: string
  startTime: string
  endTime: string
  seats: string
}

const SKILL_CHOICES = VOLUNTEER_SKILLS.map((s) => ({ value: s, label: VOLUNTEER_SKILL_LABELS[s] }))
const fieldError = (error: ApiError | null, path: string) => error?.fields.find((f) => f.path === path || f.path.startsWith(`${path}.`))?.message
const describe = (e: ApiError) => (e.fields.length ? e.fields.map((f) => f.message).join('；') : e.message)

function Check({ on, onToggle, text, className }: { on: boolean; onToggle: () => void; text: string; className: string }) {
  return (
    <View className={`checkbox-row ${className}`} role="checkbox" aria-checked={on} onClick={onToggle}>
      <Text className="chip-mark">{on ? '☑' : '☐'}</Text>
      <Text>{text}</Text>
    </View>
  )
}

/** One shift's day and times with WeChat's pickers; role and seats typed (a published shift keeps its role; `signedUp` shows under its seats). */
function ShiftEditor({
  shift,
  index,
  onChange,
  onRemove,
  withRole = true,
  withSeats = true,
  signedUp,
}: {
  shift: ShiftDraft
  index: number
  onChange: (s: ShiftDraft) => void
  onRemove?: () => void
  withRole?: boolean
  withSeats?: boolean
  signedUp?: number
}) {
  const set = (patch: Partial<ShiftDraft>) => onChange({ ...shift, ...patch })
  return (
    <View className="card shift-editor">
      <Text className="title">
        班次 {index + 1}
        {withRole ? '' : `：${shift.role}`}
      </Text>
      {withRole && (
        <Field label="岗位（如 引导员）">
          <Input className="input shift-role-input" nativeProps={{ 'aria-label': `班次 ${index + 1} 岗位` }} maxlength={SHIFT_ROLE_MAX_LENGTH} value={shift.role} onInput={(e) => set({ role: e.detail.value })} />
        </Field>
      )}
      <View className="row">
        <Picker mode="date" value={shift.date} onChange={(e) => set({ date: String(e.detail.value) })}>
          <View className="input shift-date">
            <Text>日期 {shift.date}</Text>
          </View>
        </Picker>
      </View>
      <View className="row">
        <Picker mode="time" value={shift.startTime} onChange={(e) => set({ startTime: String(e.detail.value) })}>
          <View className="input shift-start">
            <Text>开始 {shift.startTime}</Text>
          </View>
        </Picker>
        <Picker mode="time" value={shift.endTime} onChange={(e) => set({ endTime: String(e.detail.value) })}>
          <View className="input shift-end">
            <Text>结束 {shift.endTime}</Text>
          </View>
        </Picker>
      </View>
      {withSeats && (
        <Field label="名额（人）">
          <Input className="input shift-seats-input" type="number" nativeProps={{ 'aria-label': `班次 ${index + 1} 名额` }} maxlength={3} value={shift.seats} onInput={(e) => set({ seats: e.detail.value })} />
        </Field>
      )}
      {withSeats && signedUp !== undefined && <Text className="muted kv shift-signed-up">已报名 {signedUp} 人；增加名额时，候补的志愿者按先后自动补上并收到通知</Text>}
      {onRemove && (
        <Button className="btn remove-shift" onClick={onRemove}>
          删除这个班次
        </Button>
      )}
    </View>
  )
}

/** 修改时间、地点或名额 of a published activity: everyone signed up is told; new seats go to those waiting. */
function ScheduleForm({ activity }: { activity: Activity }) {
  const [place, setPlace] = useState(activity.place)
  const [shifts, setShifts] = useState<ShiftDraft[]>(
    activity.shifts.map((s) => ({ role: s.role, date: s.startsAtLocal.date, startTime: s.startsAtLocal.time, endTime: s.endsAtLocal.time, seats: String(s.capacity) })),
  )
  const action = useAction()
  const seatsEditable = activity.kind === 'activity'
  const save = async () => {
    if (!(await confirmAction({ title: '保存修改？', content: '已报名和候补的志愿者会收到时间或地点变更通知；增加的名额自动给候补的志愿者。', confirmText: '保存' }))) return
    await action.run(async () => {
      await activitiesApi.schedule(activity.id, {
        place: place.trim(),
        // A help request's one taker and a service slot's helpers keep their seats here.
        shifts: shifts.map((s, i) => ({ shiftId: activity.shifts[i]?.id ?? '', date: s.date, startTime: s.startTime, endTime: s.endTime, ...(seatsEditable ? { seats: Number(s.seats) } : {}) })),
      })
      void Taro.redirectTo({ url: `/packages/volunteer/pages/activity/index?id=${activity.id}` })
      return '✓ 已保存，已通知报名的志愿者'
    })
  }
  return (
    <View>
      <Text className="title">{activity.title}：修改时间、地点或名额</Text>
      <Field label="活动地点" error={fieldError(action.error, 'place')}>
        <Input className="input place-input" nativeProps={{ 'aria-label': '活动地点' }} maxlength={ACTIVITY_FIELD_MAX_LENGTH} value={place} onInput={(e) => setPlace(e.detail.value)} />
      </Field>
      {shifts.map((s, i) => (
        <ShiftEditor
          key={activity.shifts[i]?.id ?? i}
          shift={s}
          index={i}
          withRole={false}
          withSeats={seatsEditable}
          signedUp={(activity.shifts[i]?.capacity ?? 0) - (activity.shifts[i]?.seatsLeft ?? 0)}
          onChange={(next) => setShifts((all) => all.map((x, j) => (j === i ? next : x)))}
        />
      ))}
      <Button className="btn btn--main save-schedule" disabled={action.busy} onClick={save}>
        保存修改
      </Button>
      <ActionResult action={action} describe={describe} />
    </View>
  )
}

/** What volunteers will read, before it is published (GB/T 40143's list). */
function Preview({ v }: { v: { title: string; content: string; category: VolunteerSkill; place: string; minAge: string; minors: boolean; skills: VolunteerSkill[]; training: string; howToSignUp: string; risks: string; risky: boolean; insurance: string; shifts: ShiftDraft[] } }) {
  const headcount = v.shifts.reduce((n, s) => n + (Number(s.seats) || 0), 0)
  return (
    <View className="card activity-preview">
      <Text className="title">预览：志愿者看到的信息</Text>
      <Text className="kv">{v.title || '（活动名称）'}</Text>
      <Text className="muted kv">{v.content || '（活动内容）'}</Text>
      <Text className="kv">服务类别：{VOLUNTEER_SKILL_LABELS[v.category]} · 地点：{v.place || '（未填）'}</Text>
      <Text className="kv">招募人数：{headcount} 人，共 {v.shifts.length} 个班次</Text>
      <Text className="kv">
        年龄要求：年满 {v.minAge || '18'} 周岁{v.minors ? '；未满 14 周岁须由监护人陪同' : ''}
      </Text>
      <Text className="kv">技能要求：{v.skills.length ? v.skills.map((s) => VOLUNTEER_SKILL_LABELS[s]).join('、') : '无'}</Text>
      <Text className="kv">培训要求：{v.training || '无需培训'}</Text>
      <Text className="kv">报名方式：{v.howToSignUp}</Text>
      <Text className="kv">风险提示：{v.risks || '无'}</Text>
      <Text className={`kv ${v.risky && !v.insurance ? 'field__error' : ''}`}>意外保险：{v.insurance || (v.risky ? '有风险的活动须先安排保险才能发布' : '未安排')}</Text>
    </View>
  )
}

/** 发布志愿活动 for staff and team leaders (issue 12 item 2); `?activityId=` changes time or place instead. */
export default function PublishPage() {
  const { params } = useRouter()
  const { me, communityId: browsing } = useAppState()
  const activityId = params.activityId
  const communityId = params.communityId || me?.roles.find((r) => r.role === 'staff')?.communityId || browsing || ''
  const today = useToday(communityId || null)
  const existing = useRequest(activityId ? `activity:${activityId}` : null, () => activitiesApi.activity(activityId ?? ''))
  useEffect(() => {
    // The page's config titles it 发布志愿活动; changing a published one is another task. Short
    // enough for the bar in 长辈模式 (the heading below says what may change).
    if (activityId) void Taro.setNavigationBarTitle({ title: '修改活动安排' })
  }, [activityId])
  if (activityId) {
    return <Page>{existing.data ? <ScheduleForm activity={existing.data} /> : <Waiting request={existing} />}</Page>
  }
  if (!today.data) return <Page><Waiting request={today} /></Page>
  return (
    <Page>
      <NewActivityForm communityId={communityId} teamId={params.teamId || null} firstDay={addDays(today.data.date, 1)} />
    </Page>
  )
}

function NewActivityForm({ communityId, teamId, firstDay }: { communityId: string; teamId: string | null; firstDay: string }) {
  const [title, setTitle] = useState('')
  const [content, setContent] = useState('')
  const [category, setCategory] = useState<VolunteerSkill>('elder_care')
  const [place, setPlace] = useState('')
  const [skills, setSkills] = useState<VolunteerSkill[]>([])
  const [minAge, setMinAge] = useState('18')
  const [minors, setMinors] = useState(false)
  const [training, setTraining] = useState('')
  const [howToSignUp, setHowToSignUp] = useState('在“邻里”小程序志愿活动页报名')
  const [risks, setRisks] = useState('')
  const [risky, setRisky] = useState(false)
  const [insurance, setInsurance] = useState('')
  const [shifts, setShifts] = useState<ShiftDraft[]>([{ role: '志愿者', date: firstDay, startTime: '09:00', endTime: '11:00', seats: '5' }])
  const action = useAction()
  const toggleSkill = (s: VolunteerSkill) => setSkills((all) => (all.includes(s) ? all.filter((x) => x !== s) : [...all, s]))
  const addShift = () => setShifts((all) => [...all, { ...(all[all.length - 1] as ShiftDraft), startTime: '14:00', endTime: '16:00' }])
  const submit = async (publish: boolean) => {
    const ok = await confirmAction(
      publish ? { title: '发布活动？', content: '发布后本社区志愿者即可报名。', confirmText: '发布' } : { title: '保存草稿？', content: '草稿只有组织者可见，之后可在活动页发布。', confirmText: '保存' },
    )
    if (!ok) return
    await action.run(async (key) => {
      const created = await activitiesApi.create(
        {
          communityId,
          teamId,
          title: title.trim(),
          content: content.trim(),
          category,
          place: place.trim(),
          requiredSkills: skills,
          minAge: Number(minAge) || 0,
          minorsWithGuardian: minors,
          training: training.trim(),
          howToSignUp: howToSignUp.trim(),
          risks: risks.trim(),
          risky,
          insurance: insurance.trim(),
          shifts: shifts.map((s) => ({ role: s.role.trim(), date: s.date, startTime: s.startTime, endTime: s.endTime, seats: Number(s.seats) || 0 })),
          publish,
        },
        key,
      )
      void Taro.redirectTo({ url: `/packages/volunteer/pages/activity/index?id=${created.id}` })
      return publish ? '✓ 已发布' : '✓ 草稿已保存'
    })
  }
  const e = action.error
  return (
    <View className="publish-form">
      <Field label="活动名称" error={fieldError(e, 'title')}>
        <Input className="input title-input" nativeProps={{ 'aria-label': '活动名称' }} maxlength={ACTIVITY_TITLE_MAX_LENGTH} value={title} onInput={(x) => setTitle(x.detail.value)} />
      </Field>
      <Field label="活动内容" error={fieldError(e, 'content')}>
        <Textarea className="input content-input" nativeProps={{ 'aria-label': '活动内容' }} maxlength={ACTIVITY_CONTENT_MAX_LENGTH} value={content} onInput={(x) => setContent(x.detail.value)} />
      </Field>
      <Field label="服务类别">
        <Chips<VolunteerSkill> className="category-choice" choices={SKILL_CHOICES} value={category} onChange={setCategory} />
      </Field>
      <Field label="活动地点" error={fieldError(e, 'place')}>
        <Input className="input place-input" nativeProps={{ 'aria-label': '活动地点' }} maxlength={ACTIVITY_FIELD_MAX_LENGTH} value={place} onInput={(x) => setPlace(x.detail.value)} />
      </Field>
      <Field label="技能要求（可多选，不选为不限）">
        <View className="chips skill-choice">
          {VOLUNTEER_SKILLS.map((s) => (
            <View key={s} className={`chip ${skills.includes(s) ? 'chip--active' : ''}`} role="checkbox" aria-checked={skills.includes(s)} onClick={() => toggleSkill(s)}>
              <Text>
                {skills.includes(s) ? '✓ ' : ''}
                {VOLUNTEER_SKILL_LABELS[s]}
              </Text>
            </View>
          ))}
        </View>
      </Field>
      <Field label="最低年龄（周岁）" error={fieldError(e, 'minAge')}>
        <Input className="input min-age-input" type="number" nativeProps={{ 'aria-label': '最低年龄' }} maxlength={2} value={minAge} onInput={(x) => setMinAge(x.detail.value)} />
      </Field>
      <Check className="minors-check" on={minors} onToggle={() => setMinors((m) => !m)} text="允许未满 14 周岁的未成年人在监护人陪同下参加" />
      <Field label="培训要求（不需要培训可不填）" error={fieldError(e, 'training')}>
        <Input className="input training-input" nativeProps={{ 'aria-label': '培训要求' }} maxlength={ACTIVITY_FIELD_MAX_LENGTH} value={training} onInput={(x) => setTraining(x.detail.value)} />
      </Field>
      <Field label="报名方式" error={fieldError(e, 'howToSignUp')}>
        <Input className="input how-input" nativeProps={{ 'aria-label': '报名方式' }} maxlength={ACTIVITY_FIELD_MAX_LENGTH} value={howToSignUp} onInput={(x) => setHowToSignUp(x.detail.value)} />
      </Field>
      <Field label="风险提示" error={fieldError(e, 'risks')}>
        <Textarea className="input risks-input" nativeProps={{ 'aria-label': '风险提示' }} maxlength={ACTIVITY_FIELD_MAX_LENGTH} value={risks} onInput={(x) => setRisks(x.detail.value)} />
      </Field>
      <Check className="risky-check" on={risky} onToggle={() => setRisky((r) => !r)} text="有安全风险（须安排意外保险后才能发布）" />
      <Field label="意外保险安排（如 保险公司、保额）" error={fieldError(e, 'insurance')}>
        <Input className="input insurance-input" nativeProps={{ 'aria-label': '意外保险安排' }} maxlength={ACTIVITY_FIELD_MAX_LENGTH} value={insurance} onInput={(x) => setInsurance(x.detail.value)} />
      </Field>
      {shifts.map((s, i) => (
        <ShiftEditor
          key={i}
          shift={s}
          index={i}
          onChange={(next) => setShifts((all) => all.map((x, j) => (j === i ? next : x)))}
          onRemove={shifts.length > 1 ? () => setShifts((all) => all.filter((_, j) => j !== i)) : undefined}
        />
      ))}
      {shifts.length < ACTIVITY_SHIFTS_MAX && (
        <Button className="btn add-shift" onClick={addShift}>
          添加班次
        </Button>
      )}
      <Preview v={{ title, content, category, place, minAge, minors, skills, training, howToSignUp, risks, risky, insurance, shifts }} />
      <View className="actions">
        <Button className="btn btn--main publish-submit" disabled={action.busy} onClick={() => submit(true)}>
          发布活动
        </Button>
        <Button className="btn save-draft" disabled={action.busy} onClick={() => submit(false)}>
          保存草稿
        </Button>
      </View>
      <ActionResult action={action} className="publish-result" describe={describe} />
    </View>
  )
}
