import { Button, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { OWNER_REGISTRY_CSV_MAX_LENGTH, type RegistryImportResult } from '@linli/shared'
import { useState } from 'react'
import { ActionResult } from '../../../../components/action-result'
import { confirmAction } from '../../../../components/confirm'
import { momentLabel } from '../../../../components/dates'
import { Page } from '../../../../components/page'
import { Empty, Waiting } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'
import { useRequest } from '../../../../state/use-request'
import { votesApi } from '../../api/votes'

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
        <ActionResult action={checking} />
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
    </Page>
  )
}
