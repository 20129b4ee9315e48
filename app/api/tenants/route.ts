import { z } from 'zod';
import { json, userRoute } from '@/lib/api/route';
import { createTenant } from '@/lib/tenants/create-tenant';
import { isValidSlug, SLUG_PATTERN } from '@/lib/tenants/slug';

export const dynamic = 'force-dynamic';

const Body = z.strictObject({
  name: z.string().trim().min(3, 'Informe o nome do escritório (mín. 3 caracteres).').max(120),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(SLUG_PATTERN, 'Use 3–48 letras minúsculas, números ou hífens.')
    .refine(isValidSlug, 'Este endereço não pode ser usado. Escolha outro.')
    .optional(),
});

export const POST = userRoute('POST /api/tenants', { body: Body }, async ({ db, identity, body, requestId }) => {
  const user = { id: identity.userId, email: identity.email, name: identity.name };
  const tenant = await createTenant(db, { name: body.name, slug: body.slug, user, requestId });
  return json({ tenant }, { status: 201 });
});
