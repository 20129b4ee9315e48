-- Every change that can alter who a request is (sessions, users) or which
-- tenant and role it acts with (memberships, tenants) announces itself on
-- the channel concilia_auth, so application instances can keep a short-lived
-- in-process copy of that lookup (lib/auth/auth-cache.ts) and drop it at once.
-- Triggers, not application code, so that changes made by any path (an
-- admin's SQL included) reach every instance. Payload: "u:" + user id, or "*"
-- (forget everything) for tenant changes. NOTIFY is delivered at commit and
-- identical payloads of one transaction are delivered once.
-- The argument names the column holding the user id.
-- The body is an E'' string with its semicolons written as \073: Prisma's
-- migration engine splits files at every semicolon, dollar quotes included.
CREATE OR REPLACE FUNCTION "concilia_notify_auth_change"() RETURNS trigger
LANGUAGE plpgsql AS E'
BEGIN
  IF TG_ARGV[0] IS NULL THEN
    PERFORM pg_notify(''concilia_auth'', ''*'')\073
    RETURN NULL\073
  END IF\073
  IF TG_OP IN (''UPDATE'', ''DELETE'') THEN
    PERFORM pg_notify(''concilia_auth'', ''u:'' || (to_jsonb(OLD) ->> TG_ARGV[0]))\073
  END IF\073
  IF TG_OP IN (''INSERT'', ''UPDATE'') THEN
    PERFORM pg_notify(''concilia_auth'', ''u:'' || (to_jsonb(NEW) ->> TG_ARGV[0]))\073
  END IF\073
  RETURN NULL\073
END
';

-- last_seen_at is refreshed every few minutes and changes nothing the lookup returns.
CREATE TRIGGER "trg_sessions_auth_change"
  AFTER UPDATE OF "revoked_at", "expires_at", "user_id", "token_hash" OR DELETE ON "sessions"
  FOR EACH ROW EXECUTE FUNCTION "concilia_notify_auth_change"('user_id');

CREATE TRIGGER "trg_users_auth_change"
  AFTER UPDATE OF "email", "name" OR DELETE ON "users"
  FOR EACH ROW EXECUTE FUNCTION "concilia_notify_auth_change"('id');

CREATE TRIGGER "trg_tenant_users_auth_change"
  AFTER INSERT OR UPDATE OR DELETE ON "tenant_users"
  FOR EACH ROW EXECUTE FUNCTION "concilia_notify_auth_change"('user_id');

CREATE TRIGGER "trg_tenants_auth_change"
  AFTER UPDATE OF "deleted_at" OR DELETE ON "tenants"
  FOR EACH STATEMENT EXECUTE FUNCTION "concilia_notify_auth_change"();
