// Calls route handlers the way Next.js does (a Request plus a params
// promise), so route tests exercise the real wrapper, auth, database and
// cache without a server.
import type { RouteHandler } from '@/test/routes';

export interface CallOptions {
  method?: string;
  path?: string;
  query?: Record<string, string>;
  token?: string;
  cookie?: string;
  headers?: Record<string, string>;
  /** JSON-encoded for you; use rawBody to send exact bytes. */
  body?: unknown;
  rawBody?: string;
  params?: Record<string, string>;
}

export interface CallResult<T = unknown> {
  status: number;
  headers: Headers;
  json: T;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response bodies loosely
export async function call<T = any>(handler: RouteHandler, opts: CallOptions = {}): Promise<CallResult<T>> {
  const url = new URL(opts.path ?? '/api/test', 'http://localhost:3000');
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const headers = new Headers(opts.headers);
  if (opts.token) headers.set('authorization', `Bearer ${opts.token}`);
  if (opts.cookie) headers.set('cookie', opts.cookie);
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  const request = new Request(url, { method: opts.method ?? 'GET', headers, body });
  const res = await handler(request, { params: Promise.resolve(opts.params ?? {}) });
  const text = res.headers.get('content-type')?.startsWith('text/event-stream') ? await firstFrames(res) : await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, headers: res.headers, json: json as T };
}

/**
 * A stream never ends by itself: read until the first `data:` frame (or 2 s),
 * then cancel, as a browser closing the tab would.
 */
async function firstFrames(res: Response): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + 2000;
  while (!/(^|\n)data:.*\n\n/.test(text) && Date.now() < deadline) {
    const next = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
    if (!next || next.done) break;
    text += decoder.decode(next.value, { stream: true });
  }
  await reader.cancel();
  return text;
}

/** Runs fn with extra environment variables, restoring the old values after. */
export async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const { resetEnvCache } = await import('@/lib/env');
  const old: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(vars)) {
    old[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(old)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvCache();
  }
}

export function expectErrorContract(json: unknown): { code: string; message: string; details?: unknown } {
  const err = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (!err || typeof err.code !== 'string' || typeof err.message !== 'string' || err.message.length === 0) {
    throw new Error(`response is not the error contract: ${JSON.stringify(json)}`);
  }
  return err as { code: string; message: string; details?: unknown };
}
