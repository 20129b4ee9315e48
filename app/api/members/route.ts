import { z } from 'zod';
import { json, tenantRoute } from '@/lib/api/route';
import { ROLES } from '@/lib/api/roles';
import { inviteMember, listInvitations } from '@/lib/members/invitations';
import { listMembers } from '@/lib/members/members';

export const dynamic = 'force-dynamic';

export const GET = tenantRoute('GET /api/members', {}, async ({ db, auth }) => {
  const [members, invitations] = await Promise.all([listMembers(db, auth.tenantId), listInvitations(db, auth.tenantId)]);
  return { members, invitations };
});

const Body = z.strictObject({
  email: z.email('E-mail inválido.').max(254),
  name: z.string().trim().min(1).max(120).optional(),
  role: z.enum(ROLES),
  clerkUserId: z.string().regex(/^user_[A-Za-z0-9]{8,64}$/, 'ID de usuário do Clerk inválido.').optional(),
});

/** Invites by e-mail: 201 with the pending invitation and its link (shown once, never logged). */
export const POST = tenantRoute('POST /api/members', { body: Body }, async ({ db, auth, body, requestId }) => {
  const result = await inviteMember(db, { ...auth, requestId }, body);
  return json(result, { status: 201 });
});
