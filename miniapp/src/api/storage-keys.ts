/**
 * The keys the app keeps in Taro storage: the session token (api/client.ts), 长辈模式 and the
 * chosen community (state/app-state.tsx). index.html's first screen (config/app-shell.ts) reads
 * them too, before any script, to know whether the visitor is new.
 */
export const STORAGE_KEYS = {
  token: 'linli.token',
  elderMode: 'linli.elderMode',
  communityId: 'linli.communityId',
} as const
