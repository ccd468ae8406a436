import { Button, Input, Picker, Text, View } from '@tarojs/components'
import { BIRTH_DATE_MIN, FAMILY_NAME_MAX_LENGTH, FAMILY_RELATION_LABELS, ageOn } from '@linli/shared'
import { useState } from 'react'
import { bookingApi } from '../../../../api/booking'
import { Chips } from '../../../../components/chips'
import { confirmAction } from '../../../../components/confirm'
import { parseTypedDate } from '../../../../components/dates'
import { Page } from '../../../../components/page'
import { Empty, ErrorState, Loading, Waiting } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'
import { useRequest } from '../../../../state/use-request'
import { useToday } from '../../../../state/use-today'

type Relation = keyof typeof FAMILY_RELATION_LABELS
const RELATIONS = (Object.keys(FAMILY_RELATION_LABELS) as Relation[]).map((r) => ({ value: r, label: FAMILY_RELATION_LABELS[r] }))

const ELDER_BIRTH_YEAR = 1955
const ADULT_BIRTH_YEAR = 1975
const CHILD_YEARS_AGO = 8

/**
 * Where the date picker opens for who is being added, so nobody scrolls through a century:
 * a child or grandchild 8 years ago, a parent or grandparent 1955, anyone else 1975.
 */
function pickerOpensAt(relation: Relation, today: string): string {
  if (relation === 'child' || relation === 'grandchild') return `${Number(today.slice(0, 4)) - CHILD_YEARS_AGO}-01-01`
  if (relation === 'parent' || relation === 'grandparent') return `${ELDER_BIRTH_YEAR}-01-01`
  return `${ADULT_BIRTH_YEAR}-01-01`
}

