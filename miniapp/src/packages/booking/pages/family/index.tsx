import { Button, Input, Picker, Text, View } from '@tarojs/components'
import { FAMILY_NAME_MAX_LENGTH, FAMILY_RELATION_LABELS, ageOn } from '@linli/shared'
import { useState } from 'react'
import { type ApiError, api } from '../../../../api/client'
import { Chips } from '../../../../components/chips'
import { todayInChina } from '../../../../components/dates'
import { Page } from '../../../../components/page'
import { Empty, ErrorState, Loading } from '../../../../components/state-view'
import { asApiError, useRequest } from '../../../../state/use-request'

type Relation = keyof typeof FAMILY_RELATION_LABELS
const RELATIONS = (Object.keys(FAMILY_RELATION_LABELS) as Relation[]).map((r) => ({ value: r, label: FAMILY_RELATION_LABELS[r] }))

export default function FamilyPage() {
  const [version, setVersion] = useState(0)
  const list = useRequest(`family:${version}`, () => api.family())
  const [name, setName] = useState('')
  const [relation, setRelation] = useState<Relation>('parent')
  const [birthDate, setBirthDate] = useState('')
  const [consent, setConsent] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const today = todayInChina()
  const isChild = birthDate !== '' && ageOn(birthDate, today) < 14
  const fieldError = (path: string) => error?.fields.find((f) => f.path === path)?.message

  const add = async () => {
    setBusy(true)
    setError(null)
    try {
      await api.addFamilyMember({ name: name.trim(), relation, birthDate, childConsent: isChild ? consent : undefined })
      setName('')
      setBirthDate('')
      setConsent(false)
      setVersion((v) => v + 1)
    } catch (err) {
      setError(asApiError(err))
    } finally {
      setBusy(false)
    }
  }

  const remove = async (id: string) => {
    try {
      await api.removeFamilyMember(id)
      setVersion((v) => v + 1)
    } catch (err) {
      setError(asApiError(err))
    }
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
            <Button className="btn btn--danger" onClick={() => remove(m.id)}>
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
          <Input className="input family-name" nativeProps={{ 'aria-label': '姓名' }} maxlength={FAMILY_NAME_MAX_LENGTH} value={name} onInput={(e) => setName(e.detail.value)} />
          {fieldError('name') && <Text className="field__error">请填写姓名</Text>}
        </View>
        <Text className="field__label">关系</Text>
        <Chips<Relation> className="relation-chips" choices={RELATIONS} value={relation} onChange={setRelation} />
        <View className="field">
          <Text className="field__label">出生日期</Text>
          <Picker mode="date" value={birthDate || '1940-01-01'} start="1900-01-01" end={today} onChange={(e) => setBirthDate(String(e.detail.value))}>
            <View className="input family-birth">
              <Text>{birthDate || '点此选择'}</Text>
            </View>
          </Picker>
          {fieldError('birthDate') && <Text className="field__error">{fieldError('birthDate')}</Text>}
        </View>
        {isChild && (
          <View className="checkbox-row" onClick={() => setConsent((c) => !c)}>
            <Text className="chip-mark">{consent ? '☑' : '☐'}</Text>
            <Text className="child-consent">我是该儿童的监护人，同意社区为预约儿童服务收集和使用孩子的姓名、出生日期（14周岁以下儿童信息属于敏感个人信息）。</Text>
          </View>
        )}
        {error && error.fields.length === 0 && <Text className="field__error kv">{error.message}</Text>}
        <Button className="btn btn--main add-family" disabled={busy || !name.trim() || !birthDate} onClick={add}>
          添加
        </Button>
      </View>
    </Page>
  )
}
