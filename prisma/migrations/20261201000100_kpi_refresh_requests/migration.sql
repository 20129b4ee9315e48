-- Tenants waiting for the next KPI view refresh (claimed by the kpi.refresh job).
CREATE TABLE "kpi_refresh_requests" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" UUID NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kpi_refresh_requests_pkey" PRIMARY KEY ("id")
);
