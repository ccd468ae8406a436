import type { BlockList } from 'node:net'
import { isIP } from 'node:net'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'

// A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; one client must have one bucket.
function normalize(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address
}

function isTrusted(address: string, trusted: BlockList): boolean {
  return trusted.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4')
}

/**
 * The client's address given the socket peer and X-Forwarded-For.
 * 1. A peer that is not a trusted proxy is the client; its X-Forwarded-For is anyone's to forge.
 * 2. Behind trusted proxies, each one appends the address it received from: walking the header
 *    from the right, the first untrusted address is the client (everything left of it was
 *    written by the client itself).
 * 3. An entry that is not an IP address stops the walk at the last hop that can vouch for it.
 * 4. Every hop trusted (a request from inside): the left-most one.
 */
export function forwardedClient(peer: string, forwardedFor: string | undefined, trusted: BlockList): string {
  let client = normalize(peer)
  // 1.
  if (!isTrusted(client, trusted)) return client
  const hops = (forwardedFor ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean)
  // 2.
  for (const raw of hops.reverse()) {
    const hop = normalize(raw)
    // 3.
    if (isIP(hop) === 0) return client
    client = hop
    if (!isTrusted(hop, trusted)) return hop
  }
  // 4.
  return client
}

/** The client address for rate limits; 'local' for in-process requests (tests call app.request). */
export function clientIp(c: Context, trustedProxies: BlockList): string {
  let peer: string | undefined
  try {
    peer = getConnInfo(c).remote.address
  } catch {
    return 'local'
  }
  if (!peer) return 'local'
  return forwardedClient(peer, c.req.header('x-forwarded-for'), trustedProxies)
}
