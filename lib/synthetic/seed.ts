// Loads a synthetic data set (firms, bank connections, transactions) into a
// migrated database with COPY, then ANALYZEs and refreshes mv_tenant_kpis.
//
// Speed: rows are built as text in a tight loop and streamed with
// backpressure over `concurrency` connections (one Postgres backend per
// core); ids are UUID v7 so the primary key grows at its right edge; each
// COPY commits with synchronous_commit off (SET LOCAL, so pooled connections
// are left as they were). Indexes and foreign keys stay in place — the
// timing includes their maintenance.
//
// Not idempotent on purpose: each run adds a new set of tenants (slugs carry
// a random run tag). A failed run leaves the batches committed so far.
import { randomBytes } from 'node:crypto';
import pg, { type Pool, type PoolClient } from 'pg';
import { refreshKpiView, type KpiRefreshResult } from '@/lib/kpi-view';
import { createCalendar, type Calendar } from './calendar';
import { copyInto } from './copy';
import { planDataSet, type PlannedAccount, type PlannedTenant } from './plan';
import { createRng, deriveSeed } from './rng';
import { ACCOUNT_COLUMNS, ITEM_COLUMNS, SETTINGS_COLUMNS, TENANT_COLUMNS, TRANSACTION_COLUMNS, tenantRows, transactionRow } from './rows';
import { generateTransaction } from './transactions';
import { createUuidV7Generator } from './uuid';

export interface SeedSyntheticOptions {
  /** Either a pool (left open) or a connection string (pool created and closed here). */
  pool?: Pool;
  connectionString?: string;
  tenants: number;
  transactions: number;
  seed?: number;
  log?: (line: string) => void;
  /** Last day of the two-year window (default: today, UTC). */
  today?: Date;
  /** Parallel COPY streams (default 2). */
  concurrency?: number;
  /** Rows per COPY transaction (default 50,000). */
  batchRows?: number;
}

export interface SeedPhase {
  name: string;
  ms: number;
  rows: number;
}

export interface SeedStats {
  seed: number;
  runTag: string;
  tenantIds: string[];
  tenants: number;
  items: number;
  accounts: number;
  transactions: number;
  firstDay: string;
  lastDay: string;
  phases: SeedPhase[];
  totalMs: number;
  /** Transactions per second of the transactions phase. */
  rowsPerSecond: number;
  kpiRefresh: KpiRefreshResult;
}

// Seeds are tied to fixed-size slices of an account's rows, so the content
// does not depend on batchRows or on which connection loads which slice.
const SLICE_ROWS = 10_000;
const CHUNK_CHARS = 256 * 1024;

interface Slice {
  tenant: PlannedTenant;
  account: PlannedAccount;
  rows: number;
  seed: number;
}

function slicesOf(tenants: readonly PlannedTenant[], seed: number): Slice[] {
  const slices: Slice[] = [];
  for (const tenant of tenants) {
    for (const account of tenant.items.flatMap((i) => i.accounts)) {
      for (let done = 0, n = 0; done < account.transactionCount; done += SLICE_ROWS, n++) {
        const rows = Math.min(SLICE_ROWS, account.transactionCount - done);
        slices.push({ tenant, account, rows, seed: deriveSeed(seed, 3, tenant.index, account.index, n) });
      }
    }
  }
  return slices;
}

function packJobs(slices: readonly Slice[], batchRows: number): Slice[][] {
  const jobs: Slice[][] = [];
  let job: Slice[] = [];
  let rows = 0;
  for (const s of slices) {
    if (rows > 0 && rows + s.rows > batchRows) {
      jobs.push(job);
      job = [];
      rows = 0;
    }
    job.push(s);
    rows += s.rows;
  }
  if (job.length) jobs.push(job);
  return jobs;
}

function* jobChunks(job: readonly Slice[], cal: Calendar, newId: () => string, now: string): Generator<string> {
  let chunk = '';
  for (const s of job) {
    const rng = createRng(s.seed);
    for (let i = 0; i < s.rows; i++) {
      const tx = generateTransaction(rng, s.tenant.profile, cal);
      chunk += transactionRow(newId(), s.tenant.id, s.account.id, tx, cal, now);
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk;
        chunk = '';
      }
    }
  }
  if (chunk) yield chunk;
}

