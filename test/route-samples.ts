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
  'GET /api/reconciliation': () => ({ query: { status: 'CONFIRMED' } }),
  'POST /api/reconciliation/[id]/undo': (f) => ({ params: { id: f.reconciliationId }, body: { reason: 'teste' } }),
  'GET /api/kpis': () => ({ query: { month: '2026-10' } }),
  'GET /api/jobs': () => ({ query: { limit: '20' } }),
  'GET /api/jobs/[id]': (f) => ({ params: { id: f.jobId } }),
  'POST /api/jobs/[id]/retry': (f) => ({ params: { id: f.jobId }, body: {} }),
  'GET /api/events': () => ({}),
};
