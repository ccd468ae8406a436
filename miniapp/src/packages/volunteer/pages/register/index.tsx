import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import {
  VOLUNTEER_ADULT_AGE,
  VOLUNTEER_AVAILABILITY,
  VOLUNTEER_AVAILABILITY_LABELS,
  VOLUNTEER_CHILD_AGE,
  VOLUNTEER_MIN_AGE,
  VOLUNTEER_NAME_MAX_LENGTH,
  VOLUNTEER_SKILLS,
  VOLUNTEER_SKILL_LABELS,
  type VolunteerAvailability,
  type VolunteerSkill,
  ageFromIdNumber,
  idNumberProblem,
} from '@linli/shared'
import { useState } from 'react'
import { ActionResult } from '../../../../components/action-result'
import { Page } from '../../../../components/page'
import { Empty, Waiting } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'
import { useRequest } from '../../../../state/use-request'
import { useToday } from '../../../../state/use-today'
import { registrationApi } from '../../api/registration'
import { CheckChips, ConsentBox } from '../../components/registration-choices'

const PROFILE = '/packages/volunteer/pages/profile/index'
const AGREEMENT = '我已阅读《志愿者注册须知》：自愿、无偿参加志愿服务；同意社区使用我的姓名、手机号、技能和服务时间，用于安排志愿活动、记录服务时长，并按《志愿服务条例》录入全国志愿服务信息系统。'
const ID_CONSENT =
  '我单独同意社区收集我的身份证号码（敏感个人信息）。用途：核实实名身份、按出生日期核对活动年龄条件、出具志愿服务证明。号码加密保存，任何页面只显示脱敏号码（如 3301**********1234）；注销账号后随服务记录封存。'
const GUARDIAN_CONSENT = '监护人已知悉并同意孩子注册志愿者、参加与其年龄相适应的志愿服务，并同意社区按上述用途处理孩子和监护人的信息。'

/** The guardian's fields, shown when the ID number says she is under 18. */
function GuardianFields(props: {
  age: number
  name: string
  phone: string
  consent: boolean
  fieldError(path: string): string | undefined
  set(values: { name?: string; phone?: string; consent?: boolean }): void
}) {
  return (
    <View className="card guardian-fields">
      <Text className="title">监护人信息</Text>
      <Text className="kv">
        {props.age < VOLUNTEER_CHILD_AGE
          ? '未满14周岁：须由监护人填写并同意；参加活动时须监护人陪同，且只能报名允许少年志愿者的活动。'
          : '14至17周岁：须经监护人同意，社区会记录监护人的同意。'}
      </Text>
      <View className="field">
        <Text className="field__label">监护人姓名</Text>
        <Input className="input guardian-name" nativeProps={{ 'aria-label': '监护人姓名' }} maxlength={VOLUNTEER_NAME_MAX_LENGTH} value={props.name} onInput={(e) => props.set({ name: e.detail.value })} />
        {props.fieldError('guardian.name') && <Text className="field__error">{props.fieldError('guardian.name')}</Text>}
      </View>
      <View className="field">
        <Text className="field__label">监护人手机号</Text>
        <Input className="input guardian-phone" type="number" maxlength={11} nativeProps={{ 'aria-label': '监护人手机号' }} value={props.phone} onInput={(e) => props.set({ phone: e.detail.value })} />
        {props.fieldError('guardian.phone') && <Text className="field__error">{props.fieldError('guardian.phone')}</Text>}
      </View>
      <ConsentBox className="guardian-consent" checked={props.consent} onChange={(consent) => props.set({ consent })}>
        {GUARDIAN_CONSENT}
      </ConsentBox>
    </View>
  )
}

/**
 * 志愿者实名注册 (issue 12 item 1): real name, ID number (its own consent, purpose stated), phone,
 * skills and when she can serve; a guardian's details and consent when the ID says under 18.
 * The BFF checks everything again; the page only saves a round trip for a mistyped number.
 */
