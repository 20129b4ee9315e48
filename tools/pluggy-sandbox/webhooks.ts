// /webhooks of the sandbox and their delivery: CRUD with the custom
// `headers` Pluggy sends on each delivery (never returned by GET), URL rules
// ('local' accepts http://127.0.0.1 for tests; 'pluggy' applies Pluggy's:
// HTTPS, a public DNS name), at most 5 per event, and plain JSON POSTs with
// a 10 s deadline, retried on failure except after a 401.
import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { WEBHOOK_EVENTS } from 'pluggy-sdk';
import { badRequest, HttpError, notFound } from './http';

export type UrlRules = 'local' | 'pluggy';

export interface WebhookRecord {
  id: string;
  clientId: string;
  event: string;
  url: string;
  headers: Record<string, string> | null;
  createdAt: number;
  updatedAt: number;
  disabledAt: number | null;
  /** Events in a row whose delivery failed every attempt. */
  failures: number;
}

export const MAX_WEBHOOKS_PER_EVENT = 5;
/** Failed events in a row before a webhook is disabled (PATCH enabled:true turns it back on). */
export const DISABLE_AFTER_FAILURES = 10;

/** Why Pluggy would refuse this URL, or null. */
export function webhookUrlProblem(url: unknown, rules: UrlRules): string | null {
  if (typeof url !== 'string' || url.length === 0) return 'url must be a string';
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'url must be a valid URL';
  }
  if (rules === 'local') return u.protocol === 'http:' || u.protocol === 'https:' ? null : 'url must be an http(s) URL';
  if (u.protocol !== 'https:') return 'url must be an https URL';
  const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(host)) return 'url host must be a domain name, not an IP address';
  if (host === 'localhost' || /\.(localhost|local|internal)$/.test(host) || !host.includes('.')) return 'url host must be a public domain name';
  return null;
}

function checkHeaders(h: unknown): Record<string, string> | null {
  if (h === undefined || h === null) return null;
  if (typeof h !== 'object' || Array.isArray(h)) throw badRequest('headers must be an object');
  for (const [k, v] of Object.entries(h)) {
    if (typeof v !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k)) throw badRequest('headers must map header names to strings');
  }
  return h as Record<string, string>;
}

function checkEvent(e: unknown): string {
  if (typeof e !== 'string' || !(WEBHOOK_EVENTS as readonly string[]).includes(e)) {
    throw badRequest(`event must be one of the following values: ${WEBHOOK_EVENTS.join(', ')}`);
  }
  return e;
}

export function webhookWire(w: WebhookRecord) {
  return {
    id: w.id,
    url: w.url,
    event: w.event,
    createdAt: new Date(w.createdAt).toISOString(),
    updatedAt: new Date(w.updatedAt).toISOString(),
    disabledAt: w.disabledAt === null ? null : new Date(w.disabledAt).toISOString(),
  };
}

export class WebhookRegistry {
  readonly records = new Map<string, WebhookRecord>();

  constructor(
    private readonly rules: UrlRules,
    private readonly now: () => number,
  ) {}

  private checkUrl(url: unknown): string {
    const problem = webhookUrlProblem(url, this.rules);
    if (problem) throw badRequest(problem);
    return url as string;
  }

  private checkSlot(clientId: string, event: string, url: string, except?: string): void {
    const same = [...this.records.values()].filter((w) => w.clientId === clientId && w.event === event && w.id !== except);
    if (same.some((w) => w.url === url)) throw badRequest('A webhook with this event and url already exists');
    if (same.length >= MAX_WEBHOOKS_PER_EVENT) throw badRequest(`At most ${MAX_WEBHOOKS_PER_EVENT} webhooks per event`);
  }

  create(clientId: string, body: Record<string, unknown>): WebhookRecord {
    const event = checkEvent(body.event);
    const url = this.checkUrl(body.url);
    const headers = checkHeaders(body.headers);
    this.checkSlot(clientId, event, url);
    const t = this.now();
    const w: WebhookRecord = { id: randomUUID(), clientId, event, url, headers, createdAt: t, updatedAt: t, disabledAt: null, failures: 0 };
    this.records.set(w.id, w);
    return w;
  }