async function inCopyTransaction<T>(client: PoolClient, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    await client.query('SET LOCAL synchronous_commit = off');
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

function rate(rows: number, ms: number): number {
  return ms > 0 ? Math.round((rows * 1000) / ms) : rows;
}

const fmt = (n: number) => n.toLocaleString('en-US');

async function refreshWhenFree(pool: Pool, log: (l: string) => void): Promise<KpiRefreshResult> {
  // Another refresher may hold the lock; its snapshot could predate our
  // rows, so wait for our own turn (bounded) instead of accepting the skip.
  for (let attempt = 0; attempt < 120; attempt++) {
    const result = await refreshKpiView(pool);
    if (!result.skipped) return result;
    if (attempt === 0) log('mv_tenant_kpis: another refresh is running, waiting…');
    await new Promise((r) => setTimeout(r, 500));
  }
  return { skipped: true };
}

export async function seedSynthetic(options: SeedSyntheticOptions): Promise<SeedStats> {
  const { tenants, transactions, seed = 42, log = () => {}, concurrency = 2, batchRows = 50_000 } = options;
  if (!Number.isInteger(tenants) || tenants < 1) throw new RangeError('tenants must be a positive integer');
  if (!Number.isInteger(transactions) || transactions < 0) throw new RangeError('transactions must be a non-negative integer');
  if (!Number.isInteger(seed)) throw new RangeError('seed must be an integer');
  if (!options.pool && !options.connectionString) throw new Error('seedSynthetic needs a pool or a connectionString');

  const ownPool = options.pool ? undefined : new pg.Pool({ connectionString: options.connectionString, max: concurrency + 1 });
  ownPool?.on('error', (err) => log(`idle connection error: ${err.message}`));
  const pool = options.pool ?? ownPool!;
  const phases: SeedPhase[] = [];
  const started = performance.now();
  const phase = async <T>(name: string, rows: number, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const result = await fn();
    const ms = Math.round(performance.now() - t0);
    phases.push({ name, ms, rows });
    log(`${name}: ${fmt(ms)} ms${rows ? ` (${fmt(rows)} rows, ${fmt(rate(rows, ms))} rows/s)` : ''}`);
    return result;
  };

  try {
    const newId = createUuidV7Generator();
    const runTag = randomBytes(4).readUInt32BE(0).toString(36).slice(0, 5);
    const cal = createCalendar(options.today ?? new Date());
    const now = new Date().toISOString();

    const plan = await phase('plan', 0, async () => planDataSet({ tenants, transactions, seed, runTag, newId }));
    const items = plan.reduce((n, t) => n + t.items.length, 0);
    const accounts = plan.reduce((n, t) => n + t.items.reduce((m, i) => m + i.accounts.length, 0), 0);
    log(`seed ${seed}, run ${runTag}: ${fmt(tenants)} tenants, ${fmt(items)} items, ${fmt(accounts)} accounts, ${fmt(transactions)} transactions (${cal.first} … ${cal.last})`);

    await phase('tenants', tenants + tenants + items + accounts, async () => {
      const rows = tenantRows(plan, newId, now);
      const client = await pool.connect();
      try {
        await inCopyTransaction(client, async () => {
          await copyInto(client, 'tenants', TENANT_COLUMNS, [rows.tenants]);
          await copyInto(client, 'tenant_settings', SETTINGS_COLUMNS, [rows.settings]);
          await copyInto(client, 'pluggy_items', ITEM_COLUMNS, [rows.items]);
          await copyInto(client, 'pluggy_accounts', ACCOUNT_COLUMNS, [rows.accounts]);
        });
      } finally {
        client.release();
      }
    });

    const jobs = packJobs(slicesOf(plan, seed), batchRows);
    let loaded = 0;
    const t0 = performance.now();
    await phase('transactions', transactions, async () => {
      let next = 0;
      const worker = async () => {
        const client = await pool.connect();
        try {
          for (let job = jobs[next++]; job; job = jobs[next++]) {
            const current = job;
            const copied = await inCopyTransaction(client, () =>
              copyInto(client, 'pluggy_transactions', TRANSACTION_COLUMNS, jobChunks(current, cal, newId, now)),
            );
            loaded += copied;
            const pct = Math.floor((loaded * 100) / Math.max(transactions, 1));
            log(`  transactions ${fmt(loaded)}/${fmt(transactions)} (${pct}%), ${fmt(rate(loaded, performance.now() - t0))} rows/s`);
          }
        } finally {
          client.release();
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(jobs.length, 1)) }, worker));
    });
    if (loaded !== transactions) throw new Error(`COPY loaded ${loaded} transactions, expected ${transactions}`);

    await phase('analyze', 0, () =>
      pool.query('ANALYZE tenants, tenant_settings, pluggy_items, pluggy_accounts, pluggy_transactions'),
    );
    const kpiRefresh = await phase('refresh mv_tenant_kpis', 0, () => refreshWhenFree(pool, log));

    const totalMs = Math.round(performance.now() - started);
    const txPhase = phases.find((p) => p.name === 'transactions')!;
    const rowsPerSecond = rate(transactions, txPhase.ms);
    log(`done in ${fmt(totalMs)} ms; transactions at ${fmt(rowsPerSecond)} rows/s`);
    return {
      seed,
      runTag,
      tenantIds: plan.map((t) => t.id),
      tenants,
      items,
      accounts,
      transactions,
      firstDay: cal.first,
      lastDay: cal.last,
      phases,
      totalMs,
      rowsPerSecond,
      kpiRefresh,
    };
  } finally {
    await ownPool?.end();
  }
}
