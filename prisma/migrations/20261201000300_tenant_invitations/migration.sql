-- Invitations stay pending until the invitee accepts them through their link
-- (lib/members/invitations.ts). Nobody gets an account before signing up.
CREATE TABLE "tenant_invitations" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "name" VARCHAR(120),
    "role" "TenantRole" NOT NULL,
    "clerk_user_id" VARCHAR(191),
    "token_hash" VARCHAR(64) NOT NULL,
    "invited_by" VARCHAR(191) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tenant_invitations_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "tenant_invitations_token_hash_key" ON "tenant_invitations"("token_hash");

CREATE UNIQUE INDEX "tenant_invitations_tenant_id_email_key" ON "tenant_invitations"("tenant_id", "email");

ALTER TABLE "tenant_invitations" ADD CONSTRAINT "tenant_invitations_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The earlier flow created a password-less account and its membership when
-- someone was invited, which kept the e-mail's owner from ever signing up.
-- Each such membership becomes an expired invitation (the firm's admins see
-- it and can send a new link, and no token exists for it), and the account goes.
INSERT INTO "tenant_invitations" ("id", "tenant_id", "email", "name", "role", "token_hash", "invited_by", "expires_at", "created_at", "updated_at")
SELECT gen_random_uuid(), tu."tenant_id", u."email", tu."name", tu."role",
       encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex'),
       'migration', now(), tu."created_at", now()
  FROM "tenant_users" tu JOIN "users" u ON u."id"::text = tu."user_id"
 WHERE u."password_hash" IS NULL
ON CONFLICT DO NOTHING;

DELETE FROM "tenant_users" tu USING "users" u WHERE u."id"::text = tu."user_id" AND u."password_hash" IS NULL;

DELETE FROM "users" WHERE "password_hash" IS NULL;
