import Taro from '@tarojs/taro'
import { ApiError, getToken } from './client'

/**
 * A CSV the BFF answers as text/csv, which `call` (JSON only) does not read. In a browser the file
 * downloads; in WeChat it is fetched into the mini-program's temp folder and handed to
 * `shareFileMessage`, to send to a chat (e.g. 文件传输助手) and open in Excel or WPS there.
 * `path` is under /api/v1, with its query. Answers the line to show her.
 */
export async function saveCsv(path: string, fileName: string): Promise<string> {
  const url = `${LINLI_API_BASE}/api/v1${path}`
  const header: Record<string, string> = {}
  const token = getToken()
  if (token) header.authorization = `Bearer ${token}`
  if (process.env.TARO_ENV === 'h5') {
    const res = await fetch(url, { headers: header }).catch(() => null)
    if (!res?.ok) throw new ApiError('NETWORK', '导出失败，请稍后再试', res?.status ?? 0)
    const link = document.createElement('a')
    link.href = URL.createObjectURL(await res.blob())
    link.download = fileName
    document.body.appendChild(link)
    link.click()
    link.remove()
    setTimeout(() => URL.revokeObjectURL(link.href), 0)
    return `已下载 ${fileName}`
  }
  const file = await Taro.downloadFile({ url, header })
  if (file.statusCode !== 200) throw new ApiError('NETWORK', '导出失败，请稍后再试', file.statusCode)
  await Taro.shareFileMessage({ filePath: file.tempFilePath, fileName })
  return `已生成 ${fileName}，请发送到“文件传输助手”保存`
}
