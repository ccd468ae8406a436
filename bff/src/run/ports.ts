import { createServer } from 'node:net'
import { describeProcess, processListeningOn } from './processes'
import { OperatorError } from './operator-error'

/** What a port is for and the setting that moves it, for the message when it is taken. */
export interface PortUse {
  what: string
  setting: string
}

/** The Chinese line for a port someone else holds, naming that process where the machine lets us see it. */
export function portTakenMessage(port: number, use: PortUse): string {
  const owner = processListeningOn(port)
  const by = owner === null ? '' : `（被 ${describeProcess(owner)} 占用）`
  return `${use.what}端口 ${port} 已被占用${by}：停止那个进程，或设置 ${use.setting} 换一个端口`
}

/**
 * Refuses to go on when `host:port` cannot be bound, before slow work (migrations, the H5 build)
 * that would be wasted. It binds and closes at once; the real listener binds a moment later.
 */
export async function assertPortFree(host: string, port: number, use: PortUse): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer()
    probe.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new OperatorError(portTakenMessage(port, use)))
      else if (err.code === 'EACCES') reject(new OperatorError(`没有权限使用${use.what}端口 ${port}：设置 ${use.setting} 为 1024 以上的端口`))
      else if (err.code === 'EADDRNOTAVAIL') reject(new OperatorError(`本机没有地址 ${host}：检查 HOST 设置`))
      else reject(err)
    })
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()))
  })
}
