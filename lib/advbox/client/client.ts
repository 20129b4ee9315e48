// Our typed Advbox client: customers, receivables, /settings, mark paid and
// reopen, over one transport (budget, retries, errors: transport.ts) and
// one crawler (paging.ts). Every list is fetched with limit=1000, the
// maximum, so 20,000 customers cost 20 GETs of the 30 a minute allows.
import { USER_AGENT } from '@/lib/http/fetch-json';
import { onlyDigits } from '@/lib/documents';
import { saoPauloDate } from '@/lib/time/sao-paulo';
import { env } from '@/lib/env';
import { sharedAdvboxBudget, type AdvboxBudget } from './budget';
import { systemClock, type Clock } from './clock';
import { AdvboxApiError, ADVBOX_MESSAGES } from './errors';
import { crawl, type CrawlResult, type Page } from './paging';
import {
  customerSchema,
  envelopeSchema,
  settingsSchema,
  transactionSchema,
  updateResultSchema,
  type AdvboxCustomer,
  type AdvboxSettings,
  type AdvboxTransaction,
} from './schemas';
import { AdvboxTransport, type Query } from './transport';
import { monthWindows } from './windows';
import type { z } from 'zod';

export const ADVBOX_DEFAULT_URL = 'https://app.advbox.com.br/api/v1';
export const PAGE_LIMIT = 1000;

export function advboxBaseUrl(): string {
  return env().ADVBOX_API_URL ?? ADVBOX_DEFAULT_URL;
}

