-- Reconciliation recovery (issue 11): an undo records that it started
-- before it asks Advbox to reopen, so a process that dies in between leaves
-- a state the recovery sweep can find and settle. The partial index keeps
-- the sweep's look-up of unfinished confirms and undos (a handful of rows)
-- off the table of every confirmed record.

ALTER TABLE "reconciliation_records" ADD COLUMN "undo_started_at" TIMESTAMPTZ(3),
ADD COLUMN "undo_started_by" VARCHAR(191);

CREATE INDEX IF NOT EXISTS "idx_recon_unfinished"
  ON "reconciliation_records" ("confirmed_at")
  WHERE "status" = 'CONFIRMED' AND ("marked_paid_in_advbox" = false OR "undo_started_at" IS NOT NULL);
