// A local server speaking Pluggy's API wire protocol (see the shared
// Pluggy spec), so the client code production uses runs unchanged in tests,
// benchmarks and the embedded demo. README.md in this folder lists what it
// serves and how to drive it.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SANDBOX_CLIENT } from '@/lib/pluggy/client/sandbox-credentials';
import { authenticate, caller, handleApi, type ApiClient, type ApiDeps } from './api';
import { SandboxControl } from './control';
import { handleControl } from './control-http';
import type { FirmSpec } from './dataset';
import { payloadOf } from './events';
import { Faults, PLUGGY_RATE_LIMITS, RateLimiter } from './faults';
import { HttpError, readJson, sendError, sendJson, CORS_HEADERS } from './http';
import { KeySigner } from './jwt';
import { SandboxStore, type SandboxEvent } from './store';
import { Deliverer, DISABLE_AFTER_FAILURES, WebhookRegistry, type Delivery, type UrlRules } from './webhooks';

export { sandboxApiKey } from './jwt';
export type { FirmSpec } from './dataset';
export type { NewTransaction } from './store';
export type { Delivery } from './webhooks';
export type { SandboxControl, DeliverOptions } from './control';

export interface PluggySandboxOptions {
  /** API client pairs accepted by POST /auth (default: the sandbox pair of lib/pluggy/client). */
  clients?: ApiClient[];
  port?: number;
  host?: string;
  /** The firm user-ok / password-ok logs into (default { seed: 1, customers: 60 }, anchored today). */
  defaultFirm?: FirmSpec;
  /** How long an item update takes, ms (default 100); null = until control.completeUpdate(). */
  updateDelayMs?: number | null;
  /** Rows per /v2/transactions page (default 500). */
  pageSize?: number;
  /** Lifetime of API keys from POST /auth, seconds (default 7200, as Pluggy). */
  apiKeyTtlSeconds?: number;
  /** Requests per minute per endpoint (default Pluggy's: 360, PATCH /items 20); false = none. */
  rateLimits?: Record<string, number> | false;
  /** Retry-After of a rate-limit 429, seconds (default 60, as Pluggy). */
  rateLimitRetryAfter?: number;
  /** 'local' (default) accepts http://127.0.0.1 webhook URLs; 'pluggy' applies Pluggy's rules. */
  webhookUrlRules?: UrlRules;
  /** Deliver life-cycle and transaction webhooks by themselves (default true). */
  autoWebhooks?: boolean;
  /** Extra attempts of a failed automatic delivery (default 2; Pluggy tries 3 times at once). */
  webhookRetries?: number;
  webhookRetryDelayMs?: number;
  now?: () => number;
}

export interface RequestLog {
  method: string;
  path: string;
  /** Raw query string, with its leading "?" (or ""). */
  search: string;
  at: number;
}

export interface PluggySandbox {
  url: string;
  close(): Promise<void>;
  /** Requests received, for assertions. */
  requests: RequestLog[];
  /** Webhook deliveries made (every attempt). */
  deliveries: Delivery[];
  control: SandboxControl;
}

function rateKey(method: string, path: string): string {
  const seg = path.split('/').filter(Boolean);
  return seg[0] === 'v2' ? `${method} /v2/${seg[1] ?? ''}` : `${method} /${seg[0] ?? ''}`;
}

