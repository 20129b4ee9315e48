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

/**
 * Whether `presented` is the tenant's current secret, its previous one
 * within the grace period, or the app-wide PLUGGY_WEBHOOK_SECRET. Every
 * candidate is compared (no early exit on a match).
 */
export async function verifyWebhookSecret(db: Db, tenantId: string, presented: string | null, now = new Date()): Promise<boolean> {
  const settings = await db.tenantSettings.findUnique({
    where: { tenantId },
    select: { pluggyWebhookSecretEnc: true, pluggyWebhookSecretPrevEnc: true, pluggyWebhookSecretPrevUntil: true },
  });
  const candidates: string[] = [];
  const current = safeDecrypt(settings?.pluggyWebhookSecretEnc ?? null, tenantId, WEBHOOK_SECRET_FIELD);
  if (current) candidates.push(current);
  if (settings?.pluggyWebhookSecretPrevUntil && settings.pluggyWebhookSecretPrevUntil > now) {
    const prev = safeDecrypt(settings.pluggyWebhookSecretPrevEnc, tenantId, WEBHOOK_SECRET_PREV_FIELD);
    if (prev) candidates.push(prev);
  }
  const appWide = env().PLUGGY_WEBHOOK_SECRET;
  if (appWide) candidates.push(appWide);
  let ok = false;
  for (const c of candidates) ok = secretsEqual(presented ?? '', c) || ok;
  return ok && !!presented;
}
