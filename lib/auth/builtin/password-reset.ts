// One-time password links: the way back into an account (forgotten password,
// or a sign-in throttled by someone else's guessing; the link works either
// way). Issued by a firm admin for a member, by `npm run auth:password-link`
// for self-hosters; there is no mail transport yet, so nothing is mailed.
// Only the token's hash is stored; using it signs the user out everywhere.
import { ApiError } from '@/lib/api/errors';
import { hashPassword } from '@/lib/auth/password';
import { forgetUser } from '@/lib/auth/auth-cache';
import { revokeAllSessions } from '@/lib/auth/builtin/sessions';
import { clearLoginFailures } from '@/lib/auth/builtin/throttle';
import { passwordLink } from '@/lib/auth/builtin/links';
import { hashToken, isWellFormedToken, newToken } from '@/lib/auth/builtin/tokens';
import { assertPasswordPolicy } from '@/lib/auth/builtin/validation';
import type { Db, Tx } from '@/lib/prisma';

export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;
const INVALID_LINK = 'Link de redefinição de senha inválido ou expirado. Solicite um novo.';

function invalidLink(): ApiError {
  return new ApiError('bad_request', INVALID_LINK, { reason: 'invalid_reset_token' });
}

/**
 * Issues a reset token. Earlier unused tokens of the user stop working, so
 * only the most recent link is valid. `alsoInTx` runs in the same
 * transaction (an audit row).
 */
export async function createPasswordResetToken(
  db: Db,
  userId: string,
  { ttlMs = RESET_TOKEN_TTL_MS, alsoInTx }: { ttlMs?: number; alsoInTx?: (tx: Tx) => Promise<void> } = {},
): Promise<string> {
  const { token, hash } = newToken();
  const now = new Date();
  await db.$transaction(async (tx) => {
    await tx.passwordResetToken.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } });
    await tx.passwordResetToken.create({ data: { userId, tokenHash: hash, expiresAt: new Date(now.getTime() + ttlMs) } });
    if (alsoInTx) await alsoInTx(tx);
  });
  return token;
}

/** A fresh password link for the user (earlier ones stop working); a credential: show it once, never log it. */
export async function issuePasswordLink(
  db: Db,
  userId: string,
  options: { ttlMs?: number; alsoInTx?: (tx: Tx) => Promise<void> } = {},
): Promise<{ link: string; expiresAt: Date }> {
  const ttlMs = options.ttlMs ?? RESET_TOKEN_TTL_MS;
  const token = await createPasswordResetToken(db, userId, { ...options, ttlMs });
  return { link: passwordLink(token), expiresAt: new Date(Date.now() + ttlMs) };
}

export async function resetPassword(db: Db, { token, newPassword }: { token: string; newPassword: string }): Promise<{ userId: string }> {
  if (!isWellFormedToken(token)) throw invalidLink();
  const tokenHash = hashToken(token);
  const row = await db.passwordResetToken.findUnique({
    where: { tokenHash },
    include: { user: { select: { email: true, name: true } } },
  });
  if (!row || row.usedAt || row.expiresAt <= new Date()) throw invalidLink();
  assertPasswordPolicy(newPassword, { email: row.user.email, name: row.user.name ?? undefined });
  // Hashed before the transaction, so no row lock is held during scrypt.
  const passwordHash = await hashPassword(newPassword);

  await db.$transaction(async (tx) => {
    // Claiming the token is the single-use guarantee: of two concurrent
    // requests only one sees count 1.
    const claimed = await tx.passwordResetToken.updateMany({
      where: { id: row.id, usedAt: null, expiresAt: { gt: new Date() } },
      data: { usedAt: new Date() },
    });
    if (claimed.count !== 1) throw invalidLink();
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash } });
    await revokeAllSessions(tx, row.userId);
    // Whoever holds the link owns the mailbox; a lockout must not outlive it.
    await clearLoginFailures(tx, row.user.email);
  });
  forgetUser(row.userId);
  return { userId: row.userId };
}
