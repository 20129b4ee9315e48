// One Advbox request, as every call of the client makes it: a slot from the
// token's budget first, then the request (Bearer token, a descriptive
// User-Agent — the WAF blocks library defaults —, a deadline), then the
// answer classified into data or an AdvboxApiError. A 429 pauses the whole
// token's budget (every caller, every instance with Redis) for Retry-After,
// or 60 s without one; background calls then wait and retry, interactive
// calls fail at once with rate_limited and the wait. 5xx and network
// failures are retried twice (background) with a growing pause. GET and our
// PUTs (setting date_payment to a value) are idempotent, so a retry after a
// lost answer cannot double anything.
import { createHash } from 'node:crypto';
import { retryAfterMs } from '@/lib/http/retry-after';
import { log } from '@/lib/log';
import type { AdvboxBudget } from './budget';
import { DEFAULT_RETRY_AFTER_MS, type AdvboxOperation } from './budget/policy';
import type { Clock } from './clock';
import { ADVBOX_MESSAGES, AdvboxApiError, type AdvboxErrorKind } from './errors';

export interface TransportOptions {
  token: string;
  baseUrl: string;
  budget: AdvboxBudget;
  clock: Clock;
  interactive: boolean;
  /** Per HTTP request. */
  timeoutMs: number;
  /** Longest wait for a budget slot (or a 429 pause) before failing with rate_limited. */
  maxWaitMs: number;
  retries: { rateLimited: number; transient: number };
  userAgent: string;
  signal?: AbortSignal;
  tenantId?: string;
}

export interface Reply {
  status: number;
  body: unknown;
}

export type Query = Record<string, string | number | null | undefined>;

/** One budget per token and API host; the token itself never reaches Redis. */
export function budgetKey(baseUrl: string, token: string): string {
  return createHash('sha256').update(`${baseUrl}\n${token}`).digest('hex').slice(0, 32);
}

function messageOf(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as { error?: unknown; message?: unknown; errors?: unknown };
  if (typeof b.error === 'string') return b.error;
  // Laravel's 422: a generic `message`, the reason in `errors`.
  if (b.errors && typeof b.errors === 'object') {
    const first = Object.values(b.errors as Record<string, unknown>)[0];
    if (Array.isArray(first) && typeof first[0] === 'string') return first[0];
  }
  if (typeof b.message === 'string') return b.message;
  return null;
}

const KIND_OF_STATUS: Record<number, AdvboxErrorKind> = { 401: 'invalid_token', 403: 'blocked', 404: 'not_found', 400: 'validation', 422: 'validation', 429: 'rate_limited' };

export class AdvboxTransport {
  readonly key: string;

  constructor(readonly options: TransportOptions) {
    this.key = budgetKey(options.baseUrl, options.token);
  }

  url(path: string, query?: Query): string {
    const u = new URL(this.options.baseUrl.replace(/\/+$/, '') + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null) u.searchParams.set(k, String(v));
    return u.toString();
  }

  private async slot(op: AdvboxOperation): Promise<void> {
    const { budget, clock, interactive, maxWaitMs, signal } = this.options;
    const now = clock.now();
    const grant = await budget.reserve({ key: this.key, op, interactive, maxWaitMs, now });
    if (!grant.granted) {
      throw new AdvboxApiError('rate_limited', ADVBOX_MESSAGES.rate_limited, null, { retryAfterMs: Math.max(0, grant.at - now) });
    }
    if (grant.at > now) await clock.sleep(grant.at - now, signal);
  }

  private async once(method: string, url: string, body: unknown): Promise<{ status: number; text: string; headers: Headers } | { error: string }> {
    const { token, timeoutMs, userAgent, signal } = this.options;
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const res = await fetch(url, {
        method,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${token}`,
          'user-agent': userAgent,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
      });
      return { status: res.status, text: await res.text(), headers: res.headers };
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      return { error: timeout.aborted ? `no answer within ${timeoutMs} ms` : err instanceof Error ? `${err.message}${err.cause ? `: ${String((err.cause as Error).message ?? err.cause)}` : ''}` : String(err) };
    }
  }

  /** Sends one request (with its budget slot and retries); resolves with a 2xx, throws AdvboxApiError otherwise. */
  async send(method: 'GET' | 'PUT', path: string, init: { query?: Query; body?: unknown } = {}): Promise<Reply> {
    const { clock, interactive, retries, signal, tenantId, maxWaitMs } = this.options;
    const op: AdvboxOperation = method === 'GET' ? 'get' : 'put';
    const url = this.url(path, init.query);
    const where = { method, path };
    let limited = 0;
    let failed = 0;
    for (;;) {
      await this.slot(op);
      const out = await this.once(method, url, init.body);
      let error: AdvboxApiError;
      if ('error' in out) {
        error = new AdvboxApiError('unreachable', ADVBOX_MESSAGES.unreachable, null, { details: out.error, ...where });
      } else {
        let body: unknown = null;
        let json = true;
        try {
          body = out.text ? (JSON.parse(out.text) as unknown) : null;
        } catch {
          json = false;
          body = out.text.slice(0, 500);
        }
        if (out.status >= 200 && out.status < 300) {
          if (!json) throw new AdvboxApiError('invalid_response', ADVBOX_MESSAGES.invalid_response, out.status, { details: body, ...where });
          return { status: out.status, body };
        }
        const kind = KIND_OF_STATUS[out.status] ?? 'server';
        const message = kind === 'not_found' || kind === 'validation' ? (messageOf(body) ?? ADVBOX_MESSAGES[kind]) : ADVBOX_MESSAGES[kind];
        if (kind === 'rate_limited') {
          const now = clock.now();
          const wait = retryAfterMs(out.headers.get('retry-after'), now) ?? DEFAULT_RETRY_AFTER_MS;
          await this.options.budget.pause(this.key, op, now + wait, now);
          limited++;
          log('warn', 'advbox: 429, pausing this token', { tenantId, method, path, waitMs: wait, attempt: limited });
          error = new AdvboxApiError('rate_limited', ADVBOX_MESSAGES.rate_limited, 429, { retryAfterMs: wait, ...where });
          if (!interactive && limited <= retries.rateLimited && wait <= maxWaitMs) continue;
          throw error;
        }
        error = new AdvboxApiError(kind, message, out.status, { details: body, ...where });
      }
      if (!error.transient || interactive || failed >= retries.transient) throw error;
      failed++;
      log('warn', 'advbox: request failed, retrying', { tenantId, method, path, kind: error.kind, status: error.status, attempt: failed });
      await clock.sleep(1000 * 3 ** (failed - 1), signal);
    }
  }
}
