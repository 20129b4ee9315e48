import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { issueMemberPasswordLink } from '@/lib/members/password-link';

export const dynamic = 'force-dynamic';

const Params = z.strictObject({ id: z.uuid('Identificador inválido.') });

/** A one-time password link for a member of this firm only (shown once, never logged). */
export const POST = tenantRoute('POST /api/members/[id]/password-link', { params: Params }, async ({ db, auth, params, requestId }) =>
  issueMemberPasswordLink(db, { ...auth, requestId }, params.id),
);
