-- Reconciliation flow (issue 11): rejected pairs, the tenant's snapshot of
-- open Advbox receivables (so a recompute after a confirm does not crawl
-- Advbox again), idempotency keys of confirm requests, and the auto-confirm
-- amount cap.

ALTER TABLE "tenant_settings" ADD COLUMN "auto_match_cap" DECIMAL(14,2) NOT NULL DEFAULT 10000.00;

-- CreateTable
CREATE TABLE "reconciliation_rejections" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "pluggy_transaction_db_id" UUID NOT NULL,
    "advbox_customer_id" VARCHAR(32) NOT NULL,
    "payer_document" VARCHAR(14),
    "created_by" VARCHAR(191) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reconciliation_rejections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "advbox_receivable_snapshots" (
    "tenant_id" UUID NOT NULL,
    "fetched_at" TIMESTAMPTZ(3) NOT NULL,
    "complete" BOOLEAN NOT NULL,
    "due_from" CHAR(10) NOT NULL,
    "due_to" CHAR(10) NOT NULL,
    "items" JSONB NOT NULL,
    "error" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "advbox_receivable_snapshots_pkey" PRIMARY KEY ("tenant_id")
);

-- CreateTable
CREATE TABLE "reconciliation_requests" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "idempotency_key" VARCHAR(128) NOT NULL,
    "request_hash" CHAR(64) NOT NULL,
    "response" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reconciliation_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "reconciliation_rejections_tenant_id_pluggy_transaction_db_i_key" ON "reconciliation_rejections"("tenant_id", "pluggy_transaction_db_id", "advbox_customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "reconciliation_requests_tenant_id_idempotency_key_key" ON "reconciliation_requests"("tenant_id", "idempotency_key");

-- AddForeignKey
ALTER TABLE "reconciliation_rejections" ADD CONSTRAINT "reconciliation_rejections_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "advbox_receivable_snapshots" ADD CONSTRAINT "advbox_receivable_snapshots_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reconciliation_requests" ADD CONSTRAINT "reconciliation_requests_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
