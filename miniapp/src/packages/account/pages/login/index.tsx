import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { LOGIN_CODE_LENGTH, type Session } from '@linli/shared'
import { useEffect, useState } from 'react'
import { type ApiError, api } from '../../../../api/client'
import { Page } from '../../../../components/page'
import { useAppState } from '../../../../state/app-state'
import { asApiError, useRequest } from '../../../../state/use-request'

const RESEND_SECONDS = 60

function fieldError(error: ApiError | null, field: string): string | undefined {
  return error?.fields.find((f) => f.path === field)?.message
}

export default function LoginPage() {
  const { signIn } = useAppState()
  const [phone, setPhone] = useState('')
  const [code, setCode] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const [countdown, setCountdown] = useState(0)
  const [notice, setNotice] = useState<string | null>(null)
  const personas = useRequest('demo-personas', () => api.demoPersonas())

  useEffect(() => {
    if (countdown <= 0) return
    const timer = setTimeout(() => setCountdown((n) => n - 1), 1000)
    return () => clearTimeout(timer)
  }, [countdown])

  const finish = (session: Session) => {
    signIn(session)
    if (!session.me.privacyAccepted) void Taro.redirectTo({ url: '/packages/account/pages/privacy/index' })
    else void Taro.navigateBack()
  }

  const run = async (action: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    try {
      await action()
    } catch (err) {
      setError(asApiError(err))
    } finally {
      setBusy(false)
    }
  }

  const sendCode = () =>
    run(async () => {
      const sent = await api.sendSmsCode(phone.trim())
      setCountdown(RESEND_SECONDS)
      setNotice(`验证码已发送，${Math.round(sent.expiresInSeconds / 60)}分钟内有效`)
    })

  const wechatLogin = () =>
    run(async () => {
      const { code: wxCode } = await Taro.login()
      finish(await api.wechatLogin(wxCode))
    })

  return (
    <Page>
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
          <Input className="input phone-input" type="number" maxlength={11} placeholder="请输入11位手机号" value={phone} onInput={(e) => setPhone(e.detail.value)} />
          {fieldError(error, 'phone') && <Text className="field__error">{fieldError(error, 'phone')}</Text>}
        </View>
        <View className="field">
          <Text className="field__label">验证码</Text>
          <View className="row">
            <Input className="input input--grow code-input" type="number" maxlength={LOGIN_CODE_LENGTH} placeholder={`${LOGIN_CODE_LENGTH}位验证码`} value={code} onInput={(e) => setCode(e.detail.value)} />
            <Button className="btn send-code" disabled={busy || countdown > 0} onClick={sendCode}>
              {countdown > 0 ? `${countdown}秒后重发` : '获取验证码'}
            </Button>
          </View>
          {fieldError(error, 'code') && <Text className="field__error">{fieldError(error, 'code')}</Text>}
        </View>
        {notice && <Text className="muted kv">{notice}</Text>}
        {error && error.fields.length === 0 && <Text className="field__error kv">{error.message}</Text>}
        <Button className="btn btn--main" disabled={busy} onClick={() => run(async () => finish(await api.verifySmsCode(phone.trim(), code.trim())))}>
          登录
        </Button>
      </View>

      {personas.data && (
        <View className="card demo-personas">
          <Text className="title">演示身份（仅开发环境）</Text>
          <Text className="muted kv">选一个身份体验居民、社区工作者、律师、志愿者和街道管理员的功能。</Text>
          {personas.data.items.map((p) => (
            <Button key={p.id} className="btn demo-persona" disabled={busy} onClick={() => run(async () => finish(await api.demoLogin(p.id)))}>
              {p.name}：{p.description}
            </Button>
          ))}
        </View>
      )}
    </Page>
  )
}
