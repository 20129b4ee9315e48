import { z } from 'zod';
import { tenantRoute } from '@/lib/api/route';
import { searchCustomers } from '@/lib/advbox/customers';

export const dynamic = 'force-dynamic';

// A first use crawls Advbox's customers while the person waits: bounded.
const PERSON_WAITING = { maxWaitMs: 20_000, timeoutMs: 20_000 };

const Query = z.strictObject({
  q: z.string().trim().max(100, 'Use no máximo 100 caracteres.').optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

/** The tenant's Advbox clients by name or CPF/CNPJ digits (the Link dialog's search). */
export const GET = tenantRoute('GET /api/advbox/customers', { query: Query }, async ({ db, auth, query }) =>
  searchCustomers(db, auth.tenantId, query, PERSON_WAITING),
);
