import { z } from 'zod';
import { json, publicRoute } from '@/lib/api/route';
import { resetPassword } from '@/lib/auth/builtin';

export const dynamic = 'force-dynamic';

const Body = z.strictObject({
  token: z.string().min(10).max(200),
  password: z.string().min(1, 'Informe a nova senha.').max(200),
});

export const POST = publicRoute('POST /api/auth/reset-password', { body: Body }, async ({ db, body }) => {
  await resetPassword(db, { token: body.token, newPassword: body.password });
  return json({ ok: true });
});
