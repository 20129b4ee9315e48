// The per-tenant secret Pluggy sends back in a custom header on every
// webhook delivery. Stored encrypted (lib/crypto envelope, bound to the
// tenant and field) like the tenant's other credentials; a rotation keeps
// the previous one valid for a grace period, so deliveries already in
// flight (and webhooks registered with it until they are replaced) still
// pass. Verification compares SHA-256 digests with timingSafeEqual, so the
// time taken says nothing about how much of a guess was right.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { decryptSecret, encryptSecret } from '@/lib/crypto';
import { env } from '@/lib/env';
import { environmentPluggyCredentials } from '@/lib/pluggy/client/credentials';
import type { Db, Tx } from '@/lib/prisma';

export const WEBHOOK_SECRET_HEADER = 'x-concilia-webhook-secret';
export const WEBHOOK_SECRET_FIELD = 'pluggyWebhookSecret';
export const WEBHOOK_SECRET_PREV_FIELD = 'pluggyWebhookSecretPrev';
/** How long the previous secret is still accepted after a rotation. */
export const WEBHOOK_SECRET_GRACE_MS = 24 * 60 * 60_000;

export function newWebhookSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time equality of two strings of any length. */
export function secretsEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/**
 * Makes a new current secret; the old current one (if any) becomes the
 * previous, accepted until now + grace. Returns the new secret (plaintext,
 * only to hand to Pluggy in the webhook headers).
 */
export async function rotateWebhookSecret(tx: Tx, tenantId: string, now = new Date()): Promise<string> {
  const settings = await tx.tenantSettings.upsert({ where: { tenantId }, create: { tenantId }, update: {} });
  const secret = newWebhookSecret();
  const prev = settings.pluggyWebhookSecretEnc ? decryptSecret(settings.pluggyWebhookSecretEnc, { tenantId, field: WEBHOOK_SECRET_FIELD }) : null;
  await tx.tenantSettings.update({
    where: { tenantId },
    data: {
      pluggyWebhookSecretEnc: encryptSecret(secret, { tenantId, field: WEBHOOK_SECRET_FIELD }),
      pluggyWebhookSecretPrevEnc: prev ? encryptSecret(prev, { tenantId, field: WEBHOOK_SECRET_PREV_FIELD }) : null,
      pluggyWebhookSecretPrevUntil: prev ? new Date(now.getTime() + WEBHOOK_SECRET_GRACE_MS) : null,
    },
  });
  return secret;
}

function safeDecrypt(envelope: string | null, tenantId: string, field: string): string | null {
  if (!envelope) return null;
  try {
    return decryptSecret(envelope, { tenantId, field });
  } catch {
    return null;
  }
}

/** What authenticates a tenant's deliveries, decrypted: its secrets and the Pluggy client id its webhooks belong to. */
export interface WebhookAuth {
  current: string | null;
  previous: string | null;
  previousUntil: Date | null;
  /** The Client ID the tenant's Pluggy calls use (its own pair, else the environment's); null when Pluggy is not configured. */
  clientId: string | null;
}

// The ack path is hot (a burst is a thousand deliveries in seconds): the
// decrypted auth is kept per process for a minute instead of one SELECT and
// two decryptions per delivery. Only a match is answered from the cache: a
// secret or client id the cached copy does not accept is checked again
// against a fresh read, so a rotation or a credentials change made by
// another instance never turns a valid delivery away (a 401 is not retried
// by Pluggy). A rotation here drops the entry after its commit; elsewhere the
// copy can only be stale in the accepting direction for a secret that the
// grace period still accepts anyway (unless rotated twice within a minute).
const AUTH_CACHE_MS = 60_000;
const AUTH_CACHE_MAX = 10_000;
const authCache = new Map<string, { auth: WebhookAuth; until: number }>();

/** Drops the cached auth of a tenant (after its secret rotated, in this process). */
export function forgetWebhookAuth(tenantId?: string): void {
  if (tenantId === undefined) authCache.clear();
  else authCache.delete(tenantId);
}

async function loadWebhookAuth(db: Db, tenantId: string): Promise<WebhookAuth> {
  const settings = await db.tenantSettings.findUnique({
    where: { tenantId },
    select: { pluggyWebhookSecretEnc: true, pluggyWebhookSecretPrevEnc: true, pluggyWebhookSecretPrevUntil: true, pluggyClientIdEnc: true, pluggyClientSecretEnc: true },
  });
  // Same order as resolvePluggyCredentials: the tenant's pair, else the environment's.
  const clientId =
    settings?.pluggyClientIdEnc && settings.pluggyClientSecretEnc
      ? safeDecrypt(settings.pluggyClientIdEnc, tenantId, 'pluggyClientId')
      : (environmentPluggyCredentials()?.clientId ?? null);
  return {
    current: safeDecrypt(settings?.pluggyWebhookSecretEnc ?? null, tenantId, WEBHOOK_SECRET_FIELD),
    previous: safeDecrypt(settings?.pluggyWebhookSecretPrevEnc ?? null, tenantId, WEBHOOK_SECRET_PREV_FIELD),
    previousUntil: settings?.pluggyWebhookSecretPrevUntil ?? null,
    clientId,
  };
}

/**
 * Whether `presented` is the tenant's current secret, its previous one
 * within the grace period, or the app-wide PLUGGY_WEBHOOK_SECRET. Every
 * candidate is compared (no early exit on a match).
 */
function secretAccepted(auth: WebhookAuth, presented: string | null, now: Date): boolean {
  const candidates: string[] = [];
  if (auth.current) candidates.push(auth.current);
  if (auth.previous && auth.previousUntil && auth.previousUntil > now) candidates.push(auth.previous);
  const appWide = env().PLUGGY_WEBHOOK_SECRET;
  if (appWide) candidates.push(appWide);
  let ok = false;
  for (const c of candidates) ok = secretsEqual(presented ?? '', c) || ok;
  return ok && !!presented;
}

/**
 * Pluggy's advice (docs, webhook security): check that a notification's
 * `clientId` is ours. Checked when the event carries one (Pluggy's docs only
 * confirm it on some events); one naming another Pluggy application, or any
 * when this tenant has no Pluggy application at all, is refused.
 */
function clientIdAccepted(auth: WebhookAuth, clientId: string | undefined): boolean {
  return clientId === undefined || (auth.clientId !== null && clientId === auth.clientId);
}

/**
 * Authenticates one delivery: `check(auth)` on the cached auth, and when
 * that refuses, once more on a fresh read (which then replaces the cache).
 */
async function withWebhookAuth(db: Db, tenantId: string, check: (auth: WebhookAuth) => boolean): Promise<boolean> {
  const hit = authCache.get(tenantId);
  if (hit && hit.until > Date.now() && check(hit.auth)) return true;
  const auth = await loadWebhookAuth(db, tenantId);
  if (authCache.size >= AUTH_CACHE_MAX) authCache.clear();
  authCache.set(tenantId, { auth, until: Date.now() + AUTH_CACHE_MS });
  return check(auth);
}

export function verifyWebhookSecret(db: Db, tenantId: string, presented: string | null, now = new Date()): Promise<boolean> {
  return withWebhookAuth(db, tenantId, (auth) => secretAccepted(auth, presented, now));
}

export function verifyWebhookClientId(db: Db, tenantId: string, clientId: string | undefined): Promise<boolean> {
  if (clientId === undefined) return Promise.resolve(true);
  return withWebhookAuth(db, tenantId, (auth) => clientIdAccepted(auth, clientId));
}
