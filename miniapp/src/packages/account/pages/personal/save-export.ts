import Taro from '@tarojs/taro'
import type { PersonalDataExport } from '@linli/shared'

/**
 * Puts 下载我的数据 where she can keep it. In a browser: a `.json` file download. In WeChat a
 * mini-program cannot save into the phone's files and `openDocument` opens no JSON, so the file is
 * written to the mini-program's own folder and handed to `shareFileMessage`: she sends it to a chat
 * (e.g. 文件传输助手) and keeps it there. The clipboard would cut a long history short.
 */
export async function saveExport(data: PersonalDataExport): Promise<string> {
  const fileName = `linli-my-data-${data.exportedAt.slice(0, 10)}.json`
  const text = JSON.stringify(data, null, 2)
  if (process.env.TARO_ENV === 'h5') {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
    const link = document.createElement('a')
    link.href = url
    link.download = fileName
    document.body.appendChild(link)
    link.click()
    link.remove()
    // After the click has handed the file to the browser.
    setTimeout(() => URL.revokeObjectURL(url), 0)
    return `已下载 ${fileName}`
  }
  const filePath = `${Taro.env.USER_DATA_PATH}/${fileName}`
  Taro.getFileSystemManager().writeFileSync(filePath, text, 'utf8')
  await Taro.shareFileMessage({ filePath, fileName })
  return `已生成 ${fileName}，请发送到“文件传输助手”保存`
}
