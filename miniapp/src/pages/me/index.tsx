import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ROLE_LABELS } from '@linli/shared'
import { Page } from '../../components/page'
import { useAppState } from '../../state/app-state'
import { useUnreadBadge } from '../../state/unread-badge'
import { useAction } from '../../state/use-action'

function ElderModeSwitch() {
  const { mode, setElderMode } = useAppState()
  const on = mode === 'elder'
  const { busy, error, run } = useAction()
  const toggle = () => run(() => setElderMode(!on))
  return (
    <View className="switch-row">
      <View className="row">
        <View>
          <Text className="title">长辈模式</Text>
          <Text className="muted kv">字更大、按钮更大、颜色更清楚</Text>
        </View>
        <Button className={`btn elder-switch ${on ? 'btn--main' : ''}`} aria-pressed={on} disabled={busy} onClick={toggle}>
          {on ? '已开启' : '开启'}
        </Button>
      </View>
      {error && <Text className="field__error">{error.message}</Text>}
    </View>
  )
}

export default function MePage() {
  const { me, ready, sessionCheckError, signOut } = useAppState()
  const unread = useUnreadBadge()
  const go = (url: string) => void Taro.navigateTo({ url })

  return (
    <Page>
      <ElderModeSwitch />
      {!ready ? (
        // While offline the notice above says what is going on; "reading…" would be untrue.
        !sessionCheckError && <Text className="muted">正在读取登录状态…</Text>
      ) : me ? (
        <View className="section">
          <View className="card">
            <Text className="headline">{me.displayName}</Text>
            {me.phoneMasked && <Text className="muted kv">手机号 {me.phoneMasked}</Text>}
            <Text className="kv">身份：{me.roles.map((r) => ROLE_LABELS[r.role]).join('、')}</Text>
            {me.roles
              .filter((r) => r.role !== 'resident' && (r.communityName || r.providerName))
              .map((r) => (
                <Text key={`${r.role}-${r.communityId ?? r.providerName ?? ''}`} className="muted kv">
                  {ROLE_LABELS[r.role]}：{r.communityName ?? r.providerName}
                </Text>
              ))}
          </View>
          <View className="card">
            <View className="row messages-link" onClick={() => go('/packages/account/pages/messages/index')}>
              <Text>我的消息</Text>
              {/* The count in words beside the entry, as well as the tab badge. */}
              <Text className={unread ? 'unread-count' : 'muted'}>{unread ? `${unread} 条未读 ›` : '›'}</Text>
            </View>
            <View className="row my-bookings-link" onClick={() => go('/packages/booking/pages/mine/index')}>
              <Text>我的预约</Text>
              <Text className="muted">›</Text>
            </View>
            <View className="row" onClick={() => go('/packages/booking/pages/family/index')}>
              <Text>我的家人（亲情代办）</Text>
              <Text className="muted">›</Text>
            </View>
            <View className="row" onClick={() => go('/packages/rating/pages/surveys/index')}>
              <Text>满意度调查</Text>
              <Text className="muted">›</Text>
            </View>
            <View className="row volunteer-profile-link" onClick={() => go('/packages/volunteer/pages/profile/index')}>
              <Text>我的志愿（时长、时间币）</Text>
              <Text className="muted">›</Text>
            </View>
            {me.roles.some((r) => r.role === 'staff' || r.role === 'provider' || r.role === 'street_admin') && (
              <View className="row staff-board-link" onClick={() => go('/packages/staff/pages/board/index')}>
                <Text>预约管理（工作人员）</Text>
                <Text className="muted">›</Text>
              </View>
            )}
            {me.roles.some((r) => r.role === 'staff') && (
              <View className="row moves-link" onClick={() => go('/packages/staff/pages/moves/index')}>
                <Text>待确认的迁入</Text>
                <Text className="muted">›</Text>
              </View>
            )}
            {me.roles.some((r) => r.role === 'staff' || r.role === 'street_admin') && (
              <>
                <View className="row cases-link" onClick={() => go('/packages/rating/pages/cases/index')}>
                  <Text>差评整改工单</Text>
                  <Text className="muted">›</Text>
                </View>
                <View className="row dashboard-link" onClick={() => go('/packages/rating/pages/dashboard/index')}>
                  <Text>满意度看板</Text>
                  <Text className="muted">›</Text>
                </View>
                <View className="row appeals-link" onClick={() => go('/packages/rating/pages/appeals/index')}>
                  <Text>评价申诉</Text>
                  <Text className="muted">›</Text>
                </View>
                <View className="row consultation-staff-link" onClick={() => go('/packages/consultation/pages/staff/index')}>
                  <Text>议事管理（协商看板与统计）</Text>
                  <Text className="muted">›</Text>
                </View>
                <View className="row volunteer-numbers-link" onClick={() => go('/packages/volunteer/pages/numbers/index')}>
                  <Text>志愿服务管理（活动、求助审核与统计）</Text>
                  <Text className="muted">›</Text>
                </View>
                {me.roles.some((r) => r.role === 'street_admin') && (
                  <View className="row calendar-link" onClick={() => go('/packages/staff/pages/calendar/index')}>
                    <Text>节假日安排</Text>
                    <Text className="muted">›</Text>
                  </View>
                )}
                {me.roles.some((r) => r.role === 'street_admin') && (
                  <View className="row audit-link" onClick={() => go('/packages/staff/pages/audit/index')}>
                    <Text>审计日志</Text>
                    <Text className="muted">›</Text>
                  </View>
                )}
              </>
            )}
          </View>
          <View className="card">
            <View className="row">
              <Text>我的社区：{me.community?.name ?? '未选择'}</Text>
              <Button className="btn" onClick={() => go('/packages/catalog/pages/communities/index')}>
                {me.community ? '切换社区' : '选择社区'}
              </Button>
            </View>
            {me.pendingCommunity && (
              <Text className="kv muted pending-move">迁往{me.pendingCommunity.name}：等待该社区工作人员确认，确认前仍按{me.community?.name ?? '原社区'}享受服务</Text>
            )}
          </View>
          <View className="card">
            <View className="row" onClick={() => go('/packages/account/pages/privacy/index')}>
              <Text>隐私政策</Text>
              <Text className="muted">{me.privacyAccepted ? '已同意' : '未同意'} ›</Text>
            </View>
            <View className="row personal-link" onClick={() => go('/packages/account/pages/personal/index')}>
              <Text>个人信息（下载、注销）</Text>
              <Text className="muted">›</Text>
            </View>
          </View>
          <Button className="btn btn--danger logout-button" onClick={() => void signOut()}>
            退出登录
          </Button>
        </View>
      ) : (
        <View className="section">
          <View className="card">
            <Text className="kv">登录后可以预约服务、评价服务、参与社区协商。</Text>
            <Button className="btn btn--main login-button" onClick={() => go('/packages/account/pages/login/index')}>
              登录 / 注册
            </Button>
          </View>
          <View className="card">
            <View className="row" onClick={() => go('/packages/account/pages/privacy/index')}>
              <Text>隐私政策</Text>
              <Text className="muted">›</Text>
            </View>
          </View>
        </View>
      )}
    </Page>
  )
}
