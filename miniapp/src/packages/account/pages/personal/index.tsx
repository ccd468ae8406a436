import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { endSession } from '../../../../api/client'
import { privacyApi } from '../../../../api/privacy'
import { ActionResult } from '../../../../components/action-result'
import { confirmAction } from '../../../../components/confirm'
import { Page } from '../../../../components/page'
import { Empty } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'
import { saveExport } from './save-export'

/** What 注销账号 does, said before she confirms it (个人信息保护法 第四十七条). */
const DELETION_EFFECTS =
  '未开始的预约将被取消，座位让给候补的居民；家人信息、同意记录和消息将被删除；已完成的预约和评价匿名保留，不再关联您的姓名和手机号；所有设备立即退出登录。注销后不能恢复，再次登录将是一个新账号。'

/** 我的 → 个人信息: what we hold, 下载我的数据 and 注销账号. */
export default function PersonalInformationPage() {
  const { me } = useAppState()
  const download = useAction()
  const deletion = useAction()

  if (!me) {
    return (
      <Page>
        <Empty text="登录后可以查看、下载或删除您的个人信息。" />
      </Page>
    )
  }

  const exportData = () =>
    download.run(async () => {
      const data = await privacyApi.exportMyData()
      const saved = await saveExport(data)
      return `${saved}（${data.bookings.length} 条预约、${data.ratings.length} 条评价、${data.messages.length} 条消息）`
    })

  const deleteAccount = async () => {
    deletion.clearError()
    const confirmed = await confirmAction({ title: '注销账号', content: DELETION_EFFECTS, confirmText: '确认注销', danger: true })
    if (!confirmed) return
    await deletion.run(async () => {
      await privacyApi.deleteAccount()
      endSession()
      await Taro.switchTab({ url: '/pages/me/index' })
      await Taro.showToast({ title: '账号已注销', icon: 'none' })
    })
  }

  return (
    <Page>
      <View className="card">
        <Text className="title">我们保存的信息</Text>
        <Text className="kv">姓名：{me.displayName}</Text>
        <Text className="kv">手机号：{me.phoneMasked ?? '未登记'}</Text>
        <Text className="kv">出生日期：{me.birthDate ?? '未填写'}</Text>
        <Text className="kv">社区：{me.community?.name ?? '未选择'}</Text>
        {me.pendingCommunity && <Text className="kv muted">迁往{me.pendingCommunity.name}：等待该社区工作人员确认</Text>}
      </View>
      <View className="card">
        <Text className="title">下载我的数据</Text>
        <Text className="kv muted">一个文件里包括您的资料（完整手机号）、家人、同意记录、预约、评价与整改答复、消息和登录记录。</Text>
        <Button className="btn btn--main export-data" disabled={download.busy} onClick={exportData}>
          {download.busy ? '正在准备…' : '下载我的数据'}
        </Button>
        <ActionResult action={download} className="export-result" />
      </View>
      <View className="card">
        <Text className="title">注销账号</Text>
        <Text className="kv muted">{DELETION_EFFECTS}</Text>
        <Button className="btn btn--danger delete-account" disabled={deletion.busy} onClick={() => void deleteAccount()}>
          注销账号
        </Button>
        <ActionResult action={deletion} className="delete-result" />
      </View>
    </Page>
  )
}
