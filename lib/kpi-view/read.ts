// Reading pre-computed KPIs. Money leaves the database as text rounded to
// cents (numeric round: half away from zero), never as a JS float.
import { queryOf, type KpiConnection } from './connection';
import { KPI_REFRESH_LOG_TABLE, KPI_VIEW, quoteTable } from './refresh';

export interface TenantKpi {
  /** 'YYYY-MM' (UTC booking month). */
  month: string;
  type: 'CREDIT' | 'DEBIT';
  txCount: number;
  /** Signed, exact, two decimals: credits positive, debits negative. */
  totalAmount: string;
  avgAmount: string;
  /** Transactions not marked ignored. */
  activeTxCount: number;
  activeTotalAmount: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const SELECT_KPIS = `
SELECT to_char(month, 'YYYY-MM') AS "month",
       type::text AS "type",
       tx_count AS "txCount",
       round(total_amount, 2)::text AS "totalAmount",
       round(avg_amount, 2)::text AS "avgAmount",
       active_tx_count AS "activeTxCount",
       round(coalesce(active_total_amount, 0), 2)::text AS "activeTotalAmount"
  FROM ${KPI_VIEW}
 WHERE tenant_id = $1::uuid`;

/** The tenant's KPI rows (one per month and type), oldest month first. */
export async function getKpisForTenant(conn: KpiConnection, tenantId: string, month?: string): Promise<TenantKpi[]> {
  if (!UUID.test(tenantId)) throw new TypeError('tenantId must be a UUID');
  if (month !== undefined && !MONTH.test(month)) throw new TypeError("month must be 'YYYY-MM'");
  const q = queryOf(conn);
  // Equality on the month bucket keeps the lookup on the view's unique index.
  const sql = month === undefined
    ? `${SELECT_KPIS} ORDER BY month, type`
    : `${SELECT_KPIS} AND month = $2::timestamp ORDER BY month, type`;
  const params = month === undefined ? [tenantId] : [tenantId, `${month}-01`];
  const rows = await q<TenantKpi>(sql, params);
  return rows.map((r) => ({ ...r, txCount: Number(r.txCount), activeTxCount: Number(r.activeTxCount) }));
}

/**
 * When the view was last refreshed (its data includes every commit before
 * this instant), or null when unknown — always null until the refresh log
 * table exists and KPI_REFRESH_LOG_TABLE names it.
 */
export async function getKpiViewAsOf(
  conn: KpiConnection,
  { logTable = KPI_REFRESH_LOG_TABLE }: { logTable?: string | null } = {},
): Promise<Date | null> {
  if (!logTable) return null;
  const [row] = await queryOf(conn)<{ asOf: Date | string | null }>(
    `SELECT max(refreshed_at) AS "asOf" FROM ${quoteTable(logTable)} WHERE view_name = $1`,
    [KPI_VIEW],
  );
  return row?.asOf ? new Date(row.asOf) : null;
}
