// Loading the reconciliation's inputs and the full result, cached under
// tenant:{id}:recon:{hash} (lib/cache: a result computed before an
// invalidation is never served). The worker (lib/reconciliation-worker.ts)
// refreshes Advbox data and then calls loadFullResult; GET
// /api/reconciliation calls it too and, on a MISS, computes once per
// instance and generation (the cache's single flight).
import { AdvboxApiError, advboxClientForTenant, toApiError, type AdvboxClient, type AdvboxClientOptions, type Clock } from '@/lib/advbox/client';
import { getCustomers } from '@/lib/advbox/customers';
import { cached, type CacheStatus } from '@/lib/cache';
import { log } from '@/lib/log';
import { settingsFromTenant } from '@/lib/matching/settings';
import type { Db } from '@/lib/prisma';
import { saoPauloDate } from '@/lib/time/sao-paulo';
import { CREDIT_WINDOW_DAYS, DEFAULT_PAGE_SIZE, FULL_RESULT_TTL_SECONDS, RECEIVABLES_LOOKAHEAD_DAYS, RECEIVABLES_LOOKBACK_DAYS } from './config';
import { readReceivableSnapshot, refreshReceivableSnapshot, type ReceivableSnapshot } from './receivables';
import { buildView, computeFullResult, type FullResult, type ReconInputs, type ReconViewDto, type ViewQuery } from './result';

/** The cache params of the full result (views use their query; see viewParams). */
export const FULL_PARAMS = { scope: 'full' } as const;

export function viewParams(q: ViewQuery): Record<string, unknown> {
  return { scope: 'view', from: q.from ?? null, to: q.to ?? null, status: q.status, q: q.q ?? null, limit: q.limit, offset: q.offset };
}

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The credits considered and the receivables' due-date window, for "now". */
export function windowsAt(nowMs: number): { credits: { from: string; to: string }; receivables: { dueFrom: string; dueTo: string } } {
  const today = saoPauloDate(nowMs);
  const from = addDays(today, -CREDIT_WINDOW_DAYS);
  return { credits: { from, to: today }, receivables: { dueFrom: addDays(from, -RECEIVABLES_LOOKBACK_DAYS), dueTo: addDays(today, RECEIVABLES_LOOKAHEAD_DAYS) } };
}

export interface LoadOptions {
  /** Default: the tenant's client (background mode, systemClock). */
  client?: AdvboxClient;
  clock?: Clock;
  /** For the default client (e.g. a bounded wait when a person is waiting). */
  clientOptions?: Omit<AdvboxClientOptions, 'token' | 'tenantId'>;
  /** Tests: runs after the inputs are read, before the engine (e.g. to race an invalidation). */
  onInputsLoaded?: () => Promise<void>;
}

async function clientFor(db: Db, tenantId: string, opts: LoadOptions): Promise<AdvboxClient> {
  return opts.client ?? advboxClientForTenant(db, tenantId, { ...opts.clientOptions, ...(opts.clock ? { clock: opts.clock } : {}) });
}

/**
 * The stored snapshot, whatever its age (the worker keeps it fresh); crawled
 * now only when the tenant has none yet (first use before any precompute).
 */
async function ensureSnapshot(db: Db, tenantId: string, client: AdvboxClient, opts: LoadOptions, window: { dueFrom: string; dueTo: string }): Promise<ReceivableSnapshot> {
  const s = await readReceivableSnapshot(db, tenantId);
  if (s) return s;
  const r = await refreshReceivableSnapshot(db, tenantId, client, window, new Date((opts.clock ?? { now: Date.now }).now()));
  return r.snapshot;
}

