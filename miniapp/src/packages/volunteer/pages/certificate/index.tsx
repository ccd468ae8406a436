import { Button, Picker, Text, Textarea, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { CERTIFICATE_REASON_MAX_LENGTH, CERTIFICATE_STATUS_LABELS, type Certificate, formatCertificateCode } from '@linli/shared'
import { useState } from 'react'
import { ActionResult } from '../../../../components/action-result'
import { confirmAction } from '../../../../components/confirm'
import { Page } from '../../../../components/page'
import { Empty, ErrorState, LoadMore, Loading, Waiting } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'
import { useMorePages } from '../../../../state/use-more-pages'
import { useRequest } from '../../../../state/use-request'
import { useToday } from '../../../../state/use-today'
import { certificatesApi } from '../../api/certificates'
import { CertificateCard } from '../../components/certificate-card'

const PAGE = '/packages/volunteer/pages/certificate/index'
/** Years a certificate may cover in the Picker: this one and the nine before (records are kept ten years). */
const YEARS_SHOWN = 10

function open(id: string) {
  void Taro.navigateTo({ url: `${PAGE}?id=${id}` })
}

/** One certificate, printable, with its QR; staff of the issuing community may void it with a reason. */
function OneCertificate({ id }: { id: string }) {
  const { me } = useAppState()
  const [version, setVersion] = useState(0)
  const cert = useRequest(`certificate:${id}:${version}`, () => certificatesApi.certificate(id))
  const [reason, setReason] = useState('')
  const voiding = useAction()
  const c = cert.data
  if (!c) return <Waiting request={cert} />
  const staff = me?.roles.some((r) => r.role === 'staff' || r.role === 'street_admin') ?? false
  const voidIt = async () => {
    if (!(await confirmAction({ title: '作废这份证明？', content: '作废后公开核验将显示“已作废”，不能恢复。', confirmText: '作废', danger: true }))) return
    await voiding.run(async () => {
      await certificatesApi.void(id, reason)
      setVersion((v) => v + 1)
      return '已作废'
    })
  }
  return (
    <View>
      <CertificateCard certificate={c} name={c.name} qrCode={c.qrCode} />
      <View className="cert-actions">
        {process.env.TARO_ENV === 'h5' && (
          <Button className="btn btn--main print-certificate" onClick={() => window.print()}>
            打印证明
          </Button>
        )}
        <Button className="btn open-verify" onClick={() => void Taro.navigateTo({ url: `/packages/volunteer/pages/verify/index?code=${c.code}` })}>
          查看公开核验页
        </Button>
        {c.status === 'voided' && c.voidReason && <Text className="kv muted">作废原因：{c.voidReason}</Text>}
        {staff && c.status === 'valid' && (
          <View className="field">
            <Text className="field__label">作废原因（工作人员）</Text>
            <Textarea className="input void-reason" nativeProps={{ 'aria-label': '作废原因' }} maxlength={CERTIFICATE_REASON_MAX_LENGTH} value={reason} onInput={(e) => setReason(e.detail.value)} />
            <Button className="btn btn--danger void-certificate" disabled={voiding.busy} onClick={voidIt}>
              作废证明
            </Button>
            <ActionResult action={voiding} />
          </View>
        )}
      </View>
    </View>
  )
}

function Summary({ c }: { c: Certificate }) {
  return (
    <View className="card certificate-item">
      <View className="row">
        <Text className="title">{c.year === null ? '全部年度' : `${c.year}年度`} · {c.totalHours} 小时</Text>
        <Text className={`tag status--${c.status === 'valid' ? 'confirmed' : 'cancelled'}`}>{CERTIFICATE_STATUS_LABELS[c.status]}</Text>
      </View>
      <Text className="kv muted">
        {c.communityName} · {c.issuedOn} 出具 · 核验码 {formatCertificateCode(c.code)}
      </Text>
      <Button className="btn open-certificate" onClick={() => open(c.id)}>
        查看证明
      </Button>
    </View>
  )
}

/** 我的志愿服务证明: apply (all years or one, chosen with WeChat's Picker), and the ones issued. */
function MyCertificates() {
  const { me } = useAppState()
  const today = useToday(me?.community?.id)
  const [version, setVersion] = useState(0)
  useDidShow(() => setVersion((v) => v + 1))
  const list = useRequest(`certificates:${version}`, () => certificatesApi.mine())
  const pages = useMorePages(list.data, (cursor) => certificatesApi.mine(cursor))
  const thisYear = Number((today.data?.date ?? '2026').slice(0, 4))
  const years: (number | null)[] = [null, ...Array.from({ length: YEARS_SHOWN }, (_, i) => thisYear - i)]
  const [yearIndex, setYearIndex] = useState(0)
  const applying = useAction()
  const year = years[yearIndex] ?? null
  const apply = () =>
    applying.run(async (idempotencyKey) => {
      const c = await certificatesApi.apply(year, idempotencyKey)
      void Taro.showToast({ title: '证明已出具', icon: 'success' })
      open(c.id)
    })
  return (
    <View>
      <View className="section">
        <Text className="headline">申请志愿服务证明</Text>
        <Text className="muted kv">按组织方已确认的服务时长即时出具，免费。证明附核验码和二维码，任何人无需登录即可核验。</Text>
        <View className="field">
          <Text className="field__label">证明范围</Text>
          <Picker mode="selector" range={years.map((y) => (y === null ? '全部年度' : `${y}年度`))} value={yearIndex} onChange={(e) => setYearIndex(Number(e.detail.value))}>
            <View className="input certificate-year">{year === null ? '全部年度' : `${year}年度`}</View>
          </Picker>
        </View>
        <Button className="btn btn--main apply-certificate" disabled={applying.busy} onClick={() => void apply()}>
          {applying.busy ? '正在出具…' : '申请出具'}
        </Button>
        <ActionResult action={applying} />
      </View>
      <View className="section">
        <Text className="headline">我的证明</Text>
        {list.loading && !list.data ? (
          <Loading />
        ) : list.error ? (
          <ErrorState error={list.error} onRetry={list.reload} />
        ) : pages.items.length > 0 ? (
          <View className="certificate-list">
            {pages.items.map((c) => (
              <Summary key={c.id} c={c} />
            ))}
            <LoadMore pages={pages} />
          </View>
        ) : (
          <Empty text="还没有出具过证明" />
        )}
      </View>
    </View>
  )
}

/** Staff: the certificates their community issued, to open one and void it if it was wrong. */
function IssuedCertificates() {
  const list = useRequest('certificates:issued', () => certificatesApi.issued())
  const pages = useMorePages(list.data, (cursor) => certificatesApi.issued(cursor))
  return (
    <View className="section">
      <Text className="headline">本社区出具的证明</Text>
      <Text className="muted kv">证明在志愿者申请时按已确认时长即时出具，无需审核；内容有误的可作废并说明原因。</Text>
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : pages.items.length > 0 ? (
        <View className="issued-list">
          {pages.items.map((c) => (
            <View key={c.id} className="card">
              <Text className="title">{c.name}</Text>
              <Summary c={c} />
            </View>
          ))}
          <LoadMore pages={pages} />
        </View>
      ) : (
        <Empty text="本社区还没有出具过证明" />
      )}
    </View>
  )
}

/** 志愿服务证明 (issue 12 item 4): hers to apply for and print; staff's to review and void. */
export default function CertificatePage() {
  const { params } = useRouter()
  const { me } = useAppState()
  if (params.id) {
    return (
      <Page>
        <OneCertificate id={params.id} />
      </Page>
    )
  }
  const staff = me?.roles.some((r) => r.role === 'staff' || r.role === 'street_admin') ?? false
  const volunteer = me?.roles.some((r) => r.role === 'volunteer') ?? false
  return (
    <Page>
      {(volunteer || !staff) && <MyCertificates />}
      {staff && <IssuedCertificates />}
    </Page>
  )
}
