'use client';
import { PlugZap, RotateCcw } from 'lucide-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { ROLE_LABEL } from '@/components/permissions';
import { issuesByPath } from '@/components/settings/issues';
import { Badge, type Tone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardTitle } from '@/components/ui/card';
import { Field, Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { Skeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { useToast } from '@/components/ui/toast';
import type { Role } from '@/lib/api/roles';
import { formatDateTime } from '@/lib/format';
import type { SettingsDto, SettingsUpdate } from '@/lib/hooks/types';
import { useChangeRole, useJobs, useMembers, useRetryJob } from '@/lib/hooks/use-extra';
import { useSettings, useTestConnection, useUpdateSettings } from '@/lib/hooks/use-settings';

type Can = { edit: boolean; members: boolean; jobs: boolean; retry: boolean };

export function SettingsView({ can, role, selfId }: { can: Can; role: Role; selfId: string }) {
  const settings = useSettings();
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-semibold">Configurações</h1>
        {!can.edit && <p className="text-sm text-slate-600">Somente administradores podem alterar as configurações. Você está como {ROLE_LABEL[role]}.</p>}
      </div>
      <Tabs defaultValue="geral">
        <TabsList aria-label="Seções">
          <TabsTrigger value="geral">Geral</TabsTrigger>
          <TabsTrigger value="integracoes">Integrações</TabsTrigger>
          <TabsTrigger value="conciliacao">Conciliação</TabsTrigger>
          <TabsTrigger value="equipe">Equipe</TabsTrigger>
          {can.jobs && <TabsTrigger value="trabalhos">Trabalhos</TabsTrigger>}
        </TabsList>
        {settings.isPending ? (
          <Skeleton className="mt-4 h-64" />
        ) : settings.isError ? (
          <div className="mt-4"><ErrorState message={settings.error.message} onRetry={() => settings.refetch()} /></div>
        ) : (
          <>
            <TabsContent value="geral"><GeneralForm s={settings.data} editable={can.edit} /></TabsContent>
            <TabsContent value="integracoes"><IntegrationsForm s={settings.data} editable={can.edit} /></TabsContent>
            <TabsContent value="conciliacao"><MatchingForm s={settings.data} editable={can.edit} /></TabsContent>
          </>
        )}
        <TabsContent value="equipe"><Members canChange={can.members} selfId={selfId} /></TabsContent>
        {can.jobs && <TabsContent value="trabalhos"><Jobs canRetry={can.retry} /></TabsContent>}
      </Tabs>
    </div>
  );
}

/** One form that posts a partial update and shows the API's pt-BR errors next to the fields. */
function useSettingsForm() {
  const update = useUpdateSettings();
  const { show } = useToast();
  const [errors, setErrors] = useState<Record<string, string>>({});
  function save(body: SettingsUpdate) {
    setErrors({});
    update.mutate(body, {
      onSuccess: () => show({ title: 'Configurações salvas.', tone: 'success' }),
      onError: (e) => setErrors(issuesByPath(e)),
    });
  }
  return { save, errors, busy: update.isPending };
}

function FormCard({ title, children, onSubmit, editable, busy, rootError }: { title: string; children: ReactNode; onSubmit: (e: FormEvent<HTMLFormElement>) => void; editable: boolean; busy: boolean; rootError?: string }) {
  return (
    <Card>
      <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4" aria-label={title}>
        <CardTitle>{title}</CardTitle>
        <fieldset disabled={!editable} className="flex flex-col gap-4">{children}</fieldset>
        {rootError && <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">{rootError}</p>}
        {editable && (
          <div>
            <Button type="submit" disabled={busy}>{busy ? 'Salvando…' : 'Salvar'}</Button>
          </div>
        )}
      </form>
    </Card>
  );
}

function Check({ name, label, defaultChecked }: { name: string; label: string; defaultChecked: boolean }) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" name={name} defaultChecked={defaultChecked} className="h-4 w-4 accent-brand-700" />
      {label}
    </label>
  );
}

function GeneralForm({ s, editable }: { s: SettingsDto; editable: boolean }) {
  const { save, errors, busy } = useSettingsForm();
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    save({
      companyName: String(f.get('companyName') ?? ''),
      autoMarkPaidOnMatch: f.get('autoMarkPaidOnMatch') === 'on',
      notifications: { onSync: f.get('onSync') === 'on', onNewMatches: f.get('onNewMatches') === 'on', onSyncError: f.get('onSyncError') === 'on', onReconciled: f.get('onReconciled') === 'on' },
    });
  }
  return (
    <FormCard title="Escritório e avisos" onSubmit={submit} editable={editable} busy={busy} rootError={errors['(root)']}>
      <Field id="companyName" label="Nome do escritório" error={errors.companyName}>
        <Input id="companyName" name="companyName" defaultValue={s.companyName ?? ''} aria-invalid={Boolean(errors.companyName)} aria-describedby={errors.companyName ? 'companyName-error' : undefined} />
      </Field>
      <Check name="autoMarkPaidOnMatch" label="Marcar o recebível como pago no Advbox ao confirmar uma conciliação" defaultChecked={s.autoMarkPaidOnMatch} />
      <div className="flex flex-col gap-2">
        <p className="text-sm font-medium">Avisar quando</p>
        <Check name="onSync" label="uma sincronização terminar" defaultChecked={s.notifications.onSync} />
        <Check name="onNewMatches" label="houver novas sugestões de conciliação" defaultChecked={s.notifications.onNewMatches} />
        <Check name="onSyncError" label="uma sincronização falhar" defaultChecked={s.notifications.onSyncError} />
        <Check name="onReconciled" label="uma conciliação for confirmada" defaultChecked={s.notifications.onReconciled} />
      </div>
    </FormCard>
  );
}

