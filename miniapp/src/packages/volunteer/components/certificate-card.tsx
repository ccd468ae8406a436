import { Image, Text, View } from '@tarojs/components'
import { CERTIFICATE_STATUS_LABELS, type Certificate, type CertificateVerification, formatCertificateCode } from '@linli/shared'
import './certificate-card.css'

/** `2026-12-01` → `2026年12月1日`, as a certificate on paper dates itself. */
export function paperDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return `${y}年${m}月${d}日`
}

/**
 * 志愿服务证明 as printed (记录与证明出具办法): who (name, 志愿者编号, masked ID), how many hours in total
 * and by category, the service content, the issuing community and date, the code and its QR.
 * The public verification passes the masked name and no QR.
 */
export function CertificateCard({ certificate, name, qrCode }: { certificate: Certificate | CertificateVerification; name: string; qrCode?: string }) {
  const c = certificate
  const scope = c.year === null ? '累计' : `${c.year}年度`
  return (
    <View className={`cert-sheet cert-sheet--${c.status}`}>
      <Text className="cert-heading">志愿服务证明</Text>
      <Text className={`cert-status status--${c.status === 'valid' ? 'confirmed' : 'cancelled'}`}>
        {CERTIFICATE_STATUS_LABELS[c.status]}
        {c.voidedOn ? `（${paperDate(c.voidedOn)}作废）` : ''}
      </Text>
      <Text className="cert-text">
        兹证明 {name}（志愿者编号 {c.volunteerNo}，身份证号 {c.idMasked}）{scope}参加志愿服务 {c.totalHours} 小时。
      </Text>
      <View className="cert-lines">
        {c.byCategory.map((x) => (
          <Text key={x.category} className="cert-line">
            {x.label}类：{x.hours} 小时
          </Text>
        ))}
      </View>
      <Text className="cert-text">服务内容：</Text>
      <View className="cert-lines">
        {c.activities.map((a) => (
          <Text key={a.title} className="cert-line">
            {a.title}（{a.label}）
          </Text>
        ))}
        {c.moreActivities > 0 && <Text className="cert-line">等另外 {c.moreActivities} 项活动</Text>}
      </View>
      <Text className="cert-text">以上时长均由活动组织方记录并确认。</Text>
      <View className="cert-sign">
        <Text className="cert-text">出具单位：{c.communityName}</Text>
        <Text className="cert-text">出具日期：{paperDate(c.issuedOn)}</Text>
        <Text className="cert-text cert-code">核验码：{formatCertificateCode(c.code)}</Text>
      </View>
      {qrCode && (
        <View className="cert-qr">
          <Image className="cert-qr__image" src={qrCode} mode="aspectFit" nativeProps={{ alt: `核验本证明的二维码，核验码 ${formatCertificateCode(c.code)}` }} />
          <Text className="cert-qr__caption">扫码或在“邻里”证明核验页输入核验码，无需登录即可核验</Text>
        </View>
      )}
    </View>
  )
}
