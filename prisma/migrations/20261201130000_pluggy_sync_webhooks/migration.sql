-- Pluggy sync and webhooks (lib/pluggy/sync, lib/pluggy/webhooks): the
-- tenant's webhook secret (encrypted, with the previous one kept for a grace
-- period after a rotation), the item's last sync attempt and error, and the
-- firm's own note on a transaction (preserved by every sync).
ALTER TABLE "tenant_settings" ADD COLUMN "pluggy_webhook_secret_enc" TEXT,
ADD COLUMN "pluggy_webhook_secret_prev_enc" TEXT,
ADD COLUMN "pluggy_webhook_secret_prev_until" TIMESTAMPTZ(3);

ALTER TABLE "pluggy_items" ADD COLUMN "last_sync_attempt_at" TIMESTAMPTZ(3),
ADD COLUMN "last_sync_error" TEXT;

ALTER TABLE "pluggy_transactions" ADD COLUMN "notes" TEXT;
