// The driving API: what tests, benchmarks and the demo do to the sandbox
// that Pluggy's own API cannot — register firms, add / change / delete
// transactions, pay open receivables, force item statuses, inject 429/5xx,
// and deliver webhooks (duplicated, out of order, in bursts). The same
// methods are reachable over HTTP under /_sandbox (control-http.ts).
import { createRng, deriveSeed } from '@/lib/synthetic/rng';
import { findConnector } from './connectors';
import type { FirmDataset, FirmSpec } from './dataset';
import { buildPayload, payloadOf, type Payload } from './events';
import type { FaultSpec, Faults, RateLimiter } from './faults';
import { badRequest, notFound } from './http';
import type { ItemStatus } from './logins';
import type { ItemRecord, NewTransaction, SandboxStore, TriggeredBy } from './store';
import type { Deliverer, Delivery, WebhookRegistry } from './webhooks';
import { accountWire, itemWire, transactionWire } from './wire';

export interface DeliverOptions {
  /** Deliver to this URL only (with `headers`), instead of the registered webhooks. */
  to?: string;
  headers?: Record<string, string>;
  /** Each payload is delivered this many extra times (same eventId). */
  duplicates?: number;
  /** Delivery order; 'shuffle' is seeded (`seed`, default 1). */
  order?: 'as-is' | 'reverse' | 'shuffle';
  seed?: number;
  /** All at once (a burst) instead of one after the other. */
  parallel?: boolean;
  retries?: number;
}

export interface ControlDeps {
  store: SandboxStore;
  webhooks: WebhookRegistry;
  deliverer: Deliverer;
  faults: Faults;
  limiter: RateLimiter;
  url: () => string;
  revoke: () => void;
  pending: Set<Promise<unknown>>;
  webhookRetries: number;
  webhookRetryDelayMs: number;
  defaultClientId: string;
}

export class SandboxControl {
  constructor(private readonly d: ControlDeps) {}

  private item(id: string): ItemRecord {
    const it = this.d.store.item(null, id);
    if (!it) throw notFound(`No item ${id}`, 'ITEM_NOT_FOUND');
    return it;
  }

  /** A login (on every connector) that succeeds with this firm's data. */
  addLogin(user: string, password: string, firm: FirmSpec): void {
    if (!user || !password) throw badRequest('user and password are required');
    this.d.store.logins.set(user, { user, password, firm });
  }

  /** Creates an item as POST /items would (default: Pluggy Bank, user-ok / password-ok). */
  createItem(opts: { connectorId?: number; user?: string; password?: string; clientUserId?: string; webhookUrl?: string; clientId?: string; firm?: FirmSpec } = {}) {
    const connector = findConnector(opts.connectorId ?? 0);
    if (!connector) throw notFound('Connector not found', 'CONNECTOR_NOT_FOUND');
    const item = this.d.store.createItem(opts.clientId ?? this.d.defaultClientId, connector, { user: opts.user ?? 'user-ok', password: opts.password ?? 'password-ok' }, {
      clientUserId: opts.clientUserId,
      webhookUrl: opts.webhookUrl,
      triggeredBy: 'CLIENT',
    });
    if (opts.firm) item.firm = opts.firm;
    return itemWire(item);
  }

  /**
   * Re-creates an item this (in-memory) sandbox no longer knows — after a
   * restart — under its old id, logged in to the default firm as of
   * `anchorDate` (the day it was first created): it lists the same
   * accounts and rows, with the same ids, as it did before (rows added
   * later, e.g. live payments, are not brought back). Returns the item
   * (UPDATING until its first update finishes, as after a login).
   */
  restoreItem(opts: { id: string; anchorDate: string; clientUserId?: string; clientId?: string }) {
    const connector = findConnector(0)!;
    const item = this.d.store.createItem(opts.clientId ?? this.d.defaultClientId, connector, { user: 'user-ok', password: 'password-ok' }, {
      id: opts.id,
      clientUserId: opts.clientUserId,
      triggeredBy: 'CLIENT',
    });
    item.firm = { ...this.d.store.defaultFirm, anchorDate: opts.anchorDate };
    return itemWire(item);
  }