function secretHint(st: { configured: boolean; last4: string | null }) {
  return st.configured ? (st.last4 ? `Configurado (termina em ${st.last4}). Deixe em branco para manter.` : 'Configurado. Deixe em branco para manter.') : 'Não configurado.';
}

function IntegrationsForm({ s, editable }: { s: SettingsDto; editable: boolean }) {
  const { save, errors, busy } = useSettingsForm();
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const body: SettingsUpdate = {};
    for (const k of ['pluggyClientId', 'pluggyClientSecret', 'advboxToken'] as const) {
      const v = String(f.get(k) ?? '').trim();
      if (v) body[k] = v;
    }
    save(body);
  }
  const secret = (name: 'pluggyClientId' | 'pluggyClientSecret' | 'advboxToken', label: string, st: { configured: boolean; last4: string | null }) => (
    <Field id={name} label={label} error={errors[name]} hint={secretHint(st)}>
      <Input id={name} name={name} type="password" autoComplete="off" aria-invalid={Boolean(errors[name])} aria-describedby={errors[name] ? `${name}-error` : `${name}-hint`} />
    </Field>
  );
  return (
    <div className="flex flex-col gap-4">
      <FormCard title="Credenciais (somente escrita)" onSubmit={submit} editable={editable} busy={busy} rootError={errors['(root)']}>
        {secret('pluggyClientId', 'Client ID do Pluggy', s.integrations.pluggy.clientId)}
        {secret('pluggyClientSecret', 'Client Secret do Pluggy', s.integrations.pluggy.clientSecret)}
        {secret('advboxToken', 'Token do Advbox', s.integrations.advbox.token)}
      </FormCard>
      {editable && (
        <div className="flex flex-wrap gap-2">
          <TestButton target="pluggy" label="Testar Pluggy" />
          <TestButton target="advbox" label="Testar Advbox" />
        </div>
      )}
    </div>
  );
}

function TestButton({ target, label }: { target: 'pluggy' | 'advbox'; label: string }) {
  const test = useTestConnection(target);
  const { show } = useToast();
  return (
    <Button
      variant="secondary"
      disabled={test.isPending}
      onClick={() =>
        test.mutate(undefined, {
          onSuccess: (r) => {
            const res = r as { ok: boolean; message: string };
            show({ title: res.message, tone: res.ok ? 'success' : 'error' });
          },
          onError: (e) => show({ title: e.message, tone: 'error' }),
        })
      }
    >
      <PlugZap className="h-4 w-4" aria-hidden /> {test.isPending ? 'Testando…' : label}
    </Button>
  );
}

const WEIGHTS = [
  ['document', 'CPF/CNPJ'],
  ['name', 'Nome'],
  ['contact', 'Contato'],
  ['amount', 'Valor'],
  ['date', 'Data'],
] as const;

function MatchingForm({ s, editable }: { s: SettingsDto; editable: boolean }) {
  const { save, errors, busy } = useSettingsForm();
  const [w, setW] = useState(s.weights);
  const sum = Object.values(w).reduce((a, b) => a + b, 0);
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    save({ weights: w, thresholds: { high: Number(f.get('high')), medium: Number(f.get('medium')) } });
  }
  return (
    <FormCard title="Pesos e limites da conciliação" onSubmit={submit} editable={editable} busy={busy} rootError={errors['(root)']}>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-5">
        {WEIGHTS.map(([k, label]) => (
          <Field key={k} id={`w-${k}`} label={`${label} (%)`} error={errors[`weights.${k}`]}>
            <Input id={`w-${k}`} type="number" inputMode="numeric" min={0} max={100} value={Number.isNaN(w[k]) ? '' : w[k]} onChange={(e) => setW({ ...w, [k]: e.target.valueAsNumber })} />
          </Field>
        ))}
      </div>
      <p className={sum === 100 ? 'text-sm text-slate-700' : 'text-sm font-medium text-amber-800'} aria-live="polite">
        Soma dos pesos: {Number.isNaN(sum) ? '—' : sum}% {sum === 100 ? '' : '(deve ser 100%)'}
      </p>
      {errors.weights && <p role="alert" className="text-sm text-red-700">{errors.weights}</p>}
      <div className="grid grid-cols-2 gap-3 sm:max-w-md">
        <Field id="high" label="Limite alto (automático, %)" error={errors['thresholds.high'] ?? errors.thresholds}>
          <Input id="high" name="high" type="number" inputMode="numeric" defaultValue={s.thresholds.high} aria-invalid={Boolean(errors['thresholds.high'])} />
        </Field>
        <Field id="medium" label="Limite médio (sugestão, %)" error={errors['thresholds.medium']}>
          <Input id="medium" name="medium" type="number" inputMode="numeric" defaultValue={s.thresholds.medium} aria-invalid={Boolean(errors['thresholds.medium'])} />
        </Field>
      </div>
    </FormCard>
  );
}

