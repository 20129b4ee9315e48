'use client';
// The Connect widget's part when the firm runs on the local Pluggy sandbox
// (the widget itself only loads from connect.pluggy.ai): pick a bank, log
// in, answer the bank's code when it asks, and hand the item to the same
// onSuccess the widget calls. The browser talks to the sandbox with the
// connect token only. A failed login is retried on the same item (new
// credentials, as Pluggy's widget does), so no broken item is left behind.
import { useQuery } from '@tanstack/react-query';
import { ChevronLeft, Loader2, Search } from 'lucide-react';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent } from '@/components/ui/dialog';
import { Field, Input } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { foldSearchText } from '@/lib/pluggy/search-text';
import { connectErrorMessage, connectRequestMessage } from './connect-errors';
import { ConnectRequestError, SandboxApi, type ConnectorCredential, type SandboxConnector, type SandboxItem } from './sandbox-api';

export interface SandboxConnectProps {
  apiUrl: string;
  connectToken: string;
  /** Update mode: the Pluggy item whose credentials are renewed. */
  updateItem: string | null;
  /** The widget's onSuccess: resolves once the connection is saved on our side. */
  onSuccess: (data: { item: { id: string } }) => Promise<unknown>;
  /** The widget's onError, for what ends the session (the token expired); a failed login is shown here, to retry. */
  onError: (error: { message: string }) => unknown;
  onClose: () => void;
}

type Step = { kind: 'connectors' } | { kind: 'credentials'; connector: SandboxConnector } | { kind: 'mfa'; connector: SandboxConnector; parameter: NonNullable<SandboxItem['parameter']> };

const FIELD_LABEL: Record<string, string> = { user: 'Usuário', password: 'Senha', token: 'Código de confirmação' };
const fieldLabel = (c: { name: string; label: string }) => FIELD_LABEL[c.name] ?? c.label;

function messageOf(err: unknown): string {
  return err instanceof ConnectRequestError ? connectRequestMessage(err.status) : connectRequestMessage(null);
}