  /** The item as GET /items/{id} shows it. */
  getItem(itemId: string) {
    return itemWire(this.item(itemId));
  }

  accounts(itemId: string) {
    return this.item(itemId).accountIds.map((id) => {
      const a = this.d.store.accounts.get(id)!;
      return accountWire(a.state, a.ledger.balanceCents(), a.anchorDate);
    });
  }

  /** Every row of an account in date order, as the API serves them. */
  transactions(accountId: string) {
    const a = this.d.store.accounts.get(accountId);
    if (!a) throw notFound('Account not found', 'ACCOUNT_NOT_FOUND');
    return a.ledger.byDate.map(transactionWire);
  }

  /** The firm behind an item: its book (clients, receivables, labelled credits). */
  dataset(itemId: string): FirmDataset {
    const ds = this.item(itemId).dataset;
    if (!ds) throw badRequest('Item has no data yet (its first update has not finished)');
    return ds;
  }

  /** Replaces an item's data with another firm's (new account and transaction ids). */
  setItemFirm(itemId: string, firm: FirmSpec): void {
    this.d.store.setFirm(this.item(itemId), firm);
  }

  /** Forces a status (LOGIN_ERROR, WAITING_USER_INPUT, …) and announces it by webhook unless notify is false. */
  setItemStatus(itemId: string, status: ItemStatus, opts: { code?: string; message?: string; notify?: boolean } = {}) {
    return itemWire(this.d.store.setStatus(this.item(itemId), status, opts.code ? { code: opts.code, message: opts.message } : undefined, opts.notify ?? true));
  }

  /** Ends a running update now (for sandboxes started with updateDelayMs: null). */
  completeUpdate(itemId: string) {
    const item = this.item(itemId);
    this.d.store.completeUpdate(item);
    return itemWire(item);
  }

  /** An update Pluggy starts by itself (daily auto-sync): webhooks say triggeredBy SYNC. */
  autoSync(itemId: string) {
    return itemWire(this.d.store.updateItem(this.item(itemId), undefined, { triggeredBy: 'SYNC' }));
  }