export default function RegisterPage() {
  const { me } = useAppState()
  const todayState = useToday(me ? (me.community?.id ?? null) : undefined)
  const mine = useRequest(me ? `volunteer-me:${me.id}` : null, () => registrationApi.mine())
  const [name, setName] = useState('')
  const [idNumber, setIdNumber] = useState('')
  const [idTouched, setIdTouched] = useState(false)
  const [phone, setPhone] = useState('')
  const [skills, setSkills] = useState<VolunteerSkill[]>([])
  const [availability, setAvailability] = useState<VolunteerAvailability[]>([])
  const [agreement, setAgreement] = useState(false)
  const [idConsent, setIdConsent] = useState(false)
  const [guardian, setGuardian] = useState({ name: '', phone: '', consent: false })
  const action = useAction()

  if (!me) {
    return (
      <Page>
        <Empty text="请先登录，再注册志愿者" action={<Button className="btn btn--main" onClick={() => Taro.navigateTo({ url: '/packages/account/pages/login/index' })}>去登录</Button>} />
      </Page>
    )
  }
  if (!me.community) {
    return (
      <Page>
        <Empty text="请先选择您居住的社区，再注册志愿者" action={<Button className="btn btn--main" onClick={() => Taro.navigateTo({ url: '/packages/catalog/pages/communities/index' })}>选择社区</Button>} />
      </Page>
    )
  }
  if (!todayState.data || !mine.data) return <Page><Waiting request={todayState.data ? mine : todayState} /></Page>
  if (mine.data.registration) {
    return (
      <Page>
        <Empty text={`您已注册为志愿者（编号 ${mine.data.registration.volunteerNo}）`} action={<Button className="btn btn--main" onClick={() => Taro.redirectTo({ url: PROFILE })}>查看我的志愿</Button>} />
      </Page>
    )
  }

  const today = todayState.data.date
  const typedId = idNumber.trim().toUpperCase()
  const idProblem = typedId.length === 0 ? null : idNumberProblem(typedId, today)
  const age = ageFromIdNumber(typedId, today)
  const minor = age !== null && age < VOLUNTEER_ADULT_AGE
  const tooYoung = age !== null && age < VOLUNTEER_MIN_AGE
  const fieldError = (path: string) => action.error?.fields.find((f) => f.path === path)?.message
  const idError = (idTouched ? idProblem : null) ?? fieldError('idNumber')

  const submit = () => {
    setIdTouched(true)
    return action.run(async (key) => {
      const created = await registrationApi.register(
        { name: name.trim(), idNumber: typedId, phone: phone.trim(), skills, availability, agreement, idConsent, ...(minor ? { guardian: { ...guardian, name: guardian.name.trim(), phone: guardian.phone.trim() } } : {}) },
        key,
      )
      await Taro.showToast({ title: '注册成功', icon: 'success' })
      await Taro.redirectTo({ url: PROFILE })
      return `✓ 注册成功，志愿者编号 ${created.volunteerNo}`
    })
  }

  return (
    <Page>
      <Text className="muted kv">在{me.community.name}注册志愿者，按《志愿服务条例》实名登记。信息加密保存，其他人只能看到脱敏后的姓名和证件号。</Text>
      <View className="card">
        <Text className="title">实名信息</Text>
        <View className="field">
          <Text className="field__label">真实姓名（与身份证一致）</Text>
          <Input className="input register-name" nativeProps={{ 'aria-label': '真实姓名' }} maxlength={VOLUNTEER_NAME_MAX_LENGTH} value={name} onInput={(e) => setName(e.detail.value)} />
          {fieldError('name') && <Text className="field__error">{fieldError('name')}</Text>}
        </View>
        <View className="field">
          <Text className="field__label">身份证号码（18位）</Text>
          <Input
            className="input register-id"
            type="idcard"
            nativeProps={{ 'aria-label': '身份证号码' }}
            maxlength={18}
            value={idNumber}
            onInput={(e) => setIdNumber(e.detail.value)}
            onBlur={() => setIdTouched(true)}
          />
          {idError && <Text className="field__error register-id-error">{idError}</Text>}
          {age !== null && !tooYoung && <Text className="kv muted register-age">按身份证，您今年 {age} 周岁{minor ? '，须填写监护人信息' : ''}</Text>}
          {tooYoung && <Text className="field__error register-too-young">未满6周岁不能注册志愿者</Text>}
        </View>
        <View className="field">
          <Text className="field__label">手机号（活动通知和联系用，不向其他居民显示）</Text>
          <Input className="input register-phone" type="number" maxlength={11} nativeProps={{ 'aria-label': '手机号' }} value={phone} onInput={(e) => setPhone(e.detail.value)} />
          {fieldError('phone') && <Text className="field__error">{fieldError('phone')}</Text>}
        </View>
      </View>

      <View className="card">
        <Text className="title">服务技能（可多选）</Text>
        <CheckChips className="register-skills" choices={VOLUNTEER_SKILLS} labels={VOLUNTEER_SKILL_LABELS} value={skills} onChange={setSkills} />
        {fieldError('skills') && <Text className="field__error">{fieldError('skills')}</Text>}
        <Text className="title">可服务时间（可多选）</Text>
        <CheckChips className="register-availability" choices={VOLUNTEER_AVAILABILITY} labels={VOLUNTEER_AVAILABILITY_LABELS} value={availability} onChange={setAvailability} />
        {fieldError('availability') && <Text className="field__error">{fieldError('availability')}</Text>}
      </View>

      {minor && !tooYoung && age !== null && (
        <GuardianFields age={age} {...guardian} fieldError={fieldError} set={(values) => setGuardian((g) => ({ ...g, ...values }))} />
      )}

      <View className="card">
        <Text className="title">同意事项</Text>
        <ConsentBox className="register-agreement" checked={agreement} onChange={setAgreement}>
          {AGREEMENT}
        </ConsentBox>
        <ConsentBox className="register-id-consent" checked={idConsent} onChange={setIdConsent}>
          {ID_CONSENT}
        </ConsentBox>
      </View>
      <Button className="btn btn--main register-submit" disabled={action.busy || tooYoung || !agreement || !idConsent} onClick={submit}>
        {action.busy ? '正在提交…' : '提交注册'}
      </Button>
      {(!agreement || !idConsent) && <Text className="kv muted">勾选以上两项同意后才能提交</Text>}
      <ActionResult action={action} className="register-result" describe={(e) => (e.fields.length && e.code === 'VALIDATION_FAILED' ? '请按提示修改后再提交' : e.message)} />
    </Page>
  )
}