/** Everything the engine needs, read now. */
export async function loadInputs(db: Db, tenantId: string, opts: LoadOptions = {}): Promise<{ inputs: ReconInputs; meta: Parameters<typeof computeFullResult>[2]; settings: ReturnType<typeof settingsFromTenant> }> {
  const now = (opts.clock ?? { now: Date.now }).now();
  const w = windowsAt(now);
  // Also the "no Advbox token" answer (409) for a tenant that never configured one.
  const client = await clientFor(db, tenantId, opts);
  const from = new Date(`${w.credits.from}T00:00:00.000Z`);
  // Independent reads, at once: on a MISS at 20,000 clients the customers
  // (cache or table), the snapshot (50,000 receivables of JSON) and 33,000
  // credits each take a while, mostly waiting for PostgreSQL and Redis.
  const [settingsRow, customers, snapshot, credits, confirmedRecords, mappings, rejections] = await Promise.all([
    db.tenantSettings.findUnique({ where: { tenantId } }),
    getCustomers(db, tenantId, { client, ...(opts.clock ? { clock: opts.clock } : {}) }),
    ensureSnapshot(db, tenantId, client, opts, w.receivables),
    db.pluggyTransaction.findMany({
      where: { tenantId, type: 'CREDIT', amount: { gt: 0 }, deletedAt: null, ignored: false, date: { gte: from }, reconciliations: { none: { status: 'CONFIRMED' } } },
      select: { id: true, date: true, amount: true, description: true, payerName: true, payerDocument: true, paymentMethod: true },
    }),
    db.reconciliationRecord.findMany({
      where: { tenantId, status: 'CONFIRMED' },
      select: { advboxTransactionId: true, pluggyTransactionDbId: true, transaction: { select: { date: true, amount: true } } },
    }),
    db.clientMapping.findMany({ where: { tenantId }, select: { payerDocument: true, advboxCustomerId: true } }),
    db.reconciliationRejection.findMany({ where: { tenantId }, select: { pluggyTransactionDbId: true, advboxCustomerId: true, payerDocument: true } }),
  ]);
  const claimed = new Set(confirmedRecords.map((r) => r.advboxTransactionId));
  const confirmedCredits = new Map<string, { date: string; cents: number }>();
  for (const r of confirmedRecords) {
    const date = r.transaction.date.toISOString().slice(0, 10);
    if (date >= w.credits.from) confirmedCredits.set(r.pluggyTransactionDbId, { date, cents: Math.round(Number(r.transaction.amount) * 100) });
  }
  const inputs: ReconInputs = {
    credits: credits.map((c) => ({
      id: c.id,
      date: c.date.toISOString().slice(0, 10),
      cents: Math.round(Number(c.amount) * 100),
      description: c.description,
      payerName: c.payerName,
      payerDocument: c.payerDocument,
      paymentMethod: c.paymentMethod,
    })),
    customers: customers.customers.map((c) => ({ id: c.id, name: c.name, document: c.document, email: c.email, phone: c.cellphone ?? c.phone })),
    receivables: snapshot.items.filter((r) => !claimed.has(String(r.id))),
    mappings: mappings.map((m) => ({ payerDocument: m.payerDocument, customerId: m.advboxCustomerId })),
    rejections: rejections.map((r) => ({ transactionId: r.pluggyTransactionDbId, customerId: r.advboxCustomerId, payerDocument: r.payerDocument })),
    confirmed: [...confirmedCredits.values()],
  };
  const settings = settingsFromTenant(
    settingsRow ?? { weightDocument: 40, weightName: 25, weightContact: 5, weightAmount: 20, weightDate: 10, thresholdHigh: 85, thresholdMedium: 60 },
  );
  return {
    inputs,
    settings,
    meta: {
      computedAt: new Date(now).toISOString(),
      window: w.credits,
      sources: {
        customers: { count: customers.customers.length, complete: customers.complete, refreshedAt: customers.refreshedAt },
        receivables: { complete: snapshot.complete, fetchedAt: snapshot.fetchedAt.getTime() > 0 ? snapshot.fetchedAt.toISOString() : null, error: snapshot.error },
      },
    },
  };
}

export async function computeFull(db: Db, tenantId: string, opts: LoadOptions = {}): Promise<FullResult> {
  const started = performance.now();
  let loaded: Awaited<ReturnType<typeof loadInputs>>;
  try {
    loaded = await loadInputs(db, tenantId, opts);
  } catch (err) {
    // A route shows Advbox's failure as such (409 token, 429, 502, 503), never as our 500.
    if (err instanceof AdvboxApiError) throw toApiError(err);
    throw err;
  }
  const { inputs, meta, settings } = loaded;
  await opts.onInputsLoaded?.();
  const t0 = performance.now();
  const full = computeFullResult(inputs, settings, meta);
  log('debug', 'reconciliation computed', { tenantId, credits: inputs.credits.length, customers: inputs.customers.length, receivables: inputs.receivables.length, loadMs: Math.round(t0 - started), engineMs: Math.round(performance.now() - t0) });
  return full;
}

/** The tenant's full result: cached when current, else computed (and stored under the generations read before). */
export async function loadFullResult(db: Db, tenantId: string, opts: LoadOptions = {}): Promise<{ full: FullResult; cache: CacheStatus }> {
  // Stored after the caller has its page: serialising ~40 MB (20,000 clients) need not hold up a MISS.
  const r = await cached({ tenantId, resource: 'recon', params: FULL_PARAMS, ttl: FULL_RESULT_TTL_SECONDS, deferStore: true, compute: () => computeFull(db, tenantId, opts) });
  return { full: r.data, cache: r.status };
}

/** One page of the result (what the route serves), cached per query. */
export async function loadView(db: Db, tenantId: string, query: ViewQuery, opts: LoadOptions = {}): Promise<{ view: ReconViewDto; cache: CacheStatus }> {
  const r = await cached({ tenantId, resource: 'recon', params: viewParams(query), compute: async () => buildView((await loadFullResult(db, tenantId, opts)).full, query) });
  return { view: r.data, cache: r.status };
}

/** What a GET with no parameters asks for: the entry the worker warms. */
export const DEFAULT_VIEW: ViewQuery = { status: 'all', limit: DEFAULT_PAGE_SIZE, offset: 0 };
