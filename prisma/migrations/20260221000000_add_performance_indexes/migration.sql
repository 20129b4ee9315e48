-- Composite indexes for the hot read paths, and the dashboard KPI view.
--
-- Prisma runs a migration file as one multi-statement script, which
-- PostgreSQL treats as a transaction block, so CREATE INDEX CONCURRENTLY
-- cannot appear here. On an install whose tables are already large, create
-- these five indexes by hand first with CREATE INDEX CONCURRENTLY IF NOT
-- EXISTS (same names and columns), and IF NOT EXISTS below then makes this
-- migration skip them.

CREATE INDEX IF NOT EXISTS "idx_pluggy_tx_tenant_date_type"
  ON "pluggy_transactions" ("tenant_id", "date" DESC, "type");

CREATE INDEX IF NOT EXISTS "idx_pluggy_tx_tenant_account_date"
  ON "pluggy_transactions" ("tenant_id", "pluggy_account_db_id", "date" DESC);

CREATE INDEX IF NOT EXISTS "idx_recon_tenant_status"
  ON "reconciliation_records" ("tenant_id", "status");

CREATE INDEX IF NOT EXISTS "idx_audit_tenant_created"
  ON "audit_logs" ("tenant_id", "created_at" DESC);

CREATE INDEX IF NOT EXISTS "idx_client_mapping_tenant_customer"
  ON "client_mappings" ("tenant_id", "advbox_customer_id");

-- Monthly totals per tenant and direction. "date" is a timestamp without time
-- zone holding the UTC booking date, so the month buckets do not depend on the
-- session's TimeZone.
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
GROUP BY tenant_id, date_trunc('month', date), type;

-- A unique index is what allows REFRESH MATERIALIZED VIEW CONCURRENTLY.
CREATE UNIQUE INDEX "mv_tenant_kpis_tenant_month_type_key"
  ON mv_tenant_kpis (tenant_id, month, type);
