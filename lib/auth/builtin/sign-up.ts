import { conflict } from '@/lib/api/errors';
import { hashPassword } from '@/lib/auth/password';
import { isValidEmail, normalizeEmail } from '@/lib/auth/builtin/email';
import { PUBLIC_USER_SELECT, type BuiltinUser } from '@/lib/auth/builtin/user';
import { assertPasswordPolicy, invalidField } from '@/lib/auth/builtin/validation';
import type { Db } from '@/lib/prisma';

const EMAIL_TAKEN = 'Já existe uma conta com este e-mail. Entre com ela ou peça um link de nova senha.';

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'P2002';
}

/**
 * Creates an account; an e-mail that already has one is a 409.
 *
 * That answer tells whoever asks that the e-mail is registered, and that is
 * accepted knowingly: answering both cases alike would mean not signing a
 * new account in until it proves its mailbox, and without a mail transport
 * (none is configured on the embedded default) nobody could ever sign up.
 * What limits it: sign-up is counted per address (login-ip, 30/min) and per
 * address + e-mail (login), sign-in answers the same for unknown e-mails and
 * wrong passwords, and invitations no longer reveal anything. Revisit when a
 * mail transport exists (then: always "check your e-mail").
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
