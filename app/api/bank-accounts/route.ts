import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { createManualAccount, listManualAccounts } from '@/lib/statements/accounts';

export const dynamic = 'force-dynamic';

const Body = z.strictObject({
  name: z.string().trim().min(1, 'Informe um nome.').max(120, 'Máximo 120 caracteres.'),
  bankName: z.string().trim().min(1, 'Informe o banco.').max(120, 'Máximo 120 caracteres.'),
  bankCode: z.string().trim().regex(/^\d{3}$/, 'Use o código de 3 dígitos do banco (ex.: 341).').nullable().optional(),
  branch: z.string().trim().regex(/^\d{1,6}(-[\dxX])?$/, 'Agência inválida.').nullable().optional(),
  number: z.string().trim().regex(/^[\d.]{1,20}(-[\dxX]{1,2})?$/, 'Número de conta inválido (use dígitos e, se houver, "-" e o dígito).'),
});

export const GET = tenantRoute('GET /api/bank-accounts', {}, async ({ db, auth }) => listManualAccounts(db, auth.tenantId));

export const POST = tenantRoute('POST /api/bank-accounts', { body: Body }, async ({ db, auth, body, requestId }) =>
  Response.json(await createManualAccount(db, { tenantId: auth.tenantId, actorId: auth.userId, requestId, input: body }), { status: 201 }),
);
