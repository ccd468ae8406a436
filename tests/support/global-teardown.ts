import type { EmbeddedPostgresHandle } from '../../bff/src/run/embedded'

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __linliPg?: EmbeddedPostgresHandle }).__linliPg
  if (server) await server.stop()
}