export function SandboxConnectDialog({ apiUrl, connectToken, updateItem, onSuccess, onError, onClose }: SandboxConnectProps) {
  const api = useMemo(() => new SandboxApi(apiUrl, connectToken), [apiUrl, connectToken]);
  const [chosen, setStep] = useState<Step>({ kind: 'connectors' });
  const [itemId, setItemId] = useState<string | null>(updateItem);
  const [working, setWorking] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // What was typed in the fields that are not secret, so a retry after a failed login starts from it.
  const [typed, setTyped] = useState<Record<string, string>>({});
  // Closing the dialog stops the item polling. Made in the effect: React's development double mount runs a cleanup first.
  const aborter = useRef<AbortController | null>(null);
  useEffect(() => {
    const c = new AbortController();
    aborter.current = c;
    return () => c.abort();
  }, []);
  const signalOf = () => (aborter.current ??= new AbortController()).signal;

  // Update mode: the item's own bank, straight to its credentials.
  const existing = useQuery({
    queryKey: ['pluggy-connect', 'item', apiUrl, updateItem],
    queryFn: ({ signal }) => api.item(updateItem!, signal),
    enabled: !!updateItem,
    retry: false,
  });

  const step: Step = chosen.kind === 'connectors' && existing.data ? { kind: 'credentials', connector: existing.data.connector } : chosen;

  /** Follows the item until its login settles, then moves on as the outcome says. */
  async function follow(connector: SandboxConnector, started: Promise<SandboxItem>, doing: string) {
    const signal = signalOf();
    setError(null);
    setWorking(doing);
    try {
      const created = await started;
      setItemId(created.id);
      const item = await api.settle(created.id, signal);
      if (item.status === 'UPDATED') {
        setWorking('Salvando a conexão…');
        await onSuccess({ item });
        return;
      }
      if (item.status === 'WAITING_USER_INPUT' && item.parameter) {
        setStep({ kind: 'mfa', connector, parameter: item.parameter });
      } else {
        setError(connectErrorMessage(item.error));
        setStep({ kind: 'credentials', connector });
      }
    } catch (err) {
      if (signal.aborted) return;
      if (err instanceof ConnectRequestError && (err.status === 401 || err.status === 403)) {
        onError({ message: messageOf(err) });
        return onClose();
      }
      setError(err instanceof ConnectRequestError ? messageOf(err) : err instanceof Error ? err.message : messageOf(err));
    } finally {
      if (!signal.aborted) setWorking(null);
    }
  }

  function submitCredentials(connector: SandboxConnector, e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const parameters = Object.fromEntries(connector.credentials.map((c) => [c.name, String(form.get(c.name) ?? '')]));
    const missing = connector.credentials.find((c) => !parameters[c.name]?.trim());
    if (missing) return setError(`Informe ${fieldLabel(missing).toLowerCase()}.`);
    setTyped(Object.fromEntries(connector.credentials.filter((c) => c.type !== 'password').map((c) => [c.name, parameters[c.name]!])));
    const signal = signalOf();
    void follow(connector, itemId ? api.updateItem(itemId, parameters, signal) : api.createItem(connector.id, parameters, signal), `Conectando ao ${connector.name}…`);
  }

  function submitMfa(connector: SandboxConnector, parameter: NonNullable<SandboxItem['parameter']>, e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const value = String(new FormData(e.currentTarget).get(parameter.name) ?? '').trim();
    if (!value) return setError('Informe o código enviado pelo banco.');
    void follow(connector, api.sendMfa(itemId!, parameter.name, value, signalOf()), 'Verificando o código…');
  }

  const title = updateItem ? `Atualizar credenciais${existing.data ? ` — ${existing.data.connector.name}` : ''}` : 'Conectar banco';
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent title={title} description="Ambiente de demonstração: sandbox local do Pluggy, com bancos e dados fictícios.">
        <div className="flex flex-col gap-4" data-testid="sandbox-connect">
          {error && (
            <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
              {error}
            </p>
          )}
          {working ? (
            <p className="flex items-center gap-2 py-6 text-sm text-slate-700" role="status">
              <Loader2 className="h-4 w-4 animate-spin" aria-hidden /> {working}
            </p>
          ) : step.kind === 'connectors' ? (
            updateItem ? (
              existing.isError ? <p className="text-sm text-red-800">{messageOf(existing.error)}</p> : <Skeleton className="h-40" />
            ) : (
              <ConnectorList api={api} apiUrl={apiUrl} onPick={(connector) => (setError(null), setStep({ kind: 'credentials', connector }))} />
            )
          ) : step.kind === 'credentials' ? (
            <form aria-label={`Acesso ao ${step.connector.name}`} onSubmit={(e) => submitCredentials(step.connector, e)} className="flex flex-col gap-4" noValidate>
              <p className="text-sm text-slate-700">
                Informe o acesso ao internet banking do <strong className="font-semibold text-slate-900">{step.connector.name}</strong>. A senha vai direto ao Pluggy; o Concilia não a guarda.
              </p>
              {step.connector.credentials.map((c) => (
                <CredentialField key={c.name} credential={c} defaultValue={c.type === 'password' ? undefined : typed[c.name]} />
              ))}
              <SandboxLogins />
              <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-between">
                {!updateItem ? (
                  <Button variant="ghost" onClick={() => (setError(null), setItemId(null), setStep({ kind: 'connectors' }))}>
                    <ChevronLeft className="h-4 w-4" aria-hidden /> Escolher outro banco
                  </Button>
                ) : (
                  <span />
                )}
                <Button type="submit">{updateItem ? 'Atualizar credenciais' : 'Conectar'}</Button>
              </div>
            </form>
          ) : (
            <form aria-label="Código de confirmação" onSubmit={(e) => submitMfa(step.connector, step.parameter, e)} className="flex flex-col gap-4" noValidate>
              <p className="text-sm text-slate-700">O {step.connector.name} pediu um código de confirmação (token do aplicativo ou SMS).</p>
              <Field id="connect-mfa" label={fieldLabel(step.parameter)} hint="No sandbox, o código é 123456.">
                <Input id="connect-mfa" name={step.parameter.name} inputMode="numeric" autoComplete="one-time-code" autoFocus aria-describedby="connect-mfa-hint" />
              </Field>
              <div className="flex justify-end">
                <Button type="submit">Enviar código</Button>
              </div>
            </form>
          )}
        </div>
      </DialogContent>
    </Dialog>
  );
}

