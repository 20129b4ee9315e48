// The hooks' one way to call the API. `cache: 'no-cache'` (API_FETCH_INIT)
// makes the browser revalidate instead of serving its HTTP cache within the
// response's max-age, so a refetch after an invalidation gets the new data
// (an unchanged answer costs a 304). Errors become ApiClientError with the
// API's contract `{ error: { code, message, details } }`; anything else
// (a proxy's HTML page, a dropped connection) gets a code of its own.
import { API_FETCH_INIT, ApiClientError, retryAfterOf } from '@/lib/api-client';

export { ApiClientError };

type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function apiRequest<T>(
  path: string,
  init: { method?: string; query?: Query; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(withQuery(path, init.query), {
      ...API_FETCH_INIT,
      method: init.method ?? 'GET',
      headers: init.body !== undefined ? { 'content-type': 'application/json' } : undefined,
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      signal: init.signal,
    });
  } catch (err) {
    if ((err as { name?: string })?.name === 'AbortError') throw err;
    throw new ApiClientError(0, 'network_error', 'Sem conexão com o servidor. Tente novamente.');
  }
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    if (res.ok) throw new ApiClientError(res.status, 'invalid_response', 'Resposta inválida do servidor.');
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
    throw new ApiClientError(
      res.status,
      typeof err?.code === 'string' ? err.code : 'http_error',
      typeof err?.message === 'string' ? err.message : `Erro ${res.status}`,
      err?.details,
      retryAfterOf(res),
    );
  }
  return data as T;
}

export const apiGet = <T>(path: string, query?: Query, signal?: AbortSignal) => apiRequest<T>(path, { query, signal });
