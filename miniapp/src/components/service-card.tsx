import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { percent } from './percent'
import { PRICE_KIND_LABELS, type ServiceSummary, describeEligibility } from '@linli/shared'

export function openService(id: string): void {
  void Taro.navigateTo({ url: `/packages/catalog/pages/service/index?id=${id}` })
}

export function ServiceCard({ service }: { service: ServiceSummary }) {
  return (
    <View className="card service-card" onClick={() => openService(service.id)} hoverClass="card--pressed">
      <View className="service-card__head">
        <Text className="service-card__name">{service.name}</Text>
        <Text className={`tag tag--${service.priceKind}`}>{PRICE_KIND_LABELS[service.priceKind]}</Text>
      </View>
      <Text className="service-card__summary">{service.summary}</Text>
      <View className="service-card__meta">
        <Text className="muted">{service.categoryName}</Text>
        {service.providerName && <Text className="muted"> · {service.providerName}</Text>}
      </View>
      <Text className="muted">适用：{describeEligibility(service.eligibility).join('，')}</Text>
      {service.satisfaction.ratings > 0 && (
        <Text className="muted kv">
          满意率 {percent(service.satisfaction.rate)}（{service.satisfaction.ratings}条评价）
        </Text>
      )}
    </View>
  )
}