  get(clientId: string, id: string): WebhookRecord {
    const w = this.records.get(id);
    if (!w || w.clientId !== clientId) throw notFound('Webhook not found', 'WEBHOOK_NOT_FOUND');
    return w;
  }

  list(clientId: string): WebhookRecord[] {
    return [...this.records.values()].filter((w) => w.clientId === clientId);
  }

  update(clientId: string, id: string, body: Record<string, unknown>): WebhookRecord {
    const w = this.get(clientId, id);
    const event = body.event === undefined ? w.event : checkEvent(body.event);
    const url = body.url === undefined ? w.url : this.checkUrl(body.url);
    if (body.enabled !== undefined && typeof body.enabled !== 'boolean') throw badRequest('enabled must be a boolean');
    if (event !== w.event || url !== w.url) this.checkSlot(clientId, event, url, w.id);
    if (body.headers !== undefined) w.headers = checkHeaders(body.headers);
    w.event = event;
    w.url = url;
    if (body.enabled === true) {
      w.disabledAt = null;
      w.failures = 0;
    } else if (body.enabled === false) w.disabledAt ??= this.now();
    w.updatedAt = this.now();
    return w;
  }

  delete(clientId: string, id: string): void {
    this.get(clientId, id);
    this.records.delete(id);
  }

  /** Enabled webhooks of a client that receive `event`. */
  subscribers(clientId: string | null, event: string): WebhookRecord[] {
    return [...this.records.values()].filter(
      (w) => (clientId === null || w.clientId === clientId) && w.disabledAt === null && (w.event === event || w.event === 'all'),
    );
  }
}

export interface Delivery {
  url: string;
  event: string;
  eventId: string;
  /** 1 for the first try. */
  attempt: number;
  /** HTTP status, or null when no response came. */
  status: number | null;
  error: string | null;
  /** Headers sent (custom headers included). */
  headers: Record<string, string>;
  body: string;
  at: number;
  durationMs: number;
  webhookId: string | null;
}

export interface PostOptions {
  headers?: Record<string, string> | null;
  retries?: number;
  retryDelayMs?: number;
  webhookId?: string | null;
  timeoutMs?: number;
}

export class Deliverer {
  readonly log: Delivery[] = [];

  constructor(private readonly now: () => number) {}

  /** POSTs one event, retrying a failure (not a 401) `retries` times; the last attempt's record is returned. */
  async post(url: string, payload: Record<string, unknown>, opts: PostOptions = {}): Promise<Delivery> {
    const body = JSON.stringify(payload);
    const headers = { 'content-type': 'application/json', 'user-agent': 'Pluggy-Webhooks/1.0 (sandbox)', ...(opts.headers ?? {}) };
    const retries = opts.retries ?? 0;
    let last!: Delivery;
    for (let attempt = 1; attempt <= retries + 1; attempt++) {
      const at = this.now();
      const start = performance.now();
      let status: number | null = null;
      let error: string | null = null;
      try {
        const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000) });
        status = res.status;
        await res.arrayBuffer().catch(() => undefined);
      } catch (err) {
        error = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
      }
      last = {
        url,
        event: String(payload.event),
        eventId: String(payload.eventId),
        attempt,
        status,
        error,
        headers,
        body,
        at,
        durationMs: Math.round(performance.now() - start),
        webhookId: opts.webhookId ?? null,
      };
      this.log.push(last);
      const ok = status !== null && status >= 200 && status < 300;
      // Pluggy does not retry a 401 (a bad secret will not get better).
      if (ok || status === 401) break;
      if (attempt <= retries && opts.retryDelayMs) await new Promise((r) => setTimeout(r, opts.retryDelayMs));
    }
    return last;
  }
}

export { HttpError };
