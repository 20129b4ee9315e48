// Browser-side API calls. `cache: 'no-cache'` makes the browser revalidate
// every time instead of serving a response from its HTTP cache within
// max-age, so a user always sees their own change on the next read; the ETag
// keeps unchanged responses cheap (304).
import { retryAfterSeconds } from '@/lib/http/retry-after';

export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** From a 429's or 503's Retry-After, when the server sent one. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiClientError';
  }
}

/** A response's Retry-After in seconds (lib/http/retry-after.ts); undefined without one. */
export function retryAfterOf(res: Pick<Response, 'headers'>): number | undefined {
  return retryAfterSeconds(res.headers.get('retry-after')) ?? undefined;
}

export const API_FETCH_INIT: RequestInit = { cache: 'no-cache', credentials: 'same-origin' };

export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(path, {
    ...API_FETCH_INIT,
    method: init.method ?? 'GET',
    headers: init.body !== undefined ? { 'content-type': 'application/json' } : undefined,
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : null;
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiClientError(res.status, err?.code ?? 'unknown', err?.message ?? `Erro ${res.status}`, err?.details, retryAfterOf(res));
  }
  return data as T;
}
