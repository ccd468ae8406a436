import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import {
  type MyVolunteer,
  VOLUNTEER_AVAILABILITY,
  VOLUNTEER_AVAILABILITY_LABELS,
  VOLUNTEER_SKILLS,
  VOLUNTEER_SKILL_LABELS,
  type VolunteerAvailability,
  type VolunteerSkill,
} from '@linli/shared'
import { useState } from 'react'
import { ActionResult } from '../../../../components/action-result'
import { Page } from '../../../../components/page'
import { Empty, Waiting } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'
import { useRequest } from '../../../../state/use-request'
import { registrationApi } from '../../api/registration'
import { Evaluation } from '../../components/evaluation'
import { CheckChips } from '../../components/registration-choices'
import { fullDateLabel } from '../../../../components/dates'

const PAGES = '/packages/volunteer/pages'

/** Where 我的志愿 leads: every feature of the domain that is about her. */
const LINKS = [
  { url: `${PAGES}/activities/index?tab=mine`, label: '我的报名', className: 'link-mine-signups' },
  { url: `${PAGES}/checkin/index`, label: '签到 / 签退', className: 'link-checkin' },
  { url: `${PAGES}/records/index`, label: '服务记录', className: 'link-records' },
  { url: `${PAGES}/certificate/index`, label: '志愿服务证明', className: 'link-certificate' },
  { url: `${PAGES}/credits/index`, label: '时间银行', className: 'link-credits' },
  { url: `${PAGES}/stars/index`, label: '星级公示', className: 'link-stars' },
  { url: `${PAGES}/teams/index`, label: '志愿服务队', className: 'link-teams' },
] as const

const labelsOf = <T extends string>(values: readonly T[], labels: Record<T, string>) => (values.length ? values.map((v) => labels[v]).join('、') : '未填写')

/** Her registration card: number, masked ID and phone, age group, skills, teams. */
function RegistrationCard({ v }: { v: MyVolunteer }) {
  return (
    <View className="card volunteer-card">
      <Text className="headline volunteer-name">{v.name}</Text>
      <Text className="kv volunteer-no">志愿者编号：{v.volunteerNo}</Text>
      <Text className="kv volunteer-id">身份证号：{v.idMasked}</Text>
      <Text className="kv">手机号：{v.phoneMasked}</Text>
      <Text className="kv volunteer-age-group">
        年龄段：{v.ageGroupLabel}
        {v.ageGroup !== 'adult' && v.guardianRecorded ? '（已记录监护人同意）' : ''}
      </Text>
      <Text className="kv">服务技能：{labelsOf(v.skills, VOLUNTEER_SKILL_LABELS)}</Text>
      <Text className="kv">可服务时间：{labelsOf(v.availability, VOLUNTEER_AVAILABILITY_LABELS)}</Text>
      <Text className="kv">所在服务队：{v.teams.length ? v.teams.map((t) => `${t.name}${t.role === 'leader' ? '（队长）' : ''}`).join('、') : '尚未加入'}</Text>
      <Text className="kv muted">
        注册日期：{fullDateLabel(v.registeredAtLocal.date)} · 状态：{v.statusLabel}
      </Text>
      {v.status === 'suspended' && <Text className="kv field__error volunteer-suspended">志愿者身份已暂停，暂不能报名志愿活动。如有疑问请联系社区。</Text>}
    </View>
  )
}

