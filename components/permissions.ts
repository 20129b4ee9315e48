// What a role may do, read from the API's own route table, so a button is
// shown exactly when the route would accept the click.
import { hasRole, type Role } from '@/lib/api/roles';
import { ROUTE_TABLE, type RouteKey } from '@/lib/api/route-table';

export function can(role: Role, route: RouteKey): boolean {
  const access = ROUTE_TABLE[route].access;
  if (access === 'public' || access === 'authenticated') return true;
  return hasRole(role, access);
}

export const ROLE_LABEL: Record<Role, string> = { OWNER: 'Proprietário', ADMIN: 'Administrador', MEMBER: 'Membro', VIEWER: 'Leitor' };