export async function startPluggySandbox(opts: PluggySandboxOptions = {}): Promise<PluggySandbox> {
  const now = opts.now ?? Date.now;
  const host = opts.host ?? '127.0.0.1';
  const clients = opts.clients ?? [{ ...SANDBOX_CLIENT }];
  const requests: RequestLog[] = [];
  const pending = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  let url = '';
  let revokedBefore = 0;

  const webhooks = new WebhookRegistry(opts.webhookUrlRules ?? 'local', now);
  const deliverer = new Deliverer(now);
  const retries = opts.webhookRetries ?? 2;
  const retryDelayMs = opts.webhookRetryDelayMs ?? 100;

  const deliverEvent = async (e: SandboxEvent) => {
    const payload = payloadOf(e, url, e.item.triggeredBy);
    const subs = webhooks.subscribers(e.item.clientId, payload.event);
    const sends: Promise<unknown>[] = subs.map(async (w) => {
      const d = await deliverer.post(w.url, payload, { headers: w.headers, retries, retryDelayMs, webhookId: w.id });
      if (d.status !== null && d.status >= 200 && d.status < 300) w.failures = 0;
      else if (++w.failures >= DISABLE_AFTER_FAILURES) w.disabledAt ??= now();
    });
    // A webhookUrl on the item (or its connect token) gets every event, without custom headers.
    if (e.item.webhookUrl) sends.push(deliverer.post(e.item.webhookUrl, payload, { retries, retryDelayMs }));
    await Promise.all(sends);
  };

  const store = new SandboxStore({
    defaultFirm: opts.defaultFirm ?? { seed: 1, customers: 60 },
    updateDelayMs: opts.updateDelayMs === undefined ? 100 : opts.updateDelayMs,
    now,
    track,
    emit: (e) => {
      if (opts.autoWebhooks ?? true) track(deliverEvent(e));
    },
  });
  const faults = new Faults();
  const limiter = new RateLimiter(opts.rateLimits === false ? {} : (opts.rateLimits ?? PLUGGY_RATE_LIMITS), opts.rateLimitRetryAfter ?? 60, now);
  const deps: ApiDeps = {
    store,
    webhooks,
    signer: new KeySigner(),
    clients,
    apiKeyTtlSeconds: opts.apiKeyTtlSeconds ?? 7200,
    pageSize: opts.pageSize ?? 500,
    urlRules: opts.webhookUrlRules ?? 'local',
    now,
    revokedBefore: () => revokedBefore,
    connectItems: new Map(),
  };
  const control = new SandboxControl({
    store,
    webhooks,
    deliverer,
    faults,
    limiter,
    url: () => url,
    // Keys issued within the current second are revoked too.
    revoke: () => (revokedBefore = Math.floor(now() / 1000) + 1),
    pending,
    webhookRetries: retries,
    webhookRetryDelayMs: retryDelayMs,
    defaultClientId: clients[0]!.clientId,
  });

  // Pluggy takes up to 500 ids in a query string (~19 KB); Node's default header limit is 16 KB.
  const server = createServer({ maxHeaderSize: 64 * 1024 }, (req: IncomingMessage, res) => {
    void (async () => {
      const u = new URL(req.url ?? '/', 'http://sandbox');
      const method = req.method ?? 'GET';
      const path = u.pathname;
      requests.push({ method, path, search: u.search, at: now() });
      if (method === 'OPTIONS') {
        res.writeHead(204, CORS_HEADERS);
        return res.end();
      }
      let bodyPromise: Promise<Record<string, unknown>> | undefined;
      const body = () => (bodyPromise ??= readJson(req));
      try {
        if (path.startsWith('/_sandbox/')) {
          const out = await handleControl(control, method, path.split('/').filter(Boolean).slice(1), body);
          if (out === null) throw new HttpError(404, `Cannot ${method} ${path}`);
          return sendJson(res, 200, out);
        }
        const fault = faults.take(method, path);
        if (fault) throw fault;
        const limited = limiter.check(rateKey(method, path));
        if (limited) throw limited;
        if (method === 'POST' && path === '/auth') return sendJson(res, 200, await authenticate(deps, await body()));
        const who = caller(deps, req.headers['x-api-key'] as string | undefined);
        const out = await handleApi(deps, who, { method, path, query: u.searchParams, body, apiKey: req.headers['x-api-key'] as string | undefined });
        if (out === null) throw new HttpError(404, `Cannot ${method} ${path}`);
        sendJson(res, 200, out);
      } catch (err) {
        if (err instanceof HttpError) return sendError(res, err);
        sendError(res, new HttpError(500, err instanceof Error ? err.message : String(err)));
      }
    })();
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  url = `http://${host}:${port}`;
  return {
    url,
    requests,
    deliveries: deliverer.log,
    control,
    close: async () => {
      for (const item of store.items.values()) store.cancelTimer(item);
      await Promise.allSettled([...pending]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
