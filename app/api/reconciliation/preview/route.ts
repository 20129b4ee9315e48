import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { previewMatchSettings } from '@/lib/reconciliation/preview';
import { ThresholdsSchema, WeightsSchema } from '@/lib/settings/schema';

export const dynamic = 'force-dynamic';

const Body = z.strictObject({ weights: WeightsSchema, thresholds: ThresholdsSchema });

export const POST = tenantRoute('POST /api/reconciliation/preview', { body: Body }, async ({ db, auth, body }) =>
  previewMatchSettings(db, auth.tenantId, body),
);
