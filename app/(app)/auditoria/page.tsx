import { AuditView } from '@/components/audit/audit-view';
import { auditParams } from '@/components/audit/params';
import { listAuditLogs } from '@/lib/audit/list-audit-logs';
import { extraKeys } from '@/lib/hooks/extra-keys';
import { listMembers } from '@/lib/members/members';
import { getPrisma } from '@/lib/prisma';
import { Hydrated, prefetch } from '@/lib/query-server';
import { pageSession } from '../session';

export const metadata = { title: 'Auditoria — Concilia' };

export default async function AuditoriaPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { tenantId, userId, role } = await pageSession();
  const params = auditParams(new URLSearchParams(Object.entries(await searchParams).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : []))));
  const db = getPrisma();
  const [members] = await Promise.all([
    listMembers(db, tenantId),
    prefetch(extraKeys.audit(params), () => listAuditLogs(db, { tenantId, userId, role, ...params, limit: 50 })),
  ]);
  const people = Object.fromEntries(members.map((m) => [m.userId, m.name ?? m.email ?? 'Membro']));
  return (
    <Hydrated>
      <AuditView people={people} seesAll={role === 'ADMIN' || role === 'OWNER'} />
    </Hydrated>
  );
}
