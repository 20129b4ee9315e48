// Tenant roles in ascending order of power. VIEWER reads; MEMBER also syncs,
// confirms, links and ignores; ADMIN also changes settings, integrations,
// webhooks and members; OWNER also manages owners and deletes the tenant.
export const ROLES = ['VIEWER', 'MEMBER', 'ADMIN', 'OWNER'] as const;
export type Role = (typeof ROLES)[number];

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

export function hasRole(actual: Role, required: Role): boolean {
  return roleRank(actual) >= roleRank(required);
}
