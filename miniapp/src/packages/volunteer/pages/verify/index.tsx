import { Button, Input, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { CERTIFICATE_CODE_LENGTH, type CertificateVerification, normalizeCertificateCode } from '@linli/shared'
import { useState } from 'react'
import { Page } from '../../../../components/page'
import { ErrorState, Loading } from '../../../../components/state-view'
import { useRequest } from '../../../../state/use-request'
import { certificatesApi } from '../../api/certificates'
import { CertificateCard } from '../../components/certificate-card'

function Result({ code }: { code: string }) {
  const result = useRequest<CertificateVerification>(`verify:${code}`, () => certificatesApi.verify(code))
  if (result.loading && !result.data) return <Loading text="正在核验…" />
  if (result.error) {
    if (result.error.code === 'VOLUNTEER_CERTIFICATE_NOT_FOUND') {
      return (
        <View className="card verify-result verify-result--missing" aria-live="polite">
          <Text className="headline">不存在</Text>
          <Text className="kv">{result.error.message}</Text>
        </View>
      )
    }
    return <ErrorState error={result.error} onRetry={result.reload} />
  }
  const c = result.data
  if (!c) return null
  return (
    <View className="verify-result" aria-live="polite">
      <Text className={`headline verify-verdict status--${c.status === 'valid' ? 'confirmed' : 'cancelled'}`}>
        {c.status === 'valid' ? '有效：本证明由社区出具，内容与记录一致' : '已作废：本证明已由出具社区作废'}
      </Text>
      <CertificateCard certificate={c} name={c.nameMasked} />
      <Text className="muted kv">为保护个人信息，姓名和身份证号部分隐去，请与纸质证明核对。</Text>
    </View>
  )
}

/**
 * 证明核验 (issue 12 item 4): public, no login. Opened from the certificate's QR code (the code in
 * the address) or with the code typed in; shows 有效, 已作废 or 不存在, and only what the certificate shows.
 */
export default function VerifyPage() {
  const { params } = useRouter()
  const [typed, setTyped] = useState(params.code ?? '')
  const [code, setCode] = useState(params.code ? normalizeCertificateCode(params.code) : '')
  const [hint, setHint] = useState<string | null>(null)
  const check = () => {
    const normalized = normalizeCertificateCode(typed)
    if (normalized.length !== CERTIFICATE_CODE_LENGTH) {
      setHint(`核验码为 ${CERTIFICATE_CODE_LENGTH} 位字母和数字，如 ABCD-EFGH-JKMN`)
      return
    }
    setHint(null)
    setCode(normalized)
  }
  return (
    <Page>
      <Text className="headline">志愿服务证明核验</Text>
      <Text className="muted kv">输入证明上的核验码，或用微信扫描证明上的二维码。</Text>
      <View className="field">
        <Text className="field__label">核验码</Text>
        <Input className="input verify-code" nativeProps={{ 'aria-label': '核验码' }} placeholder="如 ABCD-EFGH-JKMN" maxlength={20} value={typed} onInput={(e) => setTyped(e.detail.value)} />
        {hint && <Text className="field__error">{hint}</Text>}
      </View>
      <Button className="btn btn--main verify-now" onClick={check}>
        核验
      </Button>
      {code && (
        <View className="section">
          <Result key={code} code={code} />
        </View>
      )}
    </Page>
  )
}