const ROLES: Role[] = ['VIEWER', 'MEMBER', 'ADMIN', 'OWNER'];

function Members({ canChange, selfId }: { canChange: boolean; selfId: string }) {
  const q = useMembers();
  const change = useChangeRole();
  const { show } = useToast();
  if (q.isPending) return <Skeleton className="h-40" />;
  if (q.isError) return <ErrorState message={q.error.message} onRetry={() => q.refetch()} />;
  return (
    <Table aria-label="Membros">
      <THead>
        <tr>
          <Th>Pessoa</Th>
          <Th>Papel</Th>
          <Th>Desde</Th>
        </tr>
      </THead>
      <TBody>
        {q.data.members.map((m) => (
          <Tr key={m.id}>
            <Td>
              <p className="font-medium">{m.name ?? m.email ?? 'Membro'}{m.userId === selfId && ' (você)'}</p>
              {m.name && m.email && <p className="text-xs text-slate-600">{m.email}</p>}
            </Td>
            <Td className="w-48">
              {canChange && m.userId !== selfId ? (
                <Select
                  label={`Papel de ${m.name ?? m.email ?? 'membro'}`}
                  value={m.role}
                  onChange={(role) =>
                    change.mutate(
                      { id: m.id, role },
                      { onSuccess: () => show({ title: 'Papel alterado.', tone: 'success' }), onError: (e) => show({ title: 'Não foi possível alterar.', description: e.message, tone: 'error' }) },
                    )
                  }
                  options={ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] }))}
                />
              ) : (
                ROLE_LABEL[m.role]
              )}
            </Td>
            <Td className="tabular whitespace-nowrap">{formatDateTime(m.createdAt)}</Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

const JOB_STATE: Record<string, { label: string; tone: Tone }> = {
  created: { label: 'Na fila', tone: 'neutral' },
  retry: { label: 'Vai tentar de novo', tone: 'warning' },
  active: { label: 'Em execução', tone: 'info' },
  completed: { label: 'Concluído', tone: 'success' },
  cancelled: { label: 'Cancelado', tone: 'neutral' },
  failed: { label: 'Falhou', tone: 'danger' },
};

function Jobs({ canRetry }: { canRetry: boolean }) {
  const q = useJobs();
  const retry = useRetryJob();
  const { show } = useToast();
  if (q.isPending) return <Skeleton className="h-40" />;
  if (q.isError) return <ErrorState message={q.error.message} onRetry={() => q.refetch()} />;
  if (!q.data.items.length) return <EmptyState title="Nenhum trabalho em segundo plano ainda." hint="Sincronizações e atualizações de indicadores aparecem aqui." />;
  return (
    <Table aria-label="Trabalhos em segundo plano">
      <THead>
        <tr>
          <Th>Trabalho</Th>
          <Th>Situação</Th>
          <Th>Tentativas</Th>
          <Th>Criado</Th>
          <Th><span className="sr-only">Ações</span></Th>
        </tr>
      </THead>
      <TBody>
        {q.data.items.map((j) => {
          const st = JOB_STATE[j.state] ?? { label: j.state, tone: 'neutral' as Tone };
          return (
            <Tr key={j.id}>
              <Td>
                <p className="font-mono text-xs">{j.type}</p>
                {j.lastError && <p className="text-xs text-red-800">{j.lastError}</p>}
              </Td>
              <Td><Badge tone={st.tone}>{st.label}</Badge></Td>
              <Td className="tabular">{j.attempts}/{j.maxAttempts}</Td>
              <Td className="tabular whitespace-nowrap">{formatDateTime(j.createdAt)}</Td>
              <Td>
                {canRetry && (j.state === 'failed' || j.state === 'cancelled') && (
                  <Button size="sm" variant="secondary" onClick={() => retry.mutate(j.id, { onSuccess: () => show({ title: 'Trabalho reenviado.', tone: 'success' }), onError: (e) => show({ title: e.message, tone: 'error' }) })}>
                    <RotateCcw className="h-4 w-4" aria-hidden /> Tentar de novo
                  </Button>
                )}
              </Td>
            </Tr>
          );
        })}
      </TBody>
    </Table>
  );
}
