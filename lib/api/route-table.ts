// Every /api route and method with the minimum tenant role it needs and its
// rate-limit policy. The route wrapper enforces it; the isolation, role and
// bad-input test matrices are generated from it, and a test fails when a
// route file exports a method that is missing here.
import type { Role } from '@/lib/api/roles';
import type { RateLimitPolicyName } from '@/lib/rate-limit/policies';

export type { RateLimitPolicyName };
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteSpec {
  /** Minimum role; 'public' = no authentication; 'authenticated' = signed in, no tenant needed. */
  access: Role | 'public' | 'authenticated';
  rateLimit: RateLimitPolicyName;
  /** Whether the route touches tenant-owned data addressed by ids (isolation matrix). */
  tenantScoped: boolean;
  /**
   * Counted by the route wrapper rather than proxy.ts: for a response that
   * stays open (SSE), what the proxy adds to the request (the signed marker,
   * and Next's rewrite of every request header to carry it) would be held
   * for the whole life of the connection. Authentication and the limit are
   * the same, in the wrapper.
   */
  limitInWrapper?: true;
}

export const ROUTE_TABLE = {
  'GET /api/health': { access: 'public', rateLimit: 'public', tenantScoped: false },
  // Deliberately outside the wrapper: a constant answer with no I/O, the
  // framework's own floor in benchmarks and a liveness probe.
  'GET /api/ping': { access: 'public', rateLimit: 'public', tenantScoped: false },
  'GET /api/metrics': { access: 'public', rateLimit: 'public', tenantScoped: false },

  'GET /api/me': { access: 'authenticated', rateLimit: 'default', tenantScoped: false },
  'PUT /api/me/tenant': { access: 'authenticated', rateLimit: 'default', tenantScoped: false },
  'POST /api/tenants': { access: 'authenticated', rateLimit: 'default', tenantScoped: false },
  'DELETE /api/tenants/current': { access: 'OWNER', rateLimit: 'default', tenantScoped: true },

  // Each of these may hash a password: limited per IP and per IP + e-mail.
  'POST /api/auth/sign-up': { access: 'public', rateLimit: 'login', tenantScoped: false },
  'POST /api/auth/sign-in': { access: 'public', rateLimit: 'login', tenantScoped: false },
  'POST /api/auth/sign-out': { access: 'public', rateLimit: 'public', tenantScoped: false },
  'POST /api/auth/reset-password': { access: 'public', rateLimit: 'login', tenantScoped: false },

  'GET /api/settings': { access: 'VIEWER', rateLimit: 'default', tenantScoped: true },
  'POST /api/settings': { access: 'ADMIN', rateLimit: 'default', tenantScoped: true },
  'POST /api/settings/test-pluggy': { access: 'ADMIN', rateLimit: 'sync', tenantScoped: true },
  'POST /api/settings/test-advbox': { access: 'ADMIN', rateLimit: 'sync', tenantScoped: true },

  'GET /api/members': { access: 'VIEWER', rateLimit: 'default', tenantScoped: true },
  'POST /api/members': { access: 'ADMIN', rateLimit: 'default', tenantScoped: true },
  'PATCH /api/members/[id]': { access: 'ADMIN', rateLimit: 'default', tenantScoped: true },
  'DELETE /api/members/[id]': { access: 'ADMIN', rateLimit: 'default', tenantScoped: true },
  'POST /api/members/[id]/password-link': { access: 'ADMIN', rateLimit: 'default', tenantScoped: true },
  'DELETE /api/invitations/[id]': { access: 'ADMIN', rateLimit: 'default', tenantScoped: true },
  // The invitee, signed in, with the link's token (no tenant needed yet).
  'POST /api/invitations/accept': { access: 'authenticated', rateLimit: 'default', tenantScoped: false },

  'GET /api/notifications': { access: 'VIEWER', rateLimit: 'default', tenantScoped: true },
  'PATCH /api/notifications/[id]': { access: 'VIEWER', rateLimit: 'default', tenantScoped: true },
  'POST /api/notifications/read-all': { access: 'VIEWER', rateLimit: 'default', tenantScoped: true },

  'GET /api/audit-logs': { access: 'VIEWER', rateLimit: 'default', tenantScoped: true },

  'GET /api/pluggy/accounts': { access: 'VIEWER', rateLimit: 'default', tenantScoped: true },
  'PATCH /api/pluggy/accounts/[id]': { access: 'ADMIN', rateLimit: 'default', tenantScoped: true },
  // Connecting and disconnecting banks is integration management (ADMIN);
  // asking for a fresh update is syncing (MEMBER). Calls that reach Pluggy
  // use the stricter sync policy.
  'POST /api/pluggy/token': { access: 'ADMIN', rateLimit: 'sync', tenantScoped: true },
  'GET /api/pluggy/items': { access: 'VIEWER', rateLimit: 'default', tenantScoped: true },
  'POST /api/pluggy/items': { access: 'ADMIN', rateLimit: 'sync', tenantScoped: true },
  'DELETE /api/pluggy/items/[id]': { access: 'ADMIN', rateLimit: 'default', tenantScoped: true },
  'POST /api/pluggy/items/[id]/refresh': { access: 'MEMBER', rateLimit: 'sync', tenantScoped: true },
  'GET /api/pluggy/transactions': { access: 'VIEWER', rateLimit: 'default', tenantScoped: true },
  'PATCH /api/pluggy/transactions/[id]': { access: 'MEMBER', rateLimit: 'default', tenantScoped: true },
  // ui: CSV export of a transaction filter (the listing's read rights).
  'GET /api/pluggy/transactions/export': { access: 'VIEWER', rateLimit: 'default', tenantScoped: true },
  // Reconciliation (issue 11): reading for everyone; confirming, undoing,
  // linking and rejecting are finance work (MEMBER). Confirm and link reach
  // Advbox; its own budget (lib/advbox/client/budget) limits them there.
  'GET /api/advbox/customers': { access: 'VIEWER', rateLimit: 'default', tenantScoped: true },
  'GET /api/reconciliation': { access: 'VIEWER', rateLimit: 'default', tenantScoped: true },
  'GET /api/reconciliation/history': { access: 'VIEWER', rateLimit: 'default', tenantScoped: true },
  'POST /api/reconciliation/confirm': { access: 'MEMBER', rateLimit: 'default', tenantScoped: true },
  'POST /api/reconciliation/bulk-confirm': { access: 'MEMBER', rateLimit: 'bulk', tenantScoped: true },
  'POST /api/reconciliation/[id]/undo': { access: 'MEMBER', rateLimit: 'default', tenantScoped: true },
  'DELETE /api/reconciliation/[id]': { access: 'MEMBER', rateLimit: 'default', tenantScoped: true },
  'POST /api/reconciliation/link': { access: 'MEMBER', rateLimit: 'default', tenantScoped: true },
  'GET /api/reconciliation/mappings': { access: 'VIEWER', rateLimit: 'default', tenantScoped: true },
  'DELETE /api/reconciliation/mappings/[id]': { access: 'MEMBER', rateLimit: 'default', tenantScoped: true },
  'POST /api/reconciliation/reject': { access: 'MEMBER', rateLimit: 'default', tenantScoped: true },
  // Runs the engine twice over the tenant's inputs: the settings page's preview, for those who can save them.
  'POST /api/reconciliation/preview': { access: 'ADMIN', rateLimit: 'bulk', tenantScoped: false },
  // Cobranças: the open receivables to chase, with reminder hand-off links (reading only).
  'GET /api/receivables': { access: 'VIEWER', rateLimit: 'default', tenantScoped: true },
  'GET /api/kpis': { access: 'VIEWER', rateLimit: 'default', tenantScoped: true },

  // Background jobs of the tenant (lib/jobs). One job's state is for whoever
  // can start work (sync status wraps it); the list and re-running are admin tools.
  'GET /api/jobs': { access: 'ADMIN', rateLimit: 'default', tenantScoped: true },
  'GET /api/jobs/[id]': { access: 'MEMBER', rateLimit: 'default', tenantScoped: true },
  'POST /api/jobs/[id]/retry': { access: 'ADMIN', rateLimit: 'default', tenantScoped: true },
  // Statement import (lib/statements): manual bank accounts fed by OFX / CSV
  // files. Uploading, confirming and undoing change bank data (MEMBER, like
  // syncing); uploads use the bulk policy (each parses a file of up to 5 MB).
  'GET /api/bank-accounts': { access: 'VIEWER', rateLimit: 'default', tenantScoped: true },
  'POST /api/bank-accounts': { access: 'MEMBER', rateLimit: 'default', tenantScoped: true },
  'POST /api/statements/import': { access: 'MEMBER', rateLimit: 'bulk', tenantScoped: true },
  'GET /api/statements/imports': { access: 'VIEWER', rateLimit: 'default', tenantScoped: true },
  'GET /api/statements/imports/[id]': { access: 'VIEWER', rateLimit: 'default', tenantScoped: true },
  'POST /api/statements/imports/[id]/confirm': { access: 'MEMBER', rateLimit: 'default', tenantScoped: true },
  'POST /api/statements/imports/[id]/undo': { access: 'MEMBER', rateLimit: 'default', tenantScoped: true },

  // Server-Sent Events; the limit counts connections, not events.
  'GET /api/events': { access: 'VIEWER', rateLimit: 'events', tenantScoped: true, limitInWrapper: true },

  // Pluggy sync and webhooks (lib/pluggy/sync, lib/pluggy/webhooks). Syncing
  // is MEMBER work; registering webhooks is integration management (ADMIN).
  // Pluggy's deliveries carry no session: the route authenticates them by
  // the tenant's secret header, limited per source address.
  'POST /api/pluggy/sync': { access: 'MEMBER', rateLimit: 'sync', tenantScoped: true },
  // Whether a sync runs and when the banks last synced: the Painel shows it to everyone.
  'GET /api/pluggy/sync': { access: 'VIEWER', rateLimit: 'default', tenantScoped: true },
  'GET /api/pluggy/sync/[jobId]': { access: 'MEMBER', rateLimit: 'default', tenantScoped: true },
  'GET /api/pluggy/webhooks': { access: 'ADMIN', rateLimit: 'default', tenantScoped: true },
  'POST /api/pluggy/webhooks/setup': { access: 'ADMIN', rateLimit: 'sync', tenantScoped: true },
  'DELETE /api/pluggy/webhooks/[id]': { access: 'ADMIN', rateLimit: 'default', tenantScoped: true },
  'POST /api/webhooks/pluggy': { access: 'public', rateLimit: 'webhook', tenantScoped: false },
} as const satisfies Record<string, RouteSpec>;

export type RouteKey = keyof typeof ROUTE_TABLE;

export function routeSpec(key: RouteKey): RouteSpec {
  return ROUTE_TABLE[key];
}
