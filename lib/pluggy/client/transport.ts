// One HTTP exchange with Pluggy, done with Node's fetch: the API key (shared
// per credentials, refreshed once on a 401), an encoded query string, a
// deadline per attempt, typed errors for every non-2xx, and the retry policy.
// pluggy-sdk's own transport (got with 2 retries that sleep through a 60 s
// Retry-After, console.error, rejections with bare bodies) is not used.
import { USER_AGENT } from '@/lib/http/fetch-json';
import { log } from '@/lib/log';
import { apiKeys as sharedApiKeys, credentialsKey, type ApiKeyCache } from './api-keys';
import { retryAfterSeconds } from '@/lib/http/retry-after';
import { PluggyApiError, PluggyNetworkError, type PluggyRequestInfo } from './errors';
import { parseJsonWithDates } from './json-dates';
import { encodeQuery } from './query';
import { retryDelay, type RetryPolicy } from './retry-policy';

export interface PluggyCredentials {
  /** Without a trailing slash, e.g. https://api.pluggy.ai or http://127.0.0.1:4010. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

export interface TransportOptions {
  policy: RetryPolicy;
  apiKeys?: ApiKeyCache;
  /** Milliseconds since the epoch (injectable so tests can move the key clock). */
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface RequestOptions {
  query?: Readonly<Record<string, unknown>> | null;
  body?: unknown;
  signal?: AbortSignal;
  /** Whether repeating the request is harmless; defaults to method !== POST. */
  idempotent?: boolean;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function parseBody(text: string): unknown {
  if (!text) return null;
  try {
    return parseJsonWithDates(text);
  } catch {
    return text;
  }
}

export class PluggyTransport {
  readonly policy: RetryPolicy;
  private readonly cache: ApiKeyCache;
  private readonly cacheKey: string;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(
    readonly credentials: PluggyCredentials,
    options: TransportOptions,
  ) {
    if (credentials.baseUrl.endsWith('/')) throw new RangeError('Pluggy base URL must not end with a slash');
    this.policy = options.policy;
    this.cache = options.apiKeys ?? sharedApiKeys;
    this.cacheKey = credentialsKey(credentials.baseUrl, credentials.clientId, credentials.clientSecret);
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Same credentials and key cache, another retry policy. */
  withPolicy(policy: RetryPolicy): PluggyTransport {
    return new PluggyTransport(this.credentials, {
      policy,
      apiKeys: this.cache,
      now: this.now,
      random: this.random,
      sleep: this.sleep,
    });
  }

  /**
   * A current API key (POST /auth at most once at a time per credentials).
   * The shared /auth takes no caller's abort signal: one caller giving up
   * must not fail the others waiting on it.
   */
  apiKey(): Promise<string> {
    return this.cache.get(
      this.cacheKey,
      async () => {
        const body = await this.withRetries<{ apiKey?: unknown }>('POST', 'auth', {
          body: { clientId: this.credentials.clientId, clientSecret: this.credentials.clientSecret, nonExpiring: false },
          idempotent: true,
        }, null);
        if (typeof body?.apiKey !== 'string') {
          throw new PluggyApiError(502, 'POST /auth answered without an apiKey', null, null, { method: 'POST', path: '/auth' }, body);
        }
        return body.apiKey;
      },
      Math.floor(this.now() / 1000),
    );
  }

  /** An authenticated call; `endpoint` has no leading slash ("items/123", "v2/transactions"). */
  async request<T>(method: string, endpoint: string, options: RequestOptions = {}): Promise<T> {
    let refreshed = false;
    for (;;) {
      // Failures of /auth itself were already retried inside apiKey().
      const key = await this.apiKey();
      try {
        return await this.withRetries<T>(method, endpoint, options, key);
      } catch (err) {
        if (err instanceof PluggyApiError && err.status === 401 && !refreshed) {
          // The key was revoked or expired early: drop it and try once with a new one.
          this.cache.invalidate(this.cacheKey, key);
          refreshed = true;
          continue;
        }
        throw err;
      }
    }
  }

  private async withRetries<T>(method: string, endpoint: string, options: RequestOptions, apiKey: string | null): Promise<T> {
    const idempotent = options.idempotent ?? method !== 'POST';
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once<T>(method, endpoint, options, apiKey);
      } catch (err) {
        const wait = retryDelay(this.policy, attempt, err, { idempotent, random: this.random });
        if (wait === null) throw err;
        log('info', 'pluggy call failed, retrying', {
          method,
          path: `/${endpoint}`,
          attempt,
          waitMs: wait,
          policy: this.policy.name,
          status: err instanceof PluggyApiError ? err.status : undefined,
          error: err instanceof Error ? err.message : String(err),
        });
        await this.sleep(wait, options.signal);
      }
    }
  }

  private async once<T>(method: string, endpoint: string, options: RequestOptions, apiKey: string | null): Promise<T> {
    const info: PluggyRequestInfo = { method, path: `/${endpoint}` };
    const url = `${this.credentials.baseUrl}/${endpoint}${encodeQuery(options.query)}`;
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': USER_AGENT };
    if (apiKey) headers['x-api-key'] = apiKey;
    let body: string | undefined;
    if (options.body !== undefined && options.body !== null) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const timeout = AbortSignal.timeout(this.policy.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, { method, headers, body, signal });
      text = await res.text();
    } catch (err) {
      if (options.signal?.aborted) throw options.signal.reason;
      const timedOut = timeout.aborted;
      const message = timedOut
        ? `Pluggy did not answer ${method} ${info.path} within ${this.policy.timeoutMs} ms`
        : `Could not reach Pluggy for ${method} ${info.path}: ${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)}`;
      throw new PluggyNetworkError(message, info, timedOut, err);
    }
    const parsed = parseBody(text);
    if (res.status >= 200 && res.status < 300) return parsed as T;
    const errBody = parsed as { message?: unknown; codeDescription?: unknown } | null;
    throw new PluggyApiError(
      res.status,
      typeof errBody?.message === 'string' ? errBody.message : `HTTP ${res.status} from Pluggy`,
      typeof errBody?.codeDescription === 'string' ? errBody.codeDescription : null,
      retryAfterSeconds(res.headers.get('retry-after'), this.now()),
      info,
      parsed,
    );
  }
}
