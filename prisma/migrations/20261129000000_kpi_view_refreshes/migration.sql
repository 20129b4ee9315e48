-- Refresh log of the KPI materialized view (readers show its "asOf").
CREATE TABLE "kpi_view_refreshes" (
    "id" BIGSERIAL NOT NULL,
    "view_name" VARCHAR(63) NOT NULL,
    "refreshed_at" TIMESTAMPTZ(3) NOT NULL,
    "elapsed_ms" INTEGER NOT NULL,
    "concurrent" BOOLEAN NOT NULL,

    CONSTRAINT "kpi_view_refreshes_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "kpi_view_refreshes_view_name_refreshed_at_idx" ON "kpi_view_refreshes"("view_name", "refreshed_at" DESC);
