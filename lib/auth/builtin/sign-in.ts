import type { Session } from '@/lib/generated/prisma/client';
import { ApiError } from '@/lib/api/errors';
import { hashPassword, needsRehash, verifyPassword } from '@/lib/auth/password';
import { normalizeEmail } from '@/lib/auth/builtin/email';
import { createSession } from '@/lib/auth/builtin/sessions';
import { assertLoginAllowed, clearLoginFailuresFrom, recordLoginFailure } from '@/lib/auth/builtin/throttle';
import type { BuiltinUser } from '@/lib/auth/builtin/user';
import type { Db } from '@/lib/prisma';

export const INVALID_CREDENTIALS = 'E-mail ou senha inválidos.';

// Verified against when the account does not exist (or has no password yet),
// so the response time does not tell which e-mails have accounts.
let dummyHash: Promise<string> | undefined;

async function burnVerifyTime(password: string): Promise<void> {
  dummyHash ??= hashPassword('concilia-dummy-password');
  await verifyPassword(password, await dummyHash);
}

export interface SignInInput {
  email: string;
  password: string;
  ip?: string | null;
  userAgent?: string | null;
}

export async function signIn(db: Db, input: SignInInput): Promise<{ user: BuiltinUser; session: Session; token: string }> {
  const email = normalizeEmail(input.email).slice(0, 254);
  const found = await db.user.findUnique({ where: { email } });
  await assertLoginAllowed(db, { email, ip: input.ip, userId: found?.id });

  const ok = found?.passwordHash ? await verifyPassword(input.password, found.passwordHash) : (await burnVerifyTime(input.password), false);
  if (!found || !ok) {
    await recordLoginFailure(db, { email, ip: input.ip });
    throw new ApiError('unauthenticated', INVALID_CREDENTIALS);
  }

  const { passwordHash, ...user } = found;
  if (passwordHash && needsRehash(passwordHash)) {
    await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(input.password) } });
  }
  await clearLoginFailuresFrom(db, email, input.ip);
  const { session, token } = await createSession(db, { userId: user.id, ip: input.ip, userAgent: input.userAgent });
  return { user, session, token };
}
