-- The KPI view summed the raw `amount`, whose sign Pluggy does not keep
-- consistent on credit cards: purchases arrive as positive DEBITs and bill
-- payments as negative CREDITs, so a month with card purchases showed less
-- spending than it had (and a bill payment lowered the credits). Direction
-- now comes from `type`, as the columns' contract says (credits positive,
-- debits negative). Same columns, same unique index, deleted rows left out.
DROP MATERIALIZED VIEW IF EXISTS mv_tenant_kpis;

CREATE MATERIALIZED VIEW mv_tenant_kpis AS
SELECT
  tenant_id,
  date_trunc('month', date) AS month,
  type,
  COUNT(*)::int AS tx_count,
  SUM(CASE WHEN type = 'CREDIT' THEN abs(amount) ELSE -abs(amount) END) AS total_amount,
  AVG(CASE WHEN type = 'CREDIT' THEN abs(amount) ELSE -abs(amount) END) AS avg_amount,
  COUNT(*) FILTER (WHERE ignored = false)::int AS active_tx_count,
  SUM(CASE WHEN type = 'CREDIT' THEN abs(amount) ELSE -abs(amount) END) FILTER (WHERE ignored = false) AS active_total_amount
FROM pluggy_transactions
WHERE deleted_at IS NULL
GROUP BY tenant_id, date_trunc('month', date), type;

CREATE UNIQUE INDEX "mv_tenant_kpis_tenant_month_type_key"
  ON mv_tenant_kpis (tenant_id, month, type);
