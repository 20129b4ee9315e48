// Refreshing mv_tenant_kpis. CONCURRENTLY keeps the dashboard readable while
// the view is rebuilt (it only takes an EXCLUSIVE lock, which plain reads do
// not conflict with); it needs the unique index the migration creates and a
// view that was populated at least once.
//
// Scheduling is the kpi.refresh job's (refresh-job.ts); this module only
// refreshes. A transaction-scoped advisory lock keeps refreshes from
// overlapping: by default whoever does not get it returns { skipped: true }
// at once; the job passes `wait` instead, since a refresh already running
// may have taken its snapshot before the data it was asked about committed.
// The xact variant is used so the lock can never outlive the refresh on a
// pooled connection, even when the refresh fails.
import { inTransaction, type KpiConnection, type Query } from './connection';

export const KPI_VIEW = 'mv_tenant_kpis';

/** Advisory lock key shared by every refresher of mv_tenant_kpis ("KPIV"). */
export const KPI_REFRESH_LOCK_KEY = 0x4b504956;

/** Table that records refreshes, so readers can show "dados de <asOf>" (migration 20261129000000). */
export const KPI_REFRESH_LOG_TABLE: string | null = 'kpi_view_refreshes';

/** Tenants waiting for a refresh (scheduleKpiRefresh records them; the job claims them). */
export const KPI_REFRESH_REQUESTS_TABLE = 'kpi_refresh_requests';

export type KpiRefreshResult =
  /** Another refresh holds the lock (without `wait`), or nothing was requested and the view is fresh. */
  | { skipped: true; reason?: 'fresh' }
  | {
      skipped: false;
      concurrent: boolean;
      elapsedMs: number;
      refreshedAt: Date;
      /** With claimRequests: the tenants whose requests this refresh answered (distinct). */
      tenantIds: string[];
    };

export interface RefreshOptions {
  /** Overrides KPI_REFRESH_LOG_TABLE (tests, or before the constant is wired). */
  logTable?: string | null;
  /** Upper bound for the whole refresh transaction (Prisma interactive tx). */
  timeoutMs?: number;
  /** Wait for a refresh in progress to finish, then refresh, instead of returning skipped. */
  wait?: boolean;
  /**
   * Claim the pending refresh requests in the refresh's own transaction
   * (before the REFRESH takes its snapshot, so the data behind every claimed
   * request is in the result; if the refresh fails they stay pending).
   */
  claimRequests?: boolean;
  /** With claimRequests: when nothing was requested and the last refresh is newer than this, do nothing. */
  skipIfFresherThanMs?: number;
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
      if (options.wait) {
        await q('SELECT pg_advisory_xact_lock($1::bigint)', [String(KPI_REFRESH_LOCK_KEY)]);
      } else {
        const [lock] = await q<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1::bigint) AS locked', [
          String(KPI_REFRESH_LOCK_KEY),
        ]);
        if (!lock?.locked) return { skipped: true };
      }
      let tenantIds: string[] = [];
      if (options.claimRequests) {
        // Only rows committed before this statement are claimed; a request
        // committed later stays for the next refresh.
        const claimed = await q<{ tenant_id: string }>(`DELETE FROM ${KPI_REFRESH_REQUESTS_TABLE} RETURNING tenant_id::text`);
        tenantIds = [...new Set(claimed.map((r) => r.tenant_id))].sort();
        if (tenantIds.length === 0 && options.skipIfFresherThanMs !== undefined && logTable) {
          const [fresh] = await q<{ fresh: boolean }>(
            `SELECT coalesce(max(refreshed_at) > clock_timestamp() - $2::int * interval '1 millisecond', false) AS fresh
               FROM ${quoteTable(logTable)} WHERE view_name = $1`,
            [KPI_VIEW, options.skipIfFresherThanMs],
          );
          if (fresh?.fresh) return { skipped: true, reason: 'fresh' };
        }
      }
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
      return { skipped: false, concurrent, elapsedMs, refreshedAt, tenantIds };
    },
    options.timeoutMs ?? 10 * 60_000,
  );
}
