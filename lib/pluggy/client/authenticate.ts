// POST /auth with the tenant's client id/secret → API key (a 2 h JWT).
import { fetchJson } from '@/lib/http/fetch-json';
import { env } from '@/lib/env';

export type PluggyAuthResult =
  | { ok: true; apiKey: string }
  | { ok: false; reason: 'invalid_credentials' | 'disabled' | 'ip_not_allowed' | 'unreachable' | 'unexpected'; detail?: string };

export function pluggyBaseUrl(): string {
  return env().PLUGGY_API_URL ?? 'https://api.pluggy.ai';
}

export async function pluggyAuthenticate(clientId: string, clientSecret: string, baseUrl = pluggyBaseUrl()): Promise<PluggyAuthResult> {
  const out = await fetchJson(`${baseUrl}/auth`, { method: 'POST', body: { clientId, clientSecret, nonExpiring: false } });
  if (out.kind === 'unreachable') return { ok: false, reason: 'unreachable', detail: out.error };
  const body = out.body as { apiKey?: unknown; codeDescription?: unknown; message?: unknown } | null;
  if (out.status === 200 && typeof body?.apiKey === 'string') return { ok: true, apiKey: body.apiKey };
  const code = typeof body?.codeDescription === 'string' ? body.codeDescription : undefined;
  if (code === 'CLIENT_DISABLED') return { ok: false, reason: 'disabled' };
  if (code === 'CLIENT_IP_NOT_ALLOWED') return { ok: false, reason: 'ip_not_allowed' };
  if (out.status === 401 || out.status === 400) return { ok: false, reason: 'invalid_credentials' };
  return { ok: false, reason: 'unexpected', detail: `HTTP ${out.status}` };
}
