-- A tenant's Advbox customers as last listed, and where that copy stands
-- (lib/advbox/customers).

-- CreateTable
CREATE TABLE "advbox_customers" (
    "tenant_id" UUID NOT NULL,
    "advbox_id" VARCHAR(32) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "identification" VARCHAR(40),
    "document" VARCHAR(14),
    "email" VARCHAR(254),
    "phone" VARCHAR(40),
    "cellphone" VARCHAR(40),
    "birthdate" DATE,
    "city" VARCHAR(120),
    "state" VARCHAR(40),
    "origin" VARCHAR(120),
    "advbox_created_at" TIMESTAMPTZ(0),
    "unlisted_since" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "advbox_customers_pkey" PRIMARY KEY ("tenant_id","advbox_id")
);

-- CreateTable
CREATE TABLE "advbox_customer_syncs" (
    "tenant_id" UUID NOT NULL,
    "refresh_started_at" TIMESTAMPTZ(3),
    "refreshed_at" TIMESTAMPTZ(3),
    "full_at" TIMESTAMPTZ(3),
    "full_complete" BOOLEAN NOT NULL DEFAULT false,
    "complete_full_started_at" TIMESTAMPTZ(3),
    "lease_until" TIMESTAMPTZ(3),
    "last_error" VARCHAR(500),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "advbox_customer_syncs_pkey" PRIMARY KEY ("tenant_id")
);

-- CreateIndex
CREATE INDEX "advbox_customers_tenant_id_document_idx" ON "advbox_customers"("tenant_id", "document");

-- AddForeignKey
ALTER TABLE "advbox_customers" ADD CONSTRAINT "advbox_customers_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "advbox_customer_syncs" ADD CONSTRAINT "advbox_customer_syncs_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