export interface AdvboxClientOptions {
  token: string;
  /** Default: ADVBOX_API_URL, else Advbox's public API. */
  baseUrl?: string;
  /** Default: the process's shared budget (Redis when configured). */
  budget?: AdvboxBudget;
  clock?: Clock;
  /**
   * background (default): waits for budget slots (up to `maxWaitMs`, default
   * 10 min) and through 429s. interactive: for a person waiting — may use the
   * reserved share of the budget, waits at most 3 s for a slot, and fails at
   * once with rate_limited (and how long to wait) instead of sleeping.
   */
  mode?: 'background' | 'interactive';
  maxWaitMs?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** For logs. */
  tenantId?: string;
  userAgent?: string;
  /** Page size (tests; Advbox's maximum and our default is 1000). */
  pageLimit?: number;
  /** Pause before asking a repeated page again (default 2 s). */
  repeatPauseMs?: number;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

function checkDate(name: string, value: string): void {
  if (!ISO.test(value) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw new RangeError(`${name} must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
}

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export interface ReceivablesResult extends CrawlResult<AdvboxTransaction> {
  /** Each due-date window crawled and whether it was complete. */
  windows: { from: string; to: string; complete: boolean; requests: number }[];
}

export class AdvboxClient {
  readonly transport: AdvboxTransport;
  private readonly clock: Clock;
  private readonly pageLimit: number;

  constructor(readonly options: AdvboxClientOptions) {
    const interactive = options.mode === 'interactive';
    this.clock = options.clock ?? systemClock;
    this.pageLimit = options.pageLimit ?? PAGE_LIMIT;
    this.transport = new AdvboxTransport({
      token: options.token,
      baseUrl: options.baseUrl ?? advboxBaseUrl(),
      budget: options.budget ?? sharedAdvboxBudget,
      clock: this.clock,
      interactive,
      timeoutMs: options.timeoutMs ?? (interactive ? 10_000 : 30_000),
      maxWaitMs: options.maxWaitMs ?? (interactive ? 3_000 : 600_000),
      retries: { rateLimited: 5, transient: 2 },
      userAgent: options.userAgent ?? USER_AGENT,
      signal: options.signal,
      tenantId: options.tenantId,
    });
  }

  /** The same client for a person waiting (see `mode`). */
  interactive(): AdvboxClient {
    return new AdvboxClient({ ...this.options, mode: 'interactive', maxWaitMs: undefined, timeoutMs: undefined });
  }

  private parse<T extends z.ZodType>(schema: T, body: unknown, path: string): z.output<T> {
    const r = schema.safeParse(body);
    if (r.success) return r.data;
    throw new AdvboxApiError('invalid_response', ADVBOX_MESSAGES.invalid_response, 200, {
      path,
      details: r.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }

  private async page<T extends z.ZodType>(path: string, item: T, query: Query, offset: number, limit: number): Promise<Page<z.output<T>>> {
    const reply = await this.transport.send('GET', path, { query: { ...query, limit, offset } });
    const env = this.parse(envelopeSchema(item), reply.body, path);
    return { items: env.data, totalCount: env.totalCount };
  }

  private list<T extends z.ZodType<{ id: number }>>(path: string, item: T, query: Query): Promise<CrawlResult<z.output<T>>> {
    return crawl<z.output<T>>((offset, limit) => this.page(path, item, query, offset, limit), {
      limit: this.pageLimit,
      clock: this.clock,
      repeatPauseMs: this.options.repeatPauseMs ?? 2000,
      signal: this.options.signal,
    });
  }

  async getSettings(): Promise<AdvboxSettings> {
    const reply = await this.transport.send('GET', '/settings');
    return this.parse(settingsSchema, reply.body, '/settings');
  }

  /** Every customer (a full crawl: ~1 GET per 1,000). */
  listCustomers(filters: Query = {}): Promise<CrawlResult<AdvboxCustomer>> {
    return this.list('/customers', customerSchema, filters);
  }

  /**
   * Customers created on or after `since` (YYYY-MM-DD, São Paulo), for an
   * incremental refresh. Advbox ignores a lone created_start, so the window
   * is closed at tomorrow.
   */
  listCustomersSince(since: string): Promise<CrawlResult<AdvboxCustomer>> {
    checkDate('since', since);
    return this.listCustomers({ created_start: since, created_end: addDays(saoPauloDate(this.clock.now()), 1) });
  }

  /** Customers whose CPF/CNPJ is `document` (formatted or not); usually one, homonyms aside. */
  async findCustomerByIdentification(document: string): Promise<AdvboxCustomer[]> {
    const digits = onlyDigits(document);
    if (digits.length !== 11 && digits.length !== 14) throw new RangeError('document must be a CPF (11 digits) or CNPJ (14)');
    const r = await this.listCustomers({ identification: digits });
    // Defensive: Advbox's match rule is not documented.
    return r.items.filter((c) => c.document === digits);
  }

  /** One customer, or null when Advbox has none with that id. */
  async getCustomer(id: number): Promise<AdvboxCustomer | null> {
    if (!Number.isSafeInteger(id) || id <= 0) throw new RangeError('id must be a positive integer');
    try {
      const reply = await this.transport.send('GET', `/customers/${id}`);
      return this.parse(customerSchema, reply.body, '/customers/{id}');
    } catch (err) {
      if (err instanceof AdvboxApiError && err.kind === 'not_found') return null;
      throw err;
    }
  }

  /** Transactions (receivables and payables) matching Advbox's own filters. */
  listTransactions(filters: Query): Promise<CrawlResult<AdvboxTransaction>> {
    return this.list('/transactions', transactionSchema, filters);
  }

  /**
   * Open receivables (income, no date_payment) due in [dueFrom, dueTo],
   * crawled `windowMonths` calendar months at a time (default 1). Advbox has no filter for either
   * condition, so every transaction of each window is fetched and filtered
   * here. Complete only when every window was.
   */
  async listOpenReceivables({ dueFrom, dueTo, windowMonths = 1 }: { dueFrom: string; dueTo: string; windowMonths?: number }): Promise<ReceivablesResult> {
    checkDate('dueFrom', dueFrom);
    checkDate('dueTo', dueTo);
    if (dueFrom > dueTo) throw new RangeError('dueFrom must not be after dueTo');
    const found = new Map<number, AdvboxTransaction>();
    const windows: ReceivablesResult['windows'] = [];
    let requests = 0;
    let error: AdvboxApiError | undefined;
    let stop: ReceivablesResult['stop'] = 'end';
    for (const [from, to] of monthWindows(dueFrom, dueTo, windowMonths)) {
      let r: CrawlResult<AdvboxTransaction>;
      try {
        r = await this.listTransactions({ date_due_start: from, date_due_end: to });
      } catch (err) {
        if (requests === 0 || !(err instanceof AdvboxApiError)) throw err;
        windows.push({ from, to, complete: false, requests: 1 });
        requests++;
        error = err;
        stop = 'error';
        break;
      }
      requests += r.requests;
      windows.push({ from, to, complete: r.complete, requests: r.requests });
      for (const t of r.items) if (t.entryType === 'income' && !t.paid) found.set(t.id, t);
      if (!r.complete) {
        stop = r.stop;
        if (r.error) {
          error = r.error;
          break;
        }
      }
    }
    const complete = windows.length === monthWindows(dueFrom, dueTo, windowMonths).length && windows.every((w) => w.complete);
    return { items: [...found.values()], complete, stop: complete ? 'end' : stop, totalCount: null, requests, windows, ...(error ? { error } : {}) };
  }

  private async put(id: number, body: Record<string, unknown>): Promise<void> {
    if (!Number.isSafeInteger(id) || id <= 0) throw new RangeError('id must be a positive integer');
    const reply = await this.transport.send('PUT', `/transactions/${id}`, { body });
    const r = updateResultSchema.safeParse(reply.body);
    if (r.success && r.data?.success === false) {
      throw new AdvboxApiError('validation', ADVBOX_MESSAGES.validation, reply.status, { details: reply.body, path: '/transactions/{id}' });
    }
  }

  /**
   * Marks a receivable paid on `date` (YYYY-MM-DD). Sends ONLY date_payment:
   * resending `amount` would trip Advbox's decimal bug (a "." is read as a
   * thousands separator).
   */
  markPaid(id: number, date: string): Promise<void> {
    checkDate('date', date);
    return this.put(id, { date_payment: date });
  }

  /** Reopens a receivable (date_payment: null). */
  reopen(id: number): Promise<void> {
    return this.put(id, { date_payment: null });
  }

  /**
   * Whether Advbox now lists `id` as paid on `date`: Advbox has no GET by
   * id for transactions, so this re-lists that day's payments (the spec's
   * recommendation after a PUT). null when the listing was incomplete.
   */
  async verifyPaid(id: number, date: string): Promise<boolean | null> {
    checkDate('date', date);
    const r = await this.listTransactions({ date_payment_start: date, date_payment_end: date });
    const t = r.items.find((x) => x.id === id);
    if (t) return t.datePayment === date;
    return r.complete ? false : null;
  }

  /** Whether Advbox lists `id` (due on `dueDate`) as open again after a reopen; null when unknown. */
  async verifyOpen(id: number, dueDate: string): Promise<boolean | null> {
    checkDate('dueDate', dueDate);
    const r = await this.listTransactions({ date_due_start: dueDate, date_due_end: dueDate });
    const t = r.items.find((x) => x.id === id);
    if (t) return !t.paid;
    return r.complete ? false : null;
  }
}
