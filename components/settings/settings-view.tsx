'use client';
import { PlugZap, RotateCcw } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { ROLE_LABEL } from '@/components/permissions';
import { Check, FormCard, useSettingsForm } from '@/components/settings/form';
import { MatchingForm } from '@/components/settings/matching-form';
import { WebhooksCard } from '@/components/settings/webhooks-card';
import { Badge, type Tone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { Skeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { useToast } from '@/components/ui/toast';
import type { Role } from '@/lib/api/roles';
import { formatAmountInput, formatDateTime, parseBRLInput } from '@/lib/format';
import type { SettingsDto, SettingsUpdate } from '@/lib/hooks/types';
import { useChangeRole, useJobs, useMembers, useRetryJob } from '@/lib/hooks/use-extra';
import { useSettings, useTestConnection } from '@/lib/hooks/use-settings';

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

function GeneralForm({ s, editable }: { s: SettingsDto; editable: boolean }) {
  const { save, errors, busy } = useSettingsForm();
  const [capError, setCapError] = useState<string | null>(null);
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const cap = parseBRLInput(String(f.get('autoMatchCap') ?? ''));
    if (!cap || cap === '0.00') {
      setCapError('Informe um valor em reais maior que zero, por exemplo 10.000,00.');
      return;
    }
    setCapError(null);
    save({
      companyName: String(f.get('companyName') ?? ''),
      autoMarkPaidOnMatch: f.get('autoMarkPaidOnMatch') === 'on',
      autoMatchCap: cap,
      notifications: { onSync: f.get('onSync') === 'on', onNewMatches: f.get('onNewMatches') === 'on', onSyncError: f.get('onSyncError') === 'on', onReconciled: f.get('onReconciled') === 'on' },
    });
  }
  const capMessage = capError ?? errors.autoMatchCap;
  return (
    <FormCard title="Escritório e avisos" onSubmit={submit} editable={editable} busy={busy} rootError={errors['(root)']}>
      <Field id="companyName" label="Nome do escritório" error={errors.companyName}>
        <Input id="companyName" name="companyName" defaultValue={s.companyName ?? ''} aria-invalid={Boolean(errors.companyName)} aria-describedby={errors.companyName ? 'companyName-error' : undefined} />
      </Field>
      <div className="flex flex-col gap-3 rounded-md border border-slate-200 p-3">
        <Check name="autoMarkPaidOnMatch" label="Confirmar sozinho as conciliações automáticas e marcar o recebível como pago no Advbox" defaultChecked={s.autoMarkPaidOnMatch} />
        <div className="sm:max-w-xs">
          <Field id="autoMatchCap" label="Só até o valor de (R$)" error={capMessage} hint="Créditos acima deste valor ficam como sugestão para alguém confirmar.">
            <Input
              id="autoMatchCap"
              name="autoMatchCap"
              inputMode="decimal"
              defaultValue={formatAmountInput(s.autoMatchCap)}
              aria-invalid={Boolean(capMessage)}
              aria-describedby={capMessage ? 'autoMatchCap-error' : 'autoMatchCap-hint'}
            />
          </Field>
        </div>
      </div>
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
      {editable && <WebhooksCard />}
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
