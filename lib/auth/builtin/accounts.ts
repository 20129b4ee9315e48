// Built-in accounts: sign-up, sign-in with throttling, password reset.
import { ApiError, conflict } from '@/lib/api/errors';
import { hashPassword, passwordProblems, verifyPassword } from '@/lib/auth/password';
import { createSession, revokeAllSessions } from '@/lib/auth/builtin/sessions';
import { hashToken, newToken } from '@/lib/auth/builtin/tokens';
import type { Db } from '@/lib/prisma';

export const LOGIN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 20;
const RESET_TTL_MS = 60 * 60_000;

// Verified against for unknown e-mails, so both failures take the same time.
const DUMMY_HASH = hashPassword('not-a-real-password-0');

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function invalidPassword(problems: string[]): ApiError {
  return new ApiError('validation_failed', problems[0]!, {
    issues: problems.map((message) => ({ path: 'password', code: 'custom', message })),
  });
}

export async function signUp(db: Db, input: { email: string; password: string; name: string }) {
  const email = normalizeEmail(input.email);
  const problems = passwordProblems(input.password, email);
  if (problems.length) throw invalidPassword(problems);
  const existing = await db.user.findUnique({ where: { email } });
  if (existing?.passwordHash) throw conflict('Já existe uma conta com este e-mail.');
  const passwordHash = await hashPassword(input.password);
  // An invited person (account without password) claims it by signing up.
  return existing
    ? db.user.update({ where: { id: existing.id }, data: { passwordHash, name: existing.name ?? input.name } })
    : db.user.create({ data: { email, name: input.name, passwordHash } });
}

async function throttle(db: Db, email: string, ip: string | undefined) {
  const since = new Date(Date.now() - LOGIN_WINDOW_MS);
  const [byEmail, byIp] = await Promise.all([
    db.loginAttempt.findMany({ where: { email, createdAt: { gt: since } }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } }),
    ip
      ? db.loginAttempt.findMany({ where: { ip, createdAt: { gt: since } }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } })
      : Promise.resolve([]),
  ]);
  const blockedBy =
    byEmail.length >= MAX_FAILURES_PER_EMAIL
      ? byEmail[byEmail.length - MAX_FAILURES_PER_EMAIL]
      : byIp.length >= MAX_FAILURES_PER_IP
        ? byIp[byIp.length - MAX_FAILURES_PER_IP]
        : undefined;
  if (blockedBy) {
    const retryAfter = Math.max(1, Math.ceil((blockedBy.createdAt.getTime() + LOGIN_WINDOW_MS - Date.now()) / 1000));
    throw new ApiError(
      'rate_limited',
      `Muitas tentativas de entrada. Tente novamente em ${Math.ceil(retryAfter / 60)} min.`,
      { retryAfterSeconds: retryAfter },
      { 'Retry-After': String(retryAfter) },
    );
  }
}

export async function signIn(db: Db, input: { email: string; password: string; ip?: string; userAgent?: string }) {
  const email = normalizeEmail(input.email);
  await throttle(db, email, input.ip);
  const user = await db.user.findUnique({ where: { email } });
  const ok = user?.passwordHash
    ? await verifyPassword(input.password, user.passwordHash)
    : (await verifyPassword(input.password, await DUMMY_HASH), false);
  if (!user || !ok) {
    await db.loginAttempt.create({ data: { email, ip: input.ip?.slice(0, 64) ?? null } });
    throw new ApiError('unauthenticated', 'E-mail ou senha inválidos.');
  }
  await db.loginAttempt.deleteMany({ where: { email } });
  const { token, session } = await createSession(db, { userId: user.id, ip: input.ip, userAgent: input.userAgent });
  return { user, session, token };
}

export async function createPasswordResetToken(db: Db, userId: string): Promise<string> {
  const token = newToken();
  await db.passwordResetToken.create({
    data: { userId, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + RESET_TTL_MS) },
  });
  return token;
}

export async function resetPassword(db: Db, { token, newPassword }: { token: string; newPassword: string }) {
  const invalid = new ApiError('bad_request', 'Link inválido ou expirado. Peça um novo.');
  const row = await db.passwordResetToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!row || row.usedAt || row.expiresAt <= new Date()) throw invalid;
  const problems = passwordProblems(newPassword, row.user.email);
  if (problems.length) throw invalidPassword(problems);
  const passwordHash = await hashPassword(newPassword);
  await db.$transaction(async (tx) => {
    // Single use even under concurrent submissions.
    const used = await tx.passwordResetToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: new Date() } });
    if (used.count === 0) throw invalid;
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash } });
  });
  await revokeAllSessions(db, row.userId);
}