function ConnectorList({ api, apiUrl, onPick }: { api: SandboxApi; apiUrl: string; onPick: (c: SandboxConnector) => void }) {
  const [q, setQ] = useState('');
  const connectors = useQuery({ queryKey: ['pluggy-connect', 'connectors', apiUrl], queryFn: ({ signal }) => api.connectors(signal), retry: false, staleTime: Infinity });
  if (connectors.isPending) return <Skeleton className="h-48" />;
  if (connectors.isError) return <p className="text-sm text-red-800" role="alert">{messageOf(connectors.error)}</p>;
  const term = foldSearchText(q.trim());
  // Pluggy's own sandbox bank first: it is the one the test logins are documented for.
  const list = [...connectors.data].sort((a, b) => Number(!!b.isSandbox) - Number(!!a.isSandbox) || a.name.localeCompare(b.name, 'pt-BR')).filter((c) => foldSearchText(c.name).includes(term));
  return (
    <div className="flex flex-col gap-3">
      <div className="relative">
        <label htmlFor="connect-search" className="sr-only">
          Buscar banco
        </label>
        <Search className="pointer-events-none absolute top-1/2 left-3 h-4 w-4 -translate-y-1/2 text-slate-500" aria-hidden />
        <Input id="connect-search" type="search" placeholder="Buscar banco" value={q} onChange={(e) => setQ(e.target.value)} className="pl-9" />
      </div>
      {list.length === 0 ? (
        <p className="py-4 text-center text-sm text-slate-600">Nenhum banco com esse nome.</p>
      ) : (
        <ul aria-label="Bancos disponíveis" className="flex max-h-72 flex-col divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200">
          {list.map((c) => (
            <li key={c.id}>
              <button type="button" onClick={() => onPick(c)} className="flex w-full items-center gap-3 px-3 py-2.5 text-left text-sm hover:bg-slate-50 focus-visible:bg-slate-50">
                {/* The bank's colour as an accent only: white on a brand colour often fails AA contrast. */}
                <span
                  aria-hidden
                  className="flex h-8 w-8 shrink-0 items-center justify-center rounded-md border-l-4 bg-slate-100 text-xs font-semibold text-slate-800"
                  style={{ borderLeftColor: `#${/^[0-9a-f]{6}$/i.test(c.primaryColor ?? '') ? c.primaryColor : '64748b'}` }}
                >
                  {initials(c.name)}
                </span>
                <span className="min-w-0 flex-1 truncate font-medium text-slate-900">{c.name}</span>
                {c.isSandbox && <Badge tone="info">Teste</Badge>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter((w) => /^[A-Za-zÀ-ÿ0-9]/.test(w))
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

function CredentialField({ credential: c, defaultValue }: { credential: ConnectorCredential; defaultValue?: string }) {
  const id = `connect-${c.name}`;
  const secret = c.type === 'password';
  return (
    <Field id={id} label={fieldLabel(c)}>
      <Input id={id} name={c.name} type={secret ? 'password' : 'text'} defaultValue={defaultValue} autoComplete={secret ? 'current-password' : 'username'} autoCapitalize="none" spellCheck={false} />
    </Field>
  );
}

function SandboxLogins() {
  return (
    <div className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-xs text-slate-700">
      <p className="font-medium text-slate-800">Logins de teste do sandbox</p>
      <ul className="mt-1 list-disc space-y-0.5 pl-4">
        <li>
          <code className="font-mono">user-ok</code> / <code className="font-mono">password-ok</code>: conecta com sucesso
        </li>
        <li>
          <code className="font-mono">user-mfa</code> / <code className="font-mono">password-ok</code>: pede o código <code className="font-mono">123456</code>
        </li>
        <li>
          <code className="font-mono">user-locked</code>: conta bloqueada; outra senha: senha incorreta
        </li>
      </ul>
    </div>
  );
}
