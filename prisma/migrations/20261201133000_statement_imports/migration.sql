-- Statement import (issue 14): OFX / CSV files land in the same
-- pluggy_* tables as synced data, so KPIs, cache, precompute and pages
-- treat them alike. A manual account hangs on an item of its own with
-- source 'manual' (never synced, never sent to Pluggy). Imported rows
-- carry the import that inserted them (undo) and, when a later Pluggy
-- sync brought the same transaction, the synced row that replaced them.
ALTER TABLE "pluggy_items" ADD COLUMN "source" VARCHAR(16) NOT NULL DEFAULT 'pluggy';

ALTER TABLE "pluggy_accounts" ADD COLUMN "source" VARCHAR(16) NOT NULL DEFAULT 'pluggy',
ADD COLUMN "bank_code" VARCHAR(8),
ADD COLUMN "branch" VARCHAR(20),
ADD COLUMN "linked_account_id" UUID;

ALTER TABLE "pluggy_transactions" ADD COLUMN "import_id" UUID,
ADD COLUMN "fitid" VARCHAR(255),
ADD COLUMN "superseded_by_id" UUID;

-- CreateTable
CREATE TABLE "statement_imports" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "status" VARCHAR(16) NOT NULL DEFAULT 'PREVIEW',
    "format" VARCHAR(8) NOT NULL,
    "file_name" VARCHAR(255) NOT NULL,
    "file_sha256" CHAR(64) NOT NULL,
    "file_bytes" INTEGER NOT NULL,
    "encoding" VARCHAR(16) NOT NULL,
    "rows" JSONB,
    "row_count" INTEGER NOT NULL,
    "new_count" INTEGER NOT NULL,
    "existing_count" INTEGER NOT NULL,
    "duplicate_count" INTEGER NOT NULL DEFAULT 0,
    "credit_total" DECIMAL(14,2) NOT NULL,
    "debit_total" DECIMAL(14,2) NOT NULL,
    "period_start" DATE,
    "period_end" DATE,
    "mapping" JSONB,
    "warnings" JSONB,
    "inserted_count" INTEGER,
    "job_id" VARCHAR(64),
    "error" TEXT,
    "created_by" VARCHAR(191) NOT NULL,
    "confirmed_by" VARCHAR(191),
    "confirmed_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "undone_by" VARCHAR(191),
    "undone_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "statement_imports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "statement_csv_mappings" (
    "account_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "mapping" JSONB NOT NULL,
    "updated_by" VARCHAR(191) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "statement_csv_mappings_pkey" PRIMARY KEY ("account_id")
);

CREATE INDEX "pluggy_transactions_import_id_idx" ON "pluggy_transactions"("import_id");

CREATE INDEX "statement_imports_tenant_id_created_at_idx" ON "statement_imports"("tenant_id", "created_at" DESC);

CREATE INDEX "statement_imports_account_id_idx" ON "statement_imports"("account_id");

CREATE INDEX "statement_csv_mappings_tenant_id_idx" ON "statement_csv_mappings"("tenant_id");

ALTER TABLE "pluggy_transactions" ADD CONSTRAINT "pluggy_transactions_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "statement_imports"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

ALTER TABLE "statement_imports" ADD CONSTRAINT "statement_imports_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "statement_imports" ADD CONSTRAINT "statement_imports_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "pluggy_accounts"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

ALTER TABLE "statement_csv_mappings" ADD CONSTRAINT "statement_csv_mappings_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "statement_csv_mappings" ADD CONSTRAINT "statement_csv_mappings_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "pluggy_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "pluggy_items"
  ADD CONSTRAINT "pluggy_items_source_check" CHECK ("source" IN ('pluggy', 'manual'));

ALTER TABLE "pluggy_accounts"
  ADD CONSTRAINT "pluggy_accounts_source_check" CHECK ("source" IN ('pluggy', 'manual'));

ALTER TABLE "statement_imports"
  ADD CONSTRAINT "statement_imports_status_check" CHECK ("status" IN ('PREVIEW', 'QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'UNDONE')),
  ADD CONSTRAINT "statement_imports_format_check" CHECK ("format" IN ('ofx', 'csv'));
