// Outbound HTTP for integration clients: a deadline on every call and a
// descriptive User-Agent (Advbox's WAF blocks library defaults).
import pkg from '@/package.json';

export const USER_AGENT = `Concilia/${pkg.version} (+https://github.com/concilia)`;

export type FetchOutcome =
  | { kind: 'response'; status: number; body: unknown; headers: Headers }
  | { kind: 'unreachable'; error: string };

export async function fetchJson(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown; timeoutMs?: number } = {},
): Promise<FetchOutcome> {
  try {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      headers: {
        accept: 'application/json',
        'user-agent': USER_AGENT,
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // Non-JSON (e.g. a WAF's HTML page): keep the text.
    }
    return { kind: 'response', status: res.status, body, headers: res.headers };
  } catch (err) {
    return { kind: 'unreachable', error: err instanceof Error ? err.message : String(err) };
  }
}
