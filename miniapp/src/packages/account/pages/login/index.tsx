import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { LOGIN_CODE_LENGTH, PRIVACY_POLICY_VERSION, type Session } from '@linli/shared'
import { useEffect, useState } from 'react'
import { accountApi } from '../../../../api/account'
import { confirmAction } from '../../../../components/confirm'
import { Page } from '../../../../components/page'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'
import { useRequest } from '../../../../state/use-request'

const RESEND_SECONDS = 60
const PRIVACY_PAGE = '/packages/account/pages/privacy/index'

export default function LoginPage() {
  const { signIn } = useAppState()
  const [phone, setPhone] = useState('')
  const [code, setCode] = useState('')
  const { busy, error, run, fieldError, edited } = useAction()
  const [countdown, setCountdown] = useState(0)
  const [notice, setNotice] = useState<string | null>(null)
  // Never ticked in advance: agreeing is the person's own act (个人信息保护法 第十四条).
  const [agreed, setAgreed] = useState(false)
  const [consentRefused, setConsentRefused] = useState(false)
  const personas = useRequest('demo-personas', () => accountApi.demoPersonas())

  useEffect(() => {
    if (countdown <= 0) return
    const timer = setTimeout(() => setCountdown((n) => n - 1), 1000)
    return () => clearTimeout(timer)
  }, [countdown])

  const finish = (session: Session) => {
    signIn(session)
    // Opened from a shared link there is nothing to go back to: 我的 shows who is signed in.
    void Taro.navigateBack().catch(() => Taro.switchTab({ url: '/pages/me/index' }))
  }

  const toggleAgreed = () => {
    setAgreed((a) => !a)
    setConsentRefused(false)
  }

  /** Every login method starts here: without agreement it asks once, in WeChat's own dialog. */
  const ensureAgreed = async (): Promise<boolean> => {
    if (agreed) return true
    const confirm = await confirmAction({
      title: '请先同意隐私政策',
      content: '登录前请阅读并同意《邻里隐私政策》：我们只收集办理服务必需的信息，不用于广告。同意后才会用到您的手机号或微信标识。',
      confirmText: '同意',
    })
    setAgreed(confirm)
    setConsentRefused(!confirm)
    return confirm
  }

  const sendCode = async () => {
    if (!(await ensureAgreed())) return
    await run(async () => {
      const sent = await accountApi.sendSmsCode(phone.trim())
      setCountdown(RESEND_SECONDS)
      setNotice(`验证码已发送，${Math.round(sent.expiresInSeconds / 60)}分钟内有效`)
    })
  }

  const logIn = async (login: (privacyPolicyVersion: string) => Promise<Session>) => {
    if (!(await ensureAgreed())) return
    await run(async () => finish(await login(PRIVACY_POLICY_VERSION)))
  }

  const wechatLogin = () =>
    logIn(async (version) => {
      const { code: wxCode } = await Taro.login()
      return accountApi.wechatLogin(wxCode, version)
    })

  return (
    <Page>
      <View className="card privacy-consent">
        <Text className="title">登录前请阅读《隐私政策》</Text>
        <Text className="kv">
          我们只收集办理服务必需的信息：登录用的手机号或微信标识、您选择的社区、出生日期（核对老年助餐等服务的年龄条件）、预约和评价记录。只有为您服务的社区工作者和服务机构（如社区律师、助老食堂）能看到办理所需的部分，每次查看都有记录。
        </Text>
        <Button className="btn read-privacy" onClick={() => Taro.navigateTo({ url: PRIVACY_PAGE })}>
          阅读完整《隐私政策》
        </Button>
        <View className="checkbox-row agree-privacy" role="checkbox" aria-checked={agreed} onClick={toggleAgreed}>
          <Text className="chip-mark">{agreed ? '☑' : '☐'}</Text>
          <Text>我已阅读并同意《邻里隐私政策》</Text>
        </View>
        {consentRefused && <Text className="field__error consent-needed">同意《隐私政策》后才能登录；不登录也可以浏览服务。</Text>}
      </View>

      {process.env.TARO_ENV === 'weapp' && (
        <View className="card">
          <Button className="btn btn--main" disabled={busy} onClick={wechatLogin}>
            微信一键登录
          </Button>
        </View>
      )}

      <View className="card">
        <Text className="title">手机号登录</Text>
        <View className="field">
          <Text className="field__label">手机号</Text>
          <Input className="input phone-input" type="number" maxlength={11} placeholder="请输入11位手机号" value={phone} onInput={(e) => {
              setPhone(e.detail.value)
              edited('phone')
            }} />
          {fieldError('phone') && <Text className="field__error">{fieldError('phone')}</Text>}
        </View>
        <View className="field">
          <Text className="field__label">验证码</Text>
          <View className="row">
            <Input className="input input--grow code-input" type="number" maxlength={LOGIN_CODE_LENGTH} placeholder={`${LOGIN_CODE_LENGTH}位验证码`} value={code} onInput={(e) => {
                setCode(e.detail.value)
                edited('code')
              }} />
            <Button className="btn send-code" disabled={busy || countdown > 0} onClick={sendCode}>
              {countdown > 0 ? `${countdown}秒后重发` : '获取验证码'}
            </Button>
          </View>
          {fieldError('code') && <Text className="field__error">{fieldError('code')}</Text>}
        </View>
        {notice && <Text className="muted kv">{notice}</Text>}
        {error && error.fields.length === 0 && <Text className="field__error kv">{error.message}</Text>}
        <Button className="btn btn--main" disabled={busy} onClick={() => logIn((version) => accountApi.verifySmsCode(phone.trim(), code.trim(), version))}>
          登录
        </Button>
      </View>

      {personas.data && (
        <View className="card demo-personas">
          <Text className="title">演示身份（仅开发环境）</Text>
          <Text className="muted kv">选一个身份体验居民、社区工作者、律师、志愿者和街道管理员的功能。</Text>
          {personas.data.items.map((p) => (
            <Button key={p.id} className="btn demo-persona" disabled={busy} onClick={() => logIn((version) => accountApi.demoLogin(p.id, version))}>
              {p.name}：{p.description}
            </Button>
          ))}
        </View>
      )}
    </Page>
  )
}
