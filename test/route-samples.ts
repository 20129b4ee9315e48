// One valid request per route, built from a firm's ids. The route matrices
// (isolation, roles, bad input) are generated from the route table; a route
// without a sample here fails them, so every new route gets covered.
import { randomBytes, randomUUID } from 'node:crypto';
import type { RouteKey } from '@/lib/api/route-table';
import type { FirmFixture } from '@/test/fixtures';

export interface Sample {
  params?: Record<string, string>;
  body?: Record<string, unknown>;
  query?: Record<string, string>;
}

const email = () => `pessoa-${randomBytes(4).toString('hex')}@teste.concilia.local`;

export const ROUTE_SAMPLES: Record<RouteKey, (f: FirmFixture) => Sample> = {
  'GET /api/health': () => ({}),
  'GET /api/ping': () => ({}),
  'GET /api/metrics': () => ({}),
  'GET /api/me': () => ({}),
  'PUT /api/me/tenant': (f) => ({ body: { tenantId: f.tenantId } }),
  'POST /api/tenants': () => ({ body: { name: `Escritório ${randomBytes(3).toString('hex')}` } }),
  'DELETE /api/tenants/current': (f) => ({ body: { confirmSlug: f.slug } }),
  'POST /api/auth/sign-up': () => ({ body: { email: email(), password: 'uma-senha-bem-longa-42', name: 'Pessoa Nova' } }),
  'POST /api/auth/sign-in': () => ({ body: { email: email(), password: 'senha-errada-123' } }),
  'POST /api/auth/sign-out': () => ({}),
  'POST /api/auth/reset-password': () => ({ body: { token: 'x'.repeat(43), password: 'outra-senha-longa-77' } }),
  'GET /api/settings': () => ({}),
  'POST /api/settings': () => ({ body: { companyName: 'Escritório Atualizado' } }),
  'POST /api/settings/test-pluggy': () => ({}),
  'POST /api/settings/test-advbox': () => ({}),
  'GET /api/members': () => ({}),
  'POST /api/members': () => ({ body: { email: email(), role: 'VIEWER' } }),
  'PATCH /api/members/[id]': (f) => ({ params: { id: f.users.VIEWER.tenantUserId }, body: { role: 'MEMBER' } }),
  'DELETE /api/members/[id]': (f) => ({ params: { id: f.users.VIEWER.tenantUserId } }),
  'POST /api/members/[id]/password-link': (f) => ({ params: { id: f.users.VIEWER.tenantUserId } }),
  'DELETE /api/invitations/[id]': (f) => ({ params: { id: f.invitationId } }),
  'POST /api/invitations/accept': () => ({ body: { token: 'x'.repeat(43) } }),
  'GET /api/notifications': () => ({ query: { limit: '10' } }),
  'PATCH /api/notifications/[id]': (f) => ({ params: { id: f.notificationIds[0]! }, body: { read: true } }),
  'POST /api/notifications/read-all': () => ({}),
  'GET /api/audit-logs': () => ({ query: { limit: '10' } }),
  'GET /api/pluggy/accounts': () => ({}),
  'PATCH /api/pluggy/accounts/[id]': (f) => ({ params: { id: f.accountId }, body: { displayName: 'Conta do Escritório' } }),
  'POST /api/pluggy/token': () => ({}),
  'GET /api/pluggy/items': () => ({}),
  'POST /api/pluggy/items': () => ({ body: { itemId: randomUUID() } }),
  'DELETE /api/pluggy/items/[id]': (f) => ({ params: { id: f.itemId } }),
  'POST /api/pluggy/items/[id]/refresh': (f) => ({ params: { id: f.itemId } }),
  'GET /api/pluggy/transactions': () => ({ query: { limit: '50' } }),
  'PATCH /api/pluggy/transactions/[id]': (f) => ({ params: { id: f.transactionIds[0]! }, body: { ignored: true } }),
  'GET /api/pluggy/transactions/export': () => ({ query: { type: 'CREDIT' } }),
  'GET /api/advbox/customers': () => ({ query: { q: 'silva', limit: '5' } }),
  'GET /api/reconciliation': () => ({ query: { status: 'suggested', limit: '20' } }),
  'GET /api/reconciliation/history': () => ({ query: { status: 'CONFIRMED' } }),
  'POST /api/reconciliation/confirm': (f) => ({ body: { transactionId: f.transactionIds[2]!, receivableIds: ['17800001'] } }),
  'POST /api/reconciliation/bulk-confirm': (f) => ({ body: { items: [{ transactionId: f.transactionIds[2]!, receivableIds: ['17800001'] }] } }),
  'POST /api/reconciliation/[id]/undo': (f) => ({ params: { id: f.reconciliationId }, body: { reason: 'teste' } }),
  'DELETE /api/reconciliation/[id]': (f) => ({ params: { id: f.reconciliationId } }),
  'POST /api/reconciliation/link': () => ({ body: { payerDocument: '111.444.777-35', customerId: 555 } }),
  'GET /api/reconciliation/mappings': () => ({ query: { limit: '20' } }),
  'DELETE /api/reconciliation/mappings/[id]': (f) => ({ params: { id: f.mappingId } }),
  'POST /api/reconciliation/reject': (f) => ({ body: { transactionId: f.transactionIds[2]!, customerId: '555' } }),
  'POST /api/reconciliation/preview': () => ({ body: { weights: { document: 40, name: 25, contact: 5, amount: 20, date: 10 }, thresholds: { high: 85, medium: 60 } } }),
  'GET /api/receivables': () => ({ query: { bucket: 'overdue', limit: '20' } }),
  'GET /api/kpis': () => ({ query: { month: '2026-10' } }),
  'GET /api/jobs': () => ({ query: { limit: '20' } }),
  'GET /api/jobs/[id]': (f) => ({ params: { id: f.jobId } }),
  'POST /api/jobs/[id]/retry': (f) => ({ params: { id: f.jobId }, body: {} }),
  'GET /api/events': () => ({}),
  // Statement import. The upload is multipart (its own tests send files);
  // the matrices' JSON bodies get a 415, which is what they check for.
  'GET /api/bank-accounts': () => ({}),
  'POST /api/bank-accounts': () => ({ body: { name: 'Conta Cooperativa', bankName: 'Sicoob', bankCode: '756', branch: '3001', number: `${randomBytes(3).readUIntBE(0, 3)}-1` } }),
  'POST /api/statements/import': (f) => ({ body: { accountId: f.accountId } }),
  'GET /api/statements/imports': () => ({ query: { limit: '10' } }),
  'GET /api/statements/imports/[id]': (f) => ({ params: { id: f.statementImportId } }),
  'POST /api/statements/imports/[id]/confirm': (f) => ({ params: { id: f.statementImportId }, body: { saveMapping: true } }),
  'POST /api/statements/imports/[id]/undo': (f) => ({ params: { id: f.statementImportId }, body: {} }),
  'POST /api/pluggy/sync': () => ({ body: { full: false } }),
  'GET /api/pluggy/sync': () => ({}),
  // The fixture's job is not a sync: its own firm gets a 404 too (the route checks the type).
  'GET /api/pluggy/sync/[jobId]': (f) => ({ params: { jobId: f.jobId } }),
  'GET /api/pluggy/webhooks': () => ({}),
  'POST /api/pluggy/webhooks/setup': () => ({ body: {} }),
  'DELETE /api/pluggy/webhooks/[id]': () => ({ params: { id: randomUUID() } }),
  'POST /api/webhooks/pluggy': () => ({ body: { event: 'item/updated', eventId: randomUUID(), itemId: randomUUID() } }),
};
