// Refreshing mv_tenant_kpis. CONCURRENTLY keeps the dashboard readable while
// the view is rebuilt (it only takes an EXCLUSIVE lock, which plain reads do
// not conflict with); it needs the unique index the migration creates and a
// view that was populated at least once.
//
// Callers are expected to be a job queue; this module does no scheduling. A
// transaction-scoped advisory lock coalesces simultaneous requests: whoever
// does not get it returns { skipped: true } at once instead of queueing a
// second full rebuild behind the first. The xact variant of
// pg_try_advisory_lock is used so the lock can never outlive the refresh on
// a pooled connection, even when the refresh fails.
import { inTransaction, type KpiConnection, type Query } from './connection';

export const KPI_VIEW = 'mv_tenant_kpis';

/** Advisory lock key shared by every refresher of mv_tenant_kpis ("KPIV"). */
export const KPI_REFRESH_LOCK_KEY = 0x4b504956;

/** Table that records refreshes, so readers can show "dados de <asOf>" (migration 20261129000000). */
export const KPI_REFRESH_LOG_TABLE: string | null = 'kpi_view_refreshes';

export type KpiRefreshResult =
  | { skipped: true }
  | { skipped: false; concurrent: boolean; elapsedMs: number; refreshedAt: Date };

export interface RefreshOptions {
  /** Overrides KPI_REFRESH_LOG_TABLE (tests, or before the constant is wired). */
  logTable?: string | null;
  /** Upper bound for the whole refresh transaction (Prisma interactive tx). */
  timeoutMs?: number;
}

export function quoteTable(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid table name: ${name}`);
  return `"${name}"`;
}

async function isPopulated(q: Query): Promise<boolean> {
  const rows = await q<{ ispopulated: boolean }>(
    'SELECT ispopulated FROM pg_matviews WHERE schemaname = current_schema() AND matviewname = $1',
    [KPI_VIEW],
  );
  if (!rows[0]) throw new Error(`${KPI_VIEW} does not exist: apply the migrations first`);
  return rows[0].ispopulated;
}

export async function refreshKpiView(conn: KpiConnection, options: RefreshOptions = {}): Promise<KpiRefreshResult> {
  const logTable = options.logTable === undefined ? KPI_REFRESH_LOG_TABLE : options.logTable;
  return inTransaction(
    conn,
    async (q): Promise<KpiRefreshResult> => {
      const [lock] = await q<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1::bigint) AS locked', [
        String(KPI_REFRESH_LOCK_KEY),
      ]);
      if (!lock?.locked) return { skipped: true };
      // CONCURRENTLY is rejected on a never-populated view (WITH NO DATA).
      const concurrent = await isPopulated(q);
      // Taken before the REFRESH statement's snapshot, so it is a lower bound
      // for what the view contains.
      const [clock] = await q<{ now: Date | string }>('SELECT clock_timestamp() AS now');
      const started = performance.now();
      await q(`REFRESH MATERIALIZED VIEW ${concurrent ? 'CONCURRENTLY ' : ''}${KPI_VIEW}`);
      const elapsedMs = Math.round(performance.now() - started);
      const refreshedAt = new Date(clock!.now);
      if (logTable) {
        await q(
          `INSERT INTO ${quoteTable(logTable)} (view_name, refreshed_at, elapsed_ms, concurrent) VALUES ($1, $2::timestamptz, $3::int, $4::boolean)`,
          [KPI_VIEW, refreshedAt.toISOString(), elapsedMs, concurrent],
        );
      }
      return { skipped: false, concurrent, elapsedMs, refreshedAt };
    },
    options.timeoutMs ?? 10 * 60_000,
  );
}
