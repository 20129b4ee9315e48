// A local server speaking Advbox's API wire protocol and its quirks (shared
// specs/advbox.md §11): Bearer token per account, {"error":"Unauthenticated."}
// 401 for bad tokens AND unknown routes, a WAF-like 403 HTML page for missing
// or library-default User-Agents, GET 30/min and PUT 500/day per token (429
// with x-ratelimit-* and Retry-After), the {data, limit, offset, query,
// totalCount} envelope with limit clamped to 1..1000, an occasionally
// repeated page, upper-case text, DD/MM/YYYY birthdates, formatted
// documents. Accounts are loaded from the shared synthetic book, so the
// Pluggy sandbox's payers pay this sandbox's receivables. Driving API
// (faults, quirks, budget, clock, state) in README.md.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADVBOX_LIMITS, SandboxBudget, type BudgetKind, type BudgetLimits } from './budget';
import { FaultQueue, type FaultSpec } from './faults';
import { customerFilter, echoQuery, transactionFilter } from './filters';
import { SandboxFirm, type FirmSource } from './firm';
import { baseSettings, DEFAULT_CATEGORIES } from './from-book';
import { applyPut } from './put-transaction';
import { spDate } from './text';

export { SandboxFirm, type FirmSource } from './firm';
export type { FaultSpec, FaultKind } from './faults';
export type { BudgetLimits } from './budget';
export type { WireCustomer, WireTransaction, WireSettings } from './wire';

/** Settings of an account with no book (one user, one bank account). */
export const SANDBOX_SETTINGS = baseSettings(DEFAULT_CATEGORIES);

export interface SandboxQuirks {
  /** Every Nth list request of a token, when it pages forward, gets the page served before again (0 = never). */
  repeatEvery: number;
  /** Send Retry-After (seconds) with 429; the live API's behaviour is unconfirmed. */
  retryAfterHeader: boolean;
  /** Added to totalCount (the live count can exceed what paging returns). */
  totalCountExtra: number;
  /** The page size when `limit` is absent or not a number. */
  defaultLimit: number;
}

export interface SandboxRequest {
  /** Sandbox clock (ms) when it arrived. */
  at: number;
  method: string;
  /** Full path, e.g. /api/v1/customers. */
  path: string;
  query: Record<string, string>;
  status: number;
  token: string | null;
  userAgent: string | undefined;
  body?: unknown;
  /** 'repeated' (an earlier page served again), or the injected fault. */
  note?: string;
}

export interface AdvboxSandboxOptions {
  /** Accounts with no data (only /settings). */
  tokens?: string[];
  /** Accounts loaded from a book: token → { bookOptions } or { book }. */
  firms?: Record<string, FirmSource>;
  port?: number;
  host?: string;
  /** The clock of the rate limiter and of created_at / "today" (default Date.now). */
  clock?: { now(): number };
  limits?: Partial<BudgetLimits>;
  quirks?: Partial<SandboxQuirks>;
  /** Keep only the last N requests in `requests` (a long-running demo; default: all). */
  maxLoggedRequests?: number;
}

export interface AdvboxSandbox {
  /** Base URL to use as ADVBOX_API_URL (ends in /api/v1). */
  url: string;
  requests: SandboxRequest[];
  quirks: SandboxQuirks;
  readonly limits: BudgetLimits;
  /** Loads (or replaces) the account of `token`. */
  addFirm(token: string, source?: FirmSource): SandboxFirm;
  firm(token: string): SandboxFirm;
  /** The token stops working (401), as when the firm regenerates it. */
  revokeToken(token: string): void;
  inject(fault: FaultSpec): void;
  clearFaults(): void;
  /** The next `n` list requests that page forward are answered with the page served before (offset ignored). */
  repeatNextPages(n?: number): void;
  setLimits(limits: Partial<BudgetLimits>): void;
  resetBudget(token?: string): void;
  clearRequests(): void;
  close(): Promise<void>;
}

