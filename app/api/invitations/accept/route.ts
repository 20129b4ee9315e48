import { z } from 'zod';
import { userRoute } from '@/lib/api/route';
import { acceptInvitation } from '@/lib/members/invitations';

export const dynamic = 'force-dynamic';

const Body = z.strictObject({ token: z.string().min(10).max(200) });

/** The signed-in invitee accepts with the link's token. */
export const POST = userRoute('POST /api/invitations/accept', { body: Body }, async ({ db, identity, body, requestId }) =>
  acceptInvitation(db, body.token, identity, { requestId }),
);
