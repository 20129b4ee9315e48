// Which Connect a click opens. Pluggy's widget is served from
// connect.pluggy.ai and talks to api.pluggy.ai, so it only works for a firm
// on real Pluggy; against the local sandbox (PLUGGY_SANDBOX_URL, the
// embedded demo's default) nothing of it can load, and our own dialog
// plays its part with the same connect token.
import type { ConnectTokenDto } from '@/lib/pluggy/items/connect-token';

export type ConnectPath = { kind: 'widget'; updateItem: string | null } | { kind: 'sandbox'; apiUrl: string; updateItem: string | null };

export function connectPath(token: Pick<ConnectTokenDto, 'mode' | 'sandboxApiUrl' | 'pluggyItemId'>): ConnectPath {
  if (token.mode === 'sandbox' && token.sandboxApiUrl) return { kind: 'sandbox', apiUrl: token.sandboxApiUrl.replace(/\/+$/, ''), updateItem: token.pluggyItemId };
  return { kind: 'widget', updateItem: token.pluggyItemId };
}
