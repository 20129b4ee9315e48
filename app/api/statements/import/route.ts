import { tenantRoute } from '@/lib/api/route';
import { previewImport } from '@/lib/statements/imports';
import { readUpload } from '@/lib/statements/upload';

export const dynamic = 'force-dynamic';

// Multipart: the wrapper parses no body; readUpload caps and validates it.
export const POST = tenantRoute('POST /api/statements/import', {}, async ({ db, auth, request, requestId }) => {
  const upload = await readUpload(request);
  const result = await previewImport(db, { tenantId: auth.tenantId, actorId: auth.userId, requestId, ...upload });
  return Response.json(result, { status: result.needsMapping ? 200 : 201 });
});