export default function FamilyPage() {
  const { me } = useAppState()
  // A birth date may not be after today in her community: the server's today, not the phone's.
  const todayState = useToday(me?.community?.id ?? null)
  const [version, setVersion] = useState(0)
  const list = useRequest(`family:${version}`, () => bookingApi.family())
  const [name, setName] = useState('')
  const [relation, setRelation] = useState<Relation>('parent')
  const [birthDate, setBirthDate] = useState('')
  const [typedBirth, setTypedBirth] = useState('')
  const [birthError, setBirthError] = useState<string | null>(null)
  const [nameMissing, setNameMissing] = useState(false)
  const [consent, setConsent] = useState(false)
  const { busy, error, run, fieldError, edited } = useAction()
  const [result, setResult] = useState<string | null>(null)
  if (!todayState.data) return <Page><Waiting request={todayState} /></Page>
  const today = todayState.data.date
  const isChild = birthDate !== '' && ageOn(birthDate, today) < 14

  /** The picker and the typed box go through the same check: a real date, not before 1900, not after today. */
  const checkBirthDate = (text: string): { date: string } | { problem: string } => {
    const date = parseTypedDate(text)
    if (text.trim() === '') return { problem: '请选择或填写出生日期' }
    if (date === null) return { problem: '请按 1955-03-15 的格式填写出生日期' }
    if (date < BIRTH_DATE_MIN || date > today) return { problem: '出生日期不能晚于今天，也不能早于1900年' }
    return { date }
  }

  /** Typing shows the problem only when the person leaves the box or taps 添加, not at every key. */
  const acceptBirthDate = (text: string, showProblem: boolean): string | null => {
    const checked = checkBirthDate(text)
    setTypedBirth(text)
    setBirthDate('date' in checked ? checked.date : '')
    if (showProblem || 'date' in checked) setBirthError('problem' in checked ? checked.problem : null)
    return 'date' in checked ? checked.date : null
  }

  const add = async () => {
    setNameMissing(!name.trim())
    const date = acceptBirthDate(typedBirth, true)
    if (!name.trim() || date === null) return
    const child = ageOn(date, today) < 14
    setResult(null)
    await run(async () => {
      await bookingApi.addFamilyMember({ name: name.trim(), relation, birthDate: date, childConsent: child ? consent : undefined })
      setResult(`已添加${FAMILY_RELATION_LABELS[relation]} ${name.trim()}，预约时可以选择为他/她预约`)
      setName('')
      setBirthDate('')
      setTypedBirth('')
      setConsent(false)
      setVersion((v) => v + 1)
    })
  }

  const remove = async (id: string, who: string) => {
    const confirm = await confirmAction({
      title: `删除${who}？`,
      content: '删除后不能再替他/她预约，已有的预约不受影响。',
      confirmText: '删除',
      danger: true,
    })
    if (!confirm) return
    setResult(null)
    await run(async () => {
      await bookingApi.removeFamilyMember(id)
      setResult(`已删除${who}`)
      setVersion((v) => v + 1)
    })
  }

  return (
    <Page>
      <Text className="muted kv">添加家人后，可以替家里老人、孩子预约服务（亲情代办）。家人信息加密保存，只用于核对预约条件。</Text>
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : list.data && list.data.items.length > 0 ? (
        list.data.items.map((m) => (
          <View key={m.id} className="card row family-member">
            <Text>
              {FAMILY_RELATION_LABELS[m.relation]} {m.name}（{m.birthDate}）
            </Text>
            <Button className="btn btn--danger" onClick={() => remove(m.id, m.name)}>
              删除
            </Button>
          </View>
        ))
      ) : (
        <Empty text="还没有添加家人" />
      )}

      <View className="card">
        <Text className="title">添加家人</Text>
        <View className="field">
          <Text className="field__label">姓名</Text>
          <Input className="input family-name" nativeProps={{ 'aria-label': '姓名' }} maxlength={FAMILY_NAME_MAX_LENGTH} value={name} onInput={(e) => {
              setName(e.detail.value)
              edited('name')
            }} />
          {(nameMissing || fieldError('name')) && <Text className="field__error name-error">{nameMissing ? '请填写姓名' : fieldError('name')}</Text>}
        </View>
        <Text className="field__label">关系</Text>
        <Chips<Relation> className="relation-chips" choices={RELATIONS} value={relation} onChange={setRelation} />
        <View className="field">
          <Text className="field__label">出生日期</Text>
          <Picker
            mode="date"
            value={birthDate || pickerOpensAt(relation, today)}
            start={BIRTH_DATE_MIN}
            end={today}
            onChange={(e) => {
              acceptBirthDate(String(e.detail.value), true)
              edited('birthDate')
            }}
          >
            <View className="input family-birth">
              <Text>{birthDate ? `${birthDate}（点此从日历修改）` : '点此从日历选择'}</Text>
            </View>
          </Picker>
        </View>
        <View className="field">
          <Text className="field__label">或直接输入出生日期</Text>
          <Input
            className="input family-birth-typed"
            placeholder="如 1955-03-15"
            maxlength={12}
            value={typedBirth}
            onInput={(e) => {
              acceptBirthDate(e.detail.value, false)
              edited('birthDate')
            }}
            onBlur={(e) => acceptBirthDate(e.detail.value, true)}
          />
          {(birthError ?? fieldError('birthDate')) && <Text className="field__error birth-error">{birthError ?? fieldError('birthDate')}</Text>}
        </View>
        {isChild && (
          <View className="checkbox-row" role="checkbox" aria-checked={consent} onClick={() => setConsent((c) => !c)}>
            <Text className="chip-mark">{consent ? '☑' : '☐'}</Text>
            <Text className="child-consent">我是该儿童的监护人，同意社区为预约儿童服务收集和使用孩子的姓名、出生日期（14周岁以下儿童信息属于敏感个人信息）。</Text>
          </View>
        )}
        {error && error.fields.length === 0 && <Text className="field__error kv">{error.message}</Text>}
        <Button className="btn btn--main add-family" disabled={busy} onClick={add}>
          添加
        </Button>
        {result && <Text className="kv family-result">✓ {result}</Text>}
      </View>
    </Page>
  )
}
