'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { ACTION_LABEL, ENTITY_LABEL } from '@/components/audit/labels';
import { auditParams } from '@/components/audit/params';
import { Button } from '@/components/ui/button';
import { ALL, Select } from '@/components/ui/select';
import { Skeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { formatDateTime } from '@/lib/format';
import type { AuditParams } from '@/lib/hooks/extra-keys';
import { useAuditLogs } from '@/lib/hooks/use-extra';

export function AuditView({ people, seesAll }: { people: Record<string, string>; seesAll: boolean }) {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const params = useMemo(() => auditParams(new URLSearchParams(search.toString())), [search]);
  const q = useAuditLogs(params);

  function go(p: AuditParams) {
    const qs = new URLSearchParams(Object.entries(p).filter(([, v]) => v) as [string, string][]).toString();
    router.push(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  }

  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-semibold">Auditoria</h1>
        <p className="text-sm text-slate-600">{seesAll ? 'Tudo o que foi feito no escritório, mais recente primeiro.' : 'As suas ações no escritório (administradores veem as de todos).'}</p>
      </div>
      <div className="flex max-w-xs flex-col gap-1 rounded-lg border border-slate-200 bg-white p-3">
        <label htmlFor="a-type" className="text-xs font-medium text-slate-700">Tipo de registro</label>
        <Select
          id="a-type"
          label="Tipo de registro"
          value={params.entityType ?? ALL}
          onChange={(v) => go({ entityType: v === ALL ? undefined : v })}
          options={[{ value: ALL, label: 'Todos' }, ...Object.entries(ENTITY_LABEL).map(([value, label]) => ({ value, label }))]}
        />
      </div>
      {q.isPending ? (
        <div className="flex flex-col gap-2">{[0, 1, 2, 3].map((i) => <Skeleton key={i} className="h-11" />)}</div>
      ) : q.isError ? (
        <ErrorState message={q.error.message} onRetry={() => q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <EmptyState title="Nenhum registro neste filtro." />
      ) : (
        <>
          <Table aria-label="Registros de auditoria">
            <THead>
              <tr>
                <Th>Quando</Th>
                <Th>Quem</Th>
                <Th>Ação</Th>
                <Th>Registro</Th>
              </tr>
            </THead>
            <TBody>
              {q.data.items.map((r) => (
                <Tr key={r.id}>
                  <Td className="tabular whitespace-nowrap">{formatDateTime(r.createdAt)}</Td>
                  <Td>{r.actorId ? (people[r.actorId] ?? 'Ex-membro') : 'Sistema'}</Td>
                  <Td>{ACTION_LABEL[r.action] ?? r.action}</Td>
                  <Td className="text-slate-700">{ENTITY_LABEL[r.entityType] ?? r.entityType}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
          <div className="flex justify-end gap-2">
            {params.cursor && (
              <Button variant="secondary" size="sm" onClick={() => go({ entityType: params.entityType })}>
                Mais recentes
              </Button>
            )}
            {q.data.nextCursor && (
              <Button variant="secondary" size="sm" onClick={() => go({ ...params, cursor: q.data.nextCursor ?? undefined })}>
                Mais antigos
              </Button>
            )}
          </div>
        </>
      )}
    </div>
  );
}
