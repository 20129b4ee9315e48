-- Real-time hints (lib/events): the transactional outbox and the short
-- replay buffer of the SSE endpoint. Writers insert rows without seq inside
-- their own transaction (no NOTIFY there). A relay assigns seq under the
-- cursor row's lock and publishes one coalesced message per flush.
CREATE TABLE "realtime_events" (
    "id" BIGSERIAL NOT NULL,
    "seq" BIGINT,
    "tenant_id" UUID NOT NULL,
    "user_id" VARCHAR(191),
    "type" VARCHAR(32) NOT NULL,
    "entity" VARCHAR(64),
    "ids" JSONB,
    "data" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "realtime_events_pkey" PRIMARY KEY ("id")
);

-- The last seq handed out, in exactly one row.
CREATE TABLE "realtime_event_cursor" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "last_seq" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "realtime_event_cursor_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "realtime_event_cursor_id_check" CHECK ("id" = 1)
);

INSERT INTO "realtime_event_cursor" ("id", "last_seq") VALUES (1, 0);

-- Also serves the relay's "WHERE seq IS NULL" (btree indexes NULLs).
CREATE UNIQUE INDEX "realtime_events_seq_key" ON "realtime_events"("seq");

CREATE INDEX "realtime_events_tenant_id_seq_idx" ON "realtime_events"("tenant_id", "seq");