const DEFAULT_UA = /^(python-requests|node-fetch|axios|undici|got)\b|^node$/i;
const MAX_BODY = 64 * 1024;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): number {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
  return status;
}

const unauthenticated = (res: ServerResponse, headers?: Record<string, string>) =>
  send(res, 401, { error: 'Unauthenticated.' }, headers);

async function readBody(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) return { ok: false };
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function intParam(q: URLSearchParams, name: string): number | null {
  const v = q.get(name);
  return v !== null && /^\d{1,9}$/.test(v.trim()) ? Number(v.trim()) : null;
}

export async function startAdvboxSandbox(opts: AdvboxSandboxOptions = {}): Promise<AdvboxSandbox> {
  const now = opts.clock ? () => opts.clock!.now() : () => Date.now();
  const firms = new Map<string, SandboxFirm>();
  for (const token of opts.tokens ?? (opts.firms ? [] : ['sandbox-advbox-token'])) firms.set(token, new SandboxFirm(token, {}, now));
  for (const [token, source] of Object.entries(opts.firms ?? {})) firms.set(token, new SandboxFirm(token, source, now));

  const quirks: SandboxQuirks = { repeatEvery: 0, retryAfterHeader: true, totalCountExtra: 0, defaultLimit: 100, ...opts.quirks };
  const budget = new SandboxBudget({ ...ADVBOX_LIMITS, ...opts.limits });
  const faults = new FaultQueue();
  const requests: SandboxRequest[] = [];
  const held = new Set<ServerResponse>();
  let repeatNext = 0;
  const listCount = new Map<string, number>();
  const lastPage = new Map<string, { offset: number; limit: number }>();

  function list<T>(res: ServerResponse, firm: SandboxFirm, route: string, q: URLSearchParams, all: T[], entry: SandboxRequest, headers: Record<string, string>) {
    const requested = Math.min(1000, Math.max(1, intParam(q, 'limit') ?? quirks.defaultLimit));
    const requestedOffset = intParam(q, 'offset') ?? 0;
    const echo = echoQuery(q);
    const pageKey = `${firm.token}\n${route}\n${JSON.stringify(Object.entries(echo).sort())}`;
    const n = (listCount.get(firm.token) ?? 0) + 1;
    listCount.set(firm.token, n);
    const previous = lastPage.get(pageKey);
    let served = { offset: requestedOffset, limit: requested };
    // Only while a client pages forward: the page just served comes again
    // instead of the next one (the offset ignored).
    const forward = previous !== undefined && requestedOffset > previous.offset;
    if (forward && (repeatNext > 0 || (quirks.repeatEvery > 0 && n % quirks.repeatEvery === 0))) {
      if (repeatNext > 0) repeatNext--;
      served = previous!;
      entry.note = 'repeated';
    }
    lastPage.set(pageKey, served);
    return send(
      res,
      200,
      {
        data: all.slice(served.offset, served.offset + served.limit),
        limit: requested,
        offset: requestedOffset,
        query: echo,
        totalCount: all.length + quirks.totalCountExtra,
      },
      headers,
    );
  }

  async function route(req: IncomingMessage, res: ServerResponse, entry: SandboxRequest): Promise<number> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const ua = req.headers['user-agent'];
    if (!ua || DEFAULT_UA.test(ua)) {
      res.writeHead(403, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body><h1>Sorry, you have been blocked</h1></body></html>');
      return 403;
    }
    const sub = url.pathname.startsWith('/api/v1/') ? url.pathname.slice('/api/v1'.length) : null;
    const fault = faults.take(method, sub ?? url.pathname);
    if (fault) {
      entry.note = `fault:${fault.fault}`;
      if (fault.fault === 'timeout') {
        held.add(res);
        res.on('close', () => held.delete(res));
        return 0;
      }
      if (fault.fault === 'reset') {
        req.socket.destroy();
        return 0;
      }
      if (fault.fault === 429) {
        const headers: Record<string, string> = { 'x-ratelimit-limit': '30', 'x-ratelimit-remaining': '0' };
        if (fault.retryAfterSeconds != null) headers['retry-after'] = String(fault.retryAfterSeconds);
        return send(res, 429, { error: 'Too Many Attempts.' }, headers);
      }
      return send(res, fault.fault, { message: 'Server Error' });
    }

    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    const firm = auth ? firms.get(auth[1]!) : undefined;
    if (!firm) return unauthenticated(res);
    entry.token = firm.token;
    if (sub === null) return unauthenticated(res);

    const customerId = /^\/customers\/(\d+)$/.exec(sub);
    const transactionId = /^\/transactions\/([^/]+)$/.exec(sub);
    const known =
      (method === 'GET' && (sub === '/settings' || sub === '/customers' || sub === '/transactions' || customerId)) ||
      (method === 'PUT' && transactionId);
    // Advbox answers routes it does not have with 401 too.
    if (!known) return unauthenticated(res);

    const kind: BudgetKind = method === 'GET' ? 'get' : 'put';
    const verdict = budget.take(firm.token, kind, now());
    const headers: Record<string, string> = {
      'x-ratelimit-limit': String(verdict.limit),
      'x-ratelimit-remaining': String(verdict.remaining),
    };
    if (!verdict.ok) {
      if (quirks.retryAfterHeader) headers['retry-after'] = String(verdict.retryAfterSeconds);
      return send(res, 429, { error: 'Too Many Attempts.' }, headers);
    }

    if (method === 'GET') {
      if (sub === '/settings') return send(res, 200, firm.settings, headers);
      if (sub === '/customers') return list(res, firm, sub, url.searchParams, firm.customers.filter(customerFilter(url.searchParams)), entry, headers);
      if (sub === '/transactions') {
        const pred = transactionFilter(url.searchParams, firm.createdDays);
        return list(res, firm, sub, url.searchParams, firm.transactions.filter(pred), entry, headers);
      }
      const c = firm.customer(Number(customerId![1]));
      return c ? send(res, 200, c, headers) : send(res, 404, { error: 'Customer not found' }, headers);
    }

    const body = await readBody(req);
    if (!body.ok) return send(res, 422, { message: 'The given data was invalid.', errors: { body: ['The body must be JSON.'] } }, headers);
    entry.body = body.value;
    const t = /^\d+$/.test(transactionId![1]!) ? firm.transaction(Number(transactionId![1])) : undefined;
    if (!t) return send(res, 404, { error: 'Transaction not found' }, headers);
    const outcome = applyPut(body.value, firm.settings.financial.categories, spDate(now()));
    if (!outcome.ok) return send(res, outcome.status, outcome.body, headers);
    Object.assign(t, outcome.changes);
    return send(res, 200, { success: true, transactions_id: t.id }, headers);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const entry: SandboxRequest = {
      at: now(),
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      token: null,
      userAgent: req.headers['user-agent'],
    };
    requests.push(entry);
    if (opts.maxLoggedRequests !== undefined && requests.length > opts.maxLoggedRequests) requests.splice(0, requests.length - opts.maxLoggedRequests);
    route(req, res, entry).then(
      (status) => {
        entry.status = status;
      },
      (err: unknown) => {
        entry.status = send(res, 500, { message: 'Server Error', detail: String(err) });
      },
    );
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}/api/v1`,
    requests,
    quirks,
    get limits() {
      return budget.limits;
    },
    addFirm(token, source = {}) {
      const firm = new SandboxFirm(token, source, now);
      firms.set(token, firm);
      return firm;
    },
    firm(token) {
      const firm = firms.get(token);
      if (!firm) throw new Error(`advbox sandbox: no account for token ${token.slice(0, 4)}…`);
      return firm;
    },
    revokeToken: (token) => void firms.delete(token),
    inject: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    repeatNextPages(n = 1) {
      repeatNext += n;
    },
    setLimits(limits) {
      budget.limits = { ...budget.limits, ...limits };
    },
    resetBudget: (token) => budget.reset(token),
    clearRequests() {
      requests.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        for (const res of held) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
