import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { ROLES } from '@/lib/api/roles';
import { changeMemberRole, removeMember } from '@/lib/members/members';

export const dynamic = 'force-dynamic';

const Params = z.strictObject({ id: z.uuid('Identificador inválido.') });

export const PATCH = tenantRoute(
  'PATCH /api/members/[id]',
  { params: Params, body: z.strictObject({ role: z.enum(ROLES) }) },
  async ({ db, auth, params, body, requestId }) => changeMemberRole(db, { ...auth, requestId }, params.id, body.role),
);

export const DELETE = tenantRoute('DELETE /api/members/[id]', { params: Params }, async ({ db, auth, params, requestId }) =>
  removeMember(db, { ...auth, requestId }, params.id),
);
