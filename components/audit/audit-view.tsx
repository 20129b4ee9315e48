'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Search } from 'lucide-react';
import { useMemo, useState, type FormEvent } from 'react';
import { ACTION_LABEL, ENTITY_LABEL } from '@/components/audit/labels';
import { auditParams } from '@/components/audit/params';
import { Button } from '@/components/ui/button';
import { DateField } from '@/components/ui/date-field';
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
      <AuditFilters key={JSON.stringify({ ...params, cursor: undefined })} params={params} people={people} seesAll={seesAll} onApply={go} />
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
              <Button variant="secondary" size="sm" onClick={() => go({ ...params, cursor: undefined })}>
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

const SYSTEM = 'system';

/** Record type, person (ADMIN/OWNER only: others see just their own), action and São Paulo period. */
function AuditFilters({ params, people, seesAll, onApply }: { params: AuditParams; people: Record<string, string>; seesAll: boolean; onApply: (p: AuditParams) => void }) {
  const [entityType, setEntityType] = useState(params.entityType ?? ALL);
  const [actorId, setActorId] = useState(params.actorId ?? ALL);
  const [action, setAction] = useState(params.action ?? ALL);
  const pick = (v: string) => (v === ALL ? undefined : v);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const day = (k: string) => String(f.get(k) ?? '').trim() || undefined;
    onApply({ entityType: pick(entityType), actorId: seesAll ? pick(actorId) : undefined, action: pick(action), from: day('from'), to: day('to') });
  }

  const actions = Object.entries(ACTION_LABEL).sort(([, a], [, b]) => a.localeCompare(b, 'pt-BR'));
  const known = params.action && !(params.action in ACTION_LABEL) ? [{ value: params.action, label: params.action }] : [];
  return (
    <form onSubmit={submit} role="search" aria-label="Filtros da auditoria" className="grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-3 md:grid-cols-6">
      <div className="col-span-2 flex flex-col gap-1 md:col-span-1">
        <label htmlFor="a-type" className="text-xs font-medium text-slate-700">Tipo de registro</label>
        <Select id="a-type" label="Tipo de registro" value={entityType} onChange={setEntityType} options={[{ value: ALL, label: 'Todos' }, ...Object.entries(ENTITY_LABEL).map(([value, label]) => ({ value, label }))]} />
      </div>
      {seesAll && (
        <div className="col-span-2 flex flex-col gap-1 md:col-span-1">
          <label htmlFor="a-actor" className="text-xs font-medium text-slate-700">Pessoa</label>
          <Select
            id="a-actor"
            label="Pessoa"
            value={actorId}
            onChange={setActorId}
            options={[{ value: ALL, label: 'Todas' }, { value: SYSTEM, label: 'Sistema' }, ...Object.entries(people).map(([value, label]) => ({ value, label }))]}
          />
        </div>
      )}
      <div className="col-span-2 flex flex-col gap-1">
        <label htmlFor="a-action" className="text-xs font-medium text-slate-700">Ação</label>
        <Select id="a-action" label="Ação" value={action} onChange={setAction} options={[{ value: ALL, label: 'Todas' }, ...known, ...actions.map(([value, label]) => ({ value, label }))]} />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="a-from" className="text-xs font-medium text-slate-700">De</label>
        <DateField id="a-from" name="from" label="De" defaultValue={params.from} />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="a-to" className="text-xs font-medium text-slate-700">Até</label>
        <DateField id="a-to" name="to" label="Até" defaultValue={params.to} />
      </div>
      <div className={`col-span-2 flex items-end justify-end gap-2 ${seesAll ? 'md:col-span-6' : 'md:col-span-1'}`}>
        <Button type="button" variant="ghost" onClick={() => onApply({})}>Limpar</Button>
        <Button type="submit">
          <Search className="h-4 w-4" aria-hidden /> Filtrar
        </Button>
      </div>
    </form>
  );
}
