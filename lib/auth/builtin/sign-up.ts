import { conflict } from '@/lib/api/errors';
import { hashPassword } from '@/lib/auth/password';
import { isValidEmail, normalizeEmail } from '@/lib/auth/builtin/email';
import { PUBLIC_USER_SELECT, type BuiltinUser } from '@/lib/auth/builtin/user';
import { assertPasswordPolicy, invalidField } from '@/lib/auth/builtin/validation';
import type { Db } from '@/lib/prisma';

const EMAIL_TAKEN = 'Já existe uma conta com este e-mail.';

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'P2002';
}

/**
 * Creates an account. An e-mail that already has an account (even an invited
 * one without a password yet) is a conflict: invited people set their password
 * through their link, so nobody can claim an invitation by signing up first.
 */
export async function signUp(db: Db, input: { email: string; password: string; name: string }): Promise<BuiltinUser> {
  const email = normalizeEmail(input.email);
  if (!isValidEmail(email)) throw invalidField('email', 'E-mail inválido.');
  const name = input.name.trim();
  if (name.length === 0 || name.length > 120) throw invalidField('name', 'Informe seu nome (até 120 caracteres).');
  assertPasswordPolicy(input.password, { email, name });

  if (await db.user.findUnique({ where: { email }, select: { id: true } })) throw conflict(EMAIL_TAKEN);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.user.create({ data: { email, name, passwordHash }, select: PUBLIC_USER_SELECT });
  } catch (err) {
    // A concurrent sign-up with the same e-mail won the race.
    if (isUniqueViolation(err)) throw conflict(EMAIL_TAKEN);
    throw err;
  }
}