/** 修改资料: phone, skills and availability; name and ID number are 实名 and stay. */
function EditForm({ v, onSaved }: { v: MyVolunteer; onSaved(): void }) {
  const [phone, setPhone] = useState('')
  const [skills, setSkills] = useState<VolunteerSkill[]>(v.skills)
  const [availability, setAvailability] = useState<VolunteerAvailability[]>(v.availability)
  const action = useAction()
  const fieldError = (path: string) => action.error?.fields.find((f) => f.path === path)?.message
  const save = () =>
    action.run(async () => {
      await registrationApi.update({ phone: phone.trim(), skills, availability })
      setPhone('')
      onSaved()
      return '✓ 已保存'
    })
  return (
    <View className="card volunteer-edit">
      <Text className="title">修改我的资料</Text>
      <Text className="kv muted">姓名和身份证号码是实名信息，不能修改；如有错误请联系社区。</Text>
      <View className="field">
        <Text className="field__label">手机号（须重新填写完整号码）</Text>
        <Input className="input edit-phone" type="number" maxlength={11} nativeProps={{ 'aria-label': '手机号' }} value={phone} onInput={(e) => setPhone(e.detail.value)} />
        {fieldError('phone') && <Text className="field__error">{fieldError('phone')}</Text>}
      </View>
      <Text className="field__label">服务技能</Text>
      <CheckChips className="edit-skills" choices={VOLUNTEER_SKILLS} labels={VOLUNTEER_SKILL_LABELS} value={skills} onChange={setSkills} />
      {fieldError('skills') && <Text className="field__error">{fieldError('skills')}</Text>}
      <Text className="field__label">可服务时间</Text>
      <CheckChips className="edit-availability" choices={VOLUNTEER_AVAILABILITY} labels={VOLUNTEER_AVAILABILITY_LABELS} value={availability} onChange={setAvailability} />
      {fieldError('availability') && <Text className="field__error">{fieldError('availability')}</Text>}
      <Button className="btn btn--main edit-save" disabled={action.busy} onClick={save}>
        保存
      </Button>
      <ActionResult action={action} describe={(e) => (e.fields.length ? '请按提示修改' : e.message)} />
    </View>
  )
}

/** 我的志愿 (issue 12): her registration and hours, and the way to everything else of hers; or 注册成为志愿者. */
export default function ProfilePage() {
  const { me } = useAppState()
  const [version, setVersion] = useState(0)
  const [editing, setEditing] = useState(false)
  const mine = useRequest(me ? `volunteer-me:${me.id}:${version}` : null, () => registrationApi.mine())
  if (!me) {
    return (
      <Page>
        <Empty text="请先登录" action={<Button className="btn btn--main" onClick={() => Taro.navigateTo({ url: '/packages/account/pages/login/index' })}>去登录</Button>} />
      </Page>
    )
  }
  if (!mine.data) return <Page><Waiting request={mine} /></Page>
  const v = mine.data.registration
  // Staff run the community's teams and roster from the teams page, volunteers or not.
  const staffLink = me.roles.some((r) => r.role === 'staff') && (
    <View className="card">
      <View className="row staff-teams-link" role="link" onClick={() => Taro.navigateTo({ url: `${PAGES}/teams/index` })}>
        <Text>志愿服务队与志愿者名单（工作人员）</Text>
        <Text className="muted">›</Text>
      </View>
    </View>
  )
  if (!v) {
    return (
      <Page>
        <Empty
          text="您还不是志愿者。注册后可以报名社区志愿活动、记录服务时长、开具志愿服务证明。"
          action={
            <Button className="btn btn--main register-link" onClick={() => Taro.navigateTo({ url: `${PAGES}/register/index` })}>
              注册成为志愿者
            </Button>
          }
        />
        {staffLink}
      </Page>
    )
  }
  return (
    <Page>
      <View className="card volunteer-hours">
        <Text className="muted">累计志愿服务时长（已确认）</Text>
        <Text className="stat-number volunteer-total-hours">{v.totalHours} 小时</Text>
      </View>
      <RegistrationCard v={v} />
      <View className="card volunteer-links">
        {LINKS.map((l) => (
          <View key={l.url} className={`row ${l.className}`} role="link" onClick={() => Taro.navigateTo({ url: l.url })}>
            <Text>{l.label}</Text>
            <Text className="muted">›</Text>
          </View>
        ))}
      </View>
      {staffLink}
      <Evaluation />
      {editing ? (
        <EditForm
          v={v}
          onSaved={() => {
            setEditing(false)
            setVersion((n) => n + 1)
          }}
        />
      ) : (
        <Button className="btn volunteer-edit-open" onClick={() => setEditing(true)}>
          修改手机号、技能和服务时间
        </Button>
      )}
    </Page>
  )
}
