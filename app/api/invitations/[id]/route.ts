import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { revokeInvitation } from '@/lib/members/invitations';

export const dynamic = 'force-dynamic';

const Params = z.strictObject({ id: z.uuid('Identificador inválido.') });

export const DELETE = tenantRoute('DELETE /api/invitations/[id]', { params: Params }, async ({ db, auth, params, requestId }) =>
  revokeInvitation(db, { ...auth, requestId }, params.id),
);
