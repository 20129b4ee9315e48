-- The KPI view as first defined counts transactions Pluggy reported deleted
-- (soft-deleted rows keep reconciliation history), so dashboard totals
-- disagreed with the transaction listing. Same columns, same unique index,
-- deleted rows left out.
DROP MATERIALIZED VIEW IF EXISTS mv_tenant_kpis;

CREATE MATERIALIZED VIEW mv_tenant_kpis AS
SELECT
  tenant_id,
  date_trunc('month', date) AS month,
  type,
  COUNT(*)::int AS tx_count,
  SUM(amount) AS total_amount,
  AVG(amount) AS avg_amount,
  COUNT(*) FILTER (WHERE ignored = false)::int AS active_tx_count,
  SUM(amount) FILTER (WHERE ignored = false) AS active_total_amount
FROM pluggy_transactions
WHERE deleted_at IS NULL
GROUP BY tenant_id, date_trunc('month', date), type;

CREATE UNIQUE INDEX "mv_tenant_kpis_tenant_month_type_key"
  ON mv_tenant_kpis (tenant_id, month, type);
