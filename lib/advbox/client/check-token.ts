// GET /settings: the cheapest authenticated Advbox call, used to check a token.
import { env } from '@/lib/env';
import { fetchJson } from '@/lib/http/fetch-json';

export type AdvboxCheckResult =
  | { ok: true; users: number; banks: number }
  | { ok: false; reason: 'invalid_token' | 'blocked' | 'rate_limited' | 'unreachable' | 'unexpected'; detail?: string };

export function advboxBaseUrl(): string {
  return env().ADVBOX_API_URL ?? 'https://app.advbox.com.br/api/v1';
}

export async function advboxCheckToken(token: string, baseUrl = advboxBaseUrl()): Promise<AdvboxCheckResult> {
  const out = await fetchJson(`${baseUrl}/settings`, { headers: { authorization: `Bearer ${token}` } });
  if (out.kind === 'unreachable') return { ok: false, reason: 'unreachable', detail: out.error };
  if (out.status === 200 && out.body && typeof out.body === 'object') {
    const b = out.body as { users?: unknown[]; financial?: { banks?: unknown[] } };
    return { ok: true, users: b.users?.length ?? 0, banks: b.financial?.banks?.length ?? 0 };
  }
  if (out.status === 401) return { ok: false, reason: 'invalid_token' };
  if (out.status === 403) return { ok: false, reason: 'blocked' };
  if (out.status === 429) return { ok: false, reason: 'rate_limited' };
  return { ok: false, reason: 'unexpected', detail: `HTTP ${out.status}` };
}
