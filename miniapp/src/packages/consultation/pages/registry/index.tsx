import { Button, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { HOUSEHOLD_UNLINK_REASON_MAX_LENGTH, OWNER_REGISTRY_CSV_MAX_LENGTH, type RegistryImportResult } from '@linli/shared'
import { useState } from 'react'
import { ActionResult } from '../../../../components/action-result'
import { confirmAction } from '../../../../components/confirm'
import { Field } from '../../../../components/field'
import { momentLabel } from '../../../../components/dates'
import { Page } from '../../../../components/page'
import { Empty, Waiting } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'
import { useRequest } from '../../../../state/use-request'
import { votesApi } from '../../api/votes'
import { NO_RESIDENT, ResidentFields, residentInput } from '../../components/resident-fields'

const TEMPLATE = '户号,业主姓名,面积\n1-101,张三,89.50\n'

/** 户数、业主人数、专有部分总面积, the electorate of the household and owners' votes. */
function Totals({ totals }: { totals: NonNullable<RegistryImportResult['totals']> }) {
  return (
    <View className="registry-totals">
      <Text className="kv registry-households">户数：{totals.households} 户</Text>
      <Text className="kv registry-owners">业主人数：{totals.owners} 人</Text>
      <Text className="kv registry-area">专有部分总面积：{totals.areaText}</Text>
    </View>
  )
}

/**
 * 解除房屋登记: a resident who linked the wrong household, or sold hers, asks the community; staff
 * find her by name and birth date (her phone when two share both) and give the reason, which the
 * audit log keeps. She may then link her household again. Asked once more in WeChat's own dialog.
 */
function UnlinkForm({ communityId, onDone }: { communityId: string; onDone(): void }) {
  const [who, setWho] = useState(NO_RESIDENT)
  const [reason, setReason] = useState('')
  const action = useAction()
  const fieldError = (path: string) => action.error?.fields.find((f) => f.path === path)?.message
  const submit = async () => {
    if (!(await confirmAction({ title: '解除这位居民的房屋登记？', content: `${who.name.trim()}（${who.birthDate.trim()}）将不能再按户或按业主投票，直到重新登记房屋。`, confirmText: '解除' }))) return
    await action.run(async () => {
      const done = await votesApi.unlinkHousehold(communityId, { ...residentInput(who), reason: reason.trim() })
      setWho(NO_RESIDENT)
      setReason('')
      onDone()
      return `✓ 已解除 ${done.name} 与 ${done.householdCode} 的登记，居民可重新登记房屋`
    })
  }
  return (
    <View className="card registry-unlink">
      <Text className="title">解除居民的房屋登记</Text>
      <Text className="muted kv">居民登记错了房屋、或房屋已出售时使用。已投出的票不受影响。</Text>
      <ResidentFields prefix="unlink" who={who} onChange={setWho} fieldError={fieldError} phoneLabel="手机号（同名同生日时填写）" />
      <Field label="解除原因" error={fieldError('reason')}>
        <Textarea
          className="input unlink-reason"
          nativeProps={{ 'aria-label': '解除原因' }}
          maxlength={HOUSEHOLD_UNLINK_REASON_MAX_LENGTH}
          placeholder="如：房屋已出售，业主变更"
          value={reason}
          onInput={(e) => setReason(e.detail.value)}
        />
      </Field>
      <Button className="btn registry-unlink__submit" disabled={action.busy} onClick={submit}>
        解除登记
      </Button>
      <ActionResult action={action} describe={(e) => (e.fields.length ? '请按提示修改' : e.message)} />
    </View>
  )
}

/**
 * 业主名册 (issue 11 item 3), for the community's staff: the registry in force, and an import by
 * pasting the CSV text (the H5 and WeChat pages have no file input everywhere; a spreadsheet's
 * 「复制」 gives the same lines). 「检查」 previews the errors by line and the totals; 「导入」 replaces
 * the registry, and only when no line is wrong.
 */
export default function RegistryPage() {
  const { me } = useAppState()
  const params = Taro.getCurrentInstance().router?.params ?? {}
  const communityId = params.communityId ?? me?.roles.find((r) => r.role === 'staff')?.communityId ?? null
  const [version, setVersion] = useState(0)
  const [csv, setCsv] = useState('')
  const [preview, setPreview] = useState<RegistryImportResult | null>(null)
  const checking = useAction()
  const importing = useAction()
  const registry = useRequest(communityId ? `registry:${communityId}:${version}` : null, () => votesApi.registry(communityId ?? ''))
  if (!communityId) return <Page>{<Empty text="只有社区工作人员可以管理业主名册" />}</Page>
  if (!registry.data) return <Page>{<Waiting request={registry} />}</Page>
  const current = registry.data

  const check = () =>
    checking.run(async () => {
      const result = await votesApi.importRegistry(communityId, { csv, dryRun: true })
      setPreview(result)
      return result.errors.length === 0 ? `检查通过：共 ${result.totals.households} 户，可以导入` : `有 ${result.errors.length} 处错误，请修改后再检查`
    })
  const submit = async () => {
    if (!(await confirmAction({ title: '导入业主名册？', content: '新名册将整份替换现有名册；名册变更不影响已结束的表决。', confirmText: '导入' }))) return
    await importing.run(async (idempotencyKey) => {
      const result = await votesApi.importRegistry(communityId, { csv, dryRun: false }, idempotencyKey)
      setPreview(result)
      setVersion((n) => n + 1)
      return `✓ 已导入 ${result.totals.households} 户`
    })
  }

  return (
    <Page>
      <View className="card registry-current">
        <Text className="title">现行名册</Text>
        {current.totals ? (
          <>
            <Totals totals={current.totals} />
            {current.importedAtLocal && <Text className="muted kv">导入于 {momentLabel(current.importedAtLocal)}</Text>}
            <Text className="muted kv registry-linked">已登记房屋的居民：{current.linkedResidents} 人</Text>
          </>
        ) : (
          <Text className="muted kv registry-empty">尚未导入名册。导入后才能按「户代表」或「业主共同决定」发起表决。</Text>
        )}
      </View>
      <View className="card registry-import">
        <Text className="title">导入名册</Text>
        <Text className="muted kv">每行一户：户号、业主姓名、专有部分面积（平方米，最多两位小数）。第一行为列名。可从表格中复制后粘贴。</Text>
        <View className="field">
          <Text className="field__label">名册内容（CSV）</Text>
          <Textarea
            className="input registry-csv"
            nativeProps={{ 'aria-label': '名册内容（CSV）' }}
            maxlength={OWNER_REGISTRY_CSV_MAX_LENGTH}
            placeholder={TEMPLATE}
            value={csv}
            onInput={(e) => {
              setCsv(e.detail.value)
              setPreview(null)
            }}
          />
        </View>
        <Button className="btn btn--ghost registry-check" disabled={checking.busy || csv.trim() === ''} onClick={check}>
          检查
        </Button>
        {/* A check that found errors answered, but what it says is a problem: in the error colour. */}
        {checking.done && preview && preview.errors.length > 0 ? (
          <Text className="kv field__error registry-check-failed" aria-live="polite">
            {checking.done}
          </Text>
        ) : (
          <ActionResult action={checking} />
        )}
        {preview && preview.errors.length > 0 && (
          <View className="registry-errors" aria-live="polite">
            {preview.errors.map((e, i) => (
              <Text key={`${e.line}-${i}`} className="kv field__error registry-error">
                {e.message}
              </Text>
            ))}
          </View>
        )}
        {preview && preview.errors.length === 0 && <Totals totals={preview.totals} />}
        <Button className="btn btn--main registry-submit" disabled={importing.busy || !preview || preview.errors.length > 0 || preview.imported} onClick={submit}>
          导入
        </Button>
        <ActionResult action={importing} describe={(e) => (e.fields.length ? `${e.message}：${e.fields.map((f) => f.message).join('；')}` : e.message)} />
      </View>
      {current.totals && <UnlinkForm communityId={communityId} onDone={() => setVersion((n) => n + 1)} />}
    </Page>
  )
}
