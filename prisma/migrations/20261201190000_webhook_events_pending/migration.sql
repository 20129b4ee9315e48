-- The unprocessed webhook events of a tenant, oldest first: what the
-- `pluggy.webhook.batch` job reads and what the `pluggy.webhook.sweep` job
-- looks for every minute. Partial, so it holds only the few rows waiting
-- (processed events, the table's bulk, are not in it). Not expressible in
-- schema.prisma (no partial indexes): kept here only.
CREATE INDEX "pluggy_webhook_events_pending_idx" ON "pluggy_webhook_events" ("tenant_id", "received_at") WHERE "processed_at" IS NULL;