  /** Resolves when the item is no longer UPDATING. */
  async waitForItem(itemId: string, timeoutMs = 10_000) {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const item = this.item(itemId);
      if (item.status !== 'UPDATING') return itemWire(item);
      if (Date.now() > end) throw new Error(`item ${itemId} still UPDATING after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  addTransactions(accountId: string, transactions: NewTransaction[], opts: { atNextUpdate?: boolean; notify?: boolean } = {}) {
    const a = this.d.store.accounts.get(accountId);
    if (!a) throw notFound('Account not found', 'ACCOUNT_NOT_FOUND');
    return this.d.store.addTransactions(a, transactions, opts).map(transactionWire);
  }

  updateTransactions(updates: ({ id: string } & Partial<NewTransaction>)[], opts: { notify?: boolean } = {}) {
    return this.d.store.updateTransactions(updates, opts).map(transactionWire);
  }

  deleteTransactions(ids: string[], opts: { notify?: boolean } = {}): number {
    return this.d.store.deleteTransactions(ids, opts);
  }

  /** New credits paying the firm's oldest unpaid receivables; each comes with what it pays. */
  payOpenReceivables(itemId: string, count: number, opts: { date?: string; method?: 'PIX' | 'TED' | 'BOLETO'; notify?: boolean } = {}) {
    return this.d.store.payOpenReceivables(this.item(itemId), count, opts).map((p) => ({ transaction: transactionWire(p.row), customerId: p.customerId, receivableIds: p.receivableIds }));
  }

  /** Answer the next `count` matching calls with a 429 (Retry-After) or a 5xx. */
  failNext(fault: FaultSpec): void {
    this.d.faults.add(fault);
  }

  clearFaults(): void {
    this.d.faults.clear();
  }

  resetRateLimits(): void {
    this.d.limiter.reset();
  }

  /** Every API key issued so far answers 401 from now on. */
  revokeApiKeys(): void {
    this.d.revoke();
  }

  /** The custom headers stored for a webhook (GET /webhooks does not show them). */
  webhookHeaders(webhookId: string): Record<string, string> | null {
    const w = this.d.webhooks.records.get(webhookId);
    if (!w) throw notFound('Webhook not found', 'WEBHOOK_NOT_FOUND');
    return w.headers;
  }

  /** A payload of any event; eventId is generated unless given. */
  payload(event: string, fields: Record<string, unknown> = {}): Payload {
    return buildPayload(event, fields);
  }

  /** The payload Pluggy would send about an item now (item/*, or transactions/* with `extra`). */
  itemEvent(event: string, itemId: string, extra: Record<string, unknown> = {}): Payload {
    const item = this.item(itemId);
    const triggeredBy: TriggeredBy = item.triggeredBy;
    if (event === 'transactions/created') {
      const accountId = String(extra.accountId ?? item.accountIds[0]);
      const from = typeof extra.createdAtFrom === 'number' ? extra.createdAtFrom : Date.parse(String(extra.createdAtFrom ?? new Date().toISOString()));
      return { ...payloadOf({ event, item, accountId, createdAtFrom: from, count: Number(extra.count ?? 0) }, this.d.url(), triggeredBy), ...extra };
    }
    if (event === 'transactions/updated' || event === 'transactions/deleted') {
      return { ...payloadOf({ event, item, accountId: String(extra.accountId ?? item.accountIds[0]), transactionIds: (extra.transactionIds as string[]) ?? [] }, this.d.url(), triggeredBy), ...extra };
    }
    return { ...payloadOf({ event: event as 'item/updated', item }, this.d.url(), triggeredBy), ...extra };
  }

  /**
   * Delivers payloads to the registered webhooks of the items' clients (or
   * to `to`), with duplicates, reordering and bursts as asked. Resolves
   * with the final attempt of every delivery, in the order they were made.
   */
  async deliver(payloads: Payload | Payload[], opts: DeliverOptions = {}): Promise<Delivery[]> {
    let list = Array.isArray(payloads) ? [...payloads] : [payloads];
    const dup = opts.duplicates ?? 0;
    if (dup > 0) list = list.flatMap((p) => Array.from({ length: dup + 1 }, () => p));
    if (opts.order === 'reverse') list.reverse();
    if (opts.order === 'shuffle') {
      const rng = createRng(deriveSeed(opts.seed ?? 1, 7));
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [list[i], list[j]] = [list[j]!, list[i]!];
      }
    }
    const jobs: (() => Promise<Delivery[]>)[] = list.map((p) => () => this.send(p, opts));
    const results = opts.parallel ? await Promise.all(jobs.map((j) => j())) : await sequential(jobs);
    return results.flat();
  }

  private async send(p: Payload, opts: DeliverOptions): Promise<Delivery[]> {
    const retries = opts.retries ?? 0;
    if (opts.to) return [await this.d.deliverer.post(opts.to, p, { headers: opts.headers, retries, retryDelayMs: this.d.webhookRetryDelayMs })];
    const itemId = typeof p.itemId === 'string' ? p.itemId : null;
    const clientId = itemId ? (this.d.store.items.get(itemId)?.clientId ?? null) : null;
    const subs = this.d.webhooks.subscribers(clientId, p.event);
    return Promise.all(subs.map((w) => this.d.deliverer.post(w.url, p, { headers: w.headers, retries, retryDelayMs: this.d.webhookRetryDelayMs, webhookId: w.id })));
  }

  /** Deliveries made so far (every attempt). */
  get deliveries(): Delivery[] {
    return this.d.deliverer.log;
  }

  /** Resolves once no update timer and no webhook delivery is pending. */
  async settled(): Promise<void> {
    while (this.d.pending.size > 0) await Promise.allSettled([...this.d.pending]);
  }
}

async function sequential<T>(jobs: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = [];
  for (const j of jobs) out.push(await j());
  return out;
}
