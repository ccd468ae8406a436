import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { PRIVACY_POLICY_VERSION } from '@linli/shared'
import { accountApi } from '../../../../api/account'
import { Page } from '../../../../components/page'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'

const SECTIONS: { title: string; body: string }[] = [
  {
    title: '我们收集什么',
    body: '只收集办理服务必需的信息：手机号或微信标识（用于登录）、您选择的社区、出生日期（用于判断老年助餐等服务的年龄条件）、您的预约和评价记录。',
  },
  {
    title: '敏感个人信息',
    body: '身份证号、健康状况和14周岁以下儿童的信息属于敏感个人信息，只有在您单独同意后才会收集，加密保存，页面上脱敏显示（如 138****1234）。',
  },
  {
    title: '谁能看到',
    body: '只有为您提供服务的社区工作者和服务机构（如社区律师、助老食堂、家庭医生团队）能看到办理所需的信息，每次查看都有记录可查。我们不会把您的信息用于广告，也不会提供给无关的第三方。',
  },
  {
    title: '您的权利',
    body: '您可以随时查看、导出、更正、删除您的信息，也可以撤回同意。有疑问请联系社区党群服务中心。',
  },
]

export default function PrivacyPage() {
  const { me, setMe } = useAppState()
  const acceptAction = useAction()

  // Opened from the login page or from 我的; a shared link has nothing to go back to.
  const goBack = () => Taro.navigateBack().catch(() => Taro.switchTab({ url: '/pages/me/index' }))

  const accept = () =>
    acceptAction.run(async () => {
      setMe(await accountApi.acceptPrivacy())
      await goBack()
    })

  return (
    <Page>
      <Text className="headline">邻里隐私政策</Text>
      <Text className="muted kv">版本 {PRIVACY_POLICY_VERSION}，依据《个人信息保护法》制定</Text>
      {SECTIONS.map((s) => (
        <View key={s.title} className="card">
          <Text className="title">{s.title}</Text>
          <Text className="kv">{s.body}</Text>
        </View>
      ))}
      {me && !me.privacyAccepted && (
        <>
          <Text className="kv">隐私政策已更新，请阅读后确认，继续使用邻里。</Text>
          <Button className="btn btn--main accept-privacy" disabled={acceptAction.busy} onClick={accept}>
            我已阅读并同意新版
          </Button>
        </>
      )}
      {me?.privacyAccepted && <Text className="kv privacy-accepted">✓ 您已同意本政策</Text>}
      {acceptAction.error && <Text className="field__error kv">{acceptAction.error.message}</Text>}
      <Button className="btn privacy-back" onClick={goBack}>
        {me ? '返回' : '返回登录'}
      </Button>
    </Page>
  )
}
