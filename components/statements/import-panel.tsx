'use client';
// Statement import for the Contas page: pick or create a manual account,
// drop an OFX / CSV file, map the CSV columns when they were not recognised,
// check the preview (new vs existing rows, period, totals), confirm (the
// import runs as a job; the panel follows it and may be left), and the
// history with undo. Self-contained: the page only mounts <StatementImportPanel />.
import { useQueryClient } from '@tanstack/react-query';
import { FileUp, Undo2 } from 'lucide-react';
import { useCallback, useEffect, useId, useRef, useState, type DragEvent, type FormEvent, type ReactNode } from 'react';
import { Badge, type Tone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { Dialog, DialogClose, DialogContent, DialogTrigger } from '@/components/ui/dialog';
import { Field, Input } from '@/components/ui/input';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { useToast } from '@/components/ui/toast';
import { API_FETCH_INIT } from '@/lib/api-client';
import { formatBRL, formatCalendarDate, formatDateTime } from '@/lib/format';
import { apiRequest, ApiClientError } from '@/lib/hooks/fetcher';
import { queryKeys } from '@/lib/hooks/query-keys';
import type { ImportDto as ImportRow } from '@/lib/statements/imports';
import type { ManualAccountDto as ManualAccount } from '@/lib/statements/accounts';

interface CsvAnalysis {
  delimiter: string; decimal: ',' | '.'; dateFormat: string | null; headerIndex: number; header: string[] | null; columnCount: number;
  preview: { line: number; cells: string[] }[];
  suggested: Mapping | null;
}
interface Mapping {
  delimiter: string; decimal: ',' | '.'; dateFormat: string; headerIndex: number; date: number; description: number[];
  amount: number | null; credit: number | null; debit: number | null; balance: number | null; headerNames: string[] | null;
}
type Preview = { needsMapping: true; csv: CsvAnalysis; reason: string } | { needsMapping: false; import: ImportRow };

const day = (d: string | null) => (d ? formatCalendarDate(d) : '—');
const STATUS: Record<string, { label: string; tone: Tone }> = {
  PREVIEW: { label: 'Pré-visualização', tone: 'neutral' },
  QUEUED: { label: 'Na fila', tone: 'info' },
  RUNNING: { label: 'Importando', tone: 'info' },
  COMPLETED: { label: 'Importado', tone: 'success' },
  FAILED: { label: 'Falhou', tone: 'danger' },
  UNDONE: { label: 'Desfeito', tone: 'neutral' },
};
const DATE_FORMATS = ['DD/MM/YYYY', 'DD/MM/YY', 'YYYY-MM-DD', 'DD-MM-YYYY', 'DD.MM.YYYY', 'YYYYMMDD', 'MM/DD/YYYY'];
const SELECT = 'h-10 w-full rounded-md border border-slate-300 bg-white px-3 text-sm text-slate-900';

function messageOf(err: unknown): string {
  if (err instanceof ApiClientError) {
    const issues = (err.details as { issues?: { text?: string; message: string }[] } | undefined)?.issues;
    return issues?.length && issues.length > 1 ? `${err.message}\n${issues.map((i) => i.text ?? i.message).join('\n')}` : err.message;
  }
  return 'Não foi possível concluir. Verifique sua conexão e tente novamente.';
}

async function uploadFile(file: File, accountId: string, mapping: Mapping | null): Promise<Preview> {
  const form = new FormData();
  form.set('file', file);
  form.set('accountId', accountId);
  if (mapping) form.set('mapping', JSON.stringify(mapping));
  const res = await fetch('/api/statements/import', { ...API_FETCH_INIT, method: 'POST', body: form });
  const data = (await res.json().catch(() => null)) as { error?: { code: string; message: string; details?: unknown } } | Preview | null;
  if (!res.ok) {
    const e = (data as { error?: { code: string; message: string; details?: unknown } } | null)?.error;
    throw new ApiClientError(res.status, e?.code ?? 'http_error', e?.message ?? `Erro ${res.status}`, e?.details);
  }
  return data as Preview;
}

const accountLabel = (a: ManualAccount) => `${a.name} — ${a.bankName}${a.branch ? ` ag. ${a.branch}` : ''} c/c ${a.number}${a.linkedAccountId ? ' (conectada)' : ''}`;

export function StatementImportPanel({ accountId: initialAccount, canImport }: { accountId?: string; canImport: boolean }) {
  const [accounts, setAccounts] = useState<ManualAccount[] | null>(null);
  const [accountId, setAccountId] = useState(initialAccount ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [mapping, setMapping] = useState<Mapping | null>(null);
  const [history, setHistory] = useState<ImportRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [running, setRunning] = useState<ImportRow | null>(null);
  const [creating, setCreating] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const client = useQueryClient();
  const { show } = useToast();
  const ids = useId();

  // Bumped to re-read the lists after a change.
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  // Imported or undone rows change every bank listing; the sync_complete event does this too, this is for the tab that acted.
  const refreshBankData = useCallback(
    () => Promise.all(['accounts', 'transactions', 'kpis', 'reconciliation'].map((r) => client.invalidateQueries({ queryKey: queryKeys.root(r as 'accounts') }))),
    [client],
  );

  useEffect(() => {
    let live = true;
    apiRequest<{ accounts: ManualAccount[] }>('/api/bank-accounts')
      .then((r) => {
        if (!live) return;
        setAccounts(r.accounts);
        setAccountId((cur) => cur || r.accounts[0]?.id || '');
      })
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [version]);

  useEffect(() => {
    if (!accountId) return;
    let live = true;
    apiRequest<{ imports: ImportRow[] }>('/api/statements/imports', { query: { accountId, limit: 20 } })
      .then((r) => live && setHistory(r.imports))
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [accountId, version]);

  // Follows a confirmed import until its job settles (the person may leave; history shows the outcome).
  // One request at a time, slowing from 1 s to 5 s: overlapping polls answered out of order kept
  // restarting this loop and, with the reloads each settled answer caused, spent the person's whole
  // request budget (60 a minute) on this panel. A 429 is waited out as its Retry-After says.
  const runningId = running?.id ?? null;
  useEffect(() => {
    if (!runningId) return;
    let stopped = false;
    let delay = 1000;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      let wait = delay;
      try {
        const imp = await apiRequest<ImportRow>(`/api/statements/imports/${runningId}`);
        if (stopped) return;
        if (imp.status === 'COMPLETED' || imp.status === 'FAILED') {
          stopped = true;
          setRunning(null);
          setHistory((rows) => rows && rows.map((r) => (r.id === imp.id ? imp : r)));
          if (imp.status === 'FAILED') setError(imp.error ?? 'A importação falhou.');
          else show({ title: `${imp.insertedCount ?? imp.newCount} lançamentos importados.`, tone: 'success' });
          reload();
          void refreshBankData();
          return;
        }
        setRunning(imp);
      } catch (e) {
        if (stopped) return;
        const transient = e instanceof ApiClientError && (e.status === 0 || e.status === 429 || e.status >= 500);
        if (!transient) {
          stopped = true;
          setRunning(null);
          setError(messageOf(e));
          return;
        }
        wait = Math.max(delay, ((e as ApiClientError).retryAfterSeconds ?? 0) * 1000);
      }
      delay = Math.min(delay * 1.5, 5000);
      timer = setTimeout(() => void tick(), wait);
    };
    timer = setTimeout(() => void tick(), delay);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [runningId, reload, refreshBankData, show]);

  async function send(f: File, m: Mapping | null) {
    if (!accountId) return setError('Escolha ou cadastre a conta do extrato primeiro.');
    setBusy(true);
    setError(null);
    try {
      const p = await uploadFile(f, accountId, m);
      setPreview(p);
      if (p.needsMapping)
        setMapping(
          p.csv.suggested ?? { delimiter: p.csv.delimiter, decimal: p.csv.decimal, dateFormat: p.csv.dateFormat ?? 'DD/MM/YYYY', headerIndex: p.csv.headerIndex, date: 0, description: [1], amount: 2, credit: null, debit: null, balance: null, headerNames: p.csv.header },
        );
    } catch (e) {
      setPreview(null);
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  function pickFile(f: File | undefined) {
    if (!f) return;
    setFile(f);
    void send(f, null);
  }

  function onDrop(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    setDragging(false);
    pickFile(e.dataTransfer.files[0]);
  }

  async function confirm(imp: ImportRow) {
    setBusy(true);
    setError(null);
    try {
      await apiRequest(`/api/statements/imports/${imp.id}/confirm`, { method: 'POST', body: { saveMapping: true } });
      setPreview(null);
      setFile(null);
      setRunning({ ...imp, status: 'QUEUED' });
      reload();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  async function undo(id: string) {
    setError(null);
    try {
      const done = await apiRequest<ImportRow>(`/api/statements/imports/${id}/undo`, { method: 'POST', body: {} });
      // The answer is the undone import: shown at once, whatever the reload below meets.
      setHistory((rows) => rows && rows.map((r) => (r.id === done.id ? done : r)));
      show({ title: 'Importação desfeita.', tone: 'success' });
      reload();
      void refreshBankData();
    } catch (e) {
      setError(messageOf(e));
    }
  }

  async function createAccount(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const v = Object.fromEntries(new FormData(e.currentTarget).entries()) as Record<string, string>;
    setError(null);
    try {
      const acc = await apiRequest<ManualAccount>('/api/bank-accounts', {
        method: 'POST',
        body: { name: v.name, bankName: v.bankName, bankCode: v.bankCode || null, branch: v.branch || null, number: v.number },
      });
      setAccountId(acc.id);
      setCreating(false);
      show({ title: 'Conta cadastrada.', tone: 'success' });
      reload();
    } catch (err) {
      setError(messageOf(err));
    }
  }

  const columns = preview?.needsMapping ? Array.from({ length: preview.csv.columnCount }, (_, i) => preview.csv.header?.[i] || `Coluna ${i + 1}`) : [];
  const pick = (label: string, value: number | null, set: (n: number | null) => void, optional = true) => {
    const id = `${ids}-${label}`;
    return (
      <Field id={id} label={label}>
        <select id={id} className={SELECT} value={value ?? ''} onChange={(e) => set(e.target.value === '' ? null : Number(e.target.value))}>
          {optional && <option value="">—</option>}
          {columns.map((c, i) => (
            <option key={i} value={i}>
              {c}
            </option>
          ))}
        </select>
      </Field>
    );
  };

  return (
    <section aria-labelledby={`${ids}-title`} className="flex flex-col gap-3">
      <div>
        <h2 id={`${ids}-title`} className="text-lg font-semibold">
          Extratos importados (OFX ou CSV)
        </h2>
        <p className="text-sm text-slate-600">Para contas sem Open Finance: os lançamentos do arquivo entram nos totais e na conciliação como os sincronizados.</p>
      </div>
      <Card className="flex flex-col gap-4">
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
          <div className="min-w-0 flex-1">
            <Field id={`${ids}-account`} label="Conta do extrato">
              <select id={`${ids}-account`} className={SELECT} value={accountId} onChange={(e) => setAccountId(e.target.value)} disabled={!accounts}>
                {accounts?.length === 0 && <option value="">Nenhuma conta manual cadastrada</option>}
                {accounts?.map((a) => (
                  <option key={a.id} value={a.id}>
                    {accountLabel(a)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          {canImport && (
            <Button variant="secondary" onClick={() => setCreating((c) => !c)} aria-expanded={creating}>
              Cadastrar conta
            </Button>
          )}
        </div>

        {canImport && creating && (
          <form onSubmit={createAccount} aria-label="Cadastrar conta manual" className="grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-2 lg:grid-cols-5">
            <Field id={`${ids}-name`} label="Nome">
              <Input id={`${ids}-name`} name="name" required maxLength={120} placeholder="Conta da cooperativa" />
            </Field>
            <Field id={`${ids}-bank`} label="Banco">
              <Input id={`${ids}-bank`} name="bankName" required maxLength={120} placeholder="Sicoob" />
            </Field>
            <Field id={`${ids}-code`} label="Código do banco">
              <Input id={`${ids}-code`} name="bankCode" pattern="\d{3}" inputMode="numeric" placeholder="756" />
            </Field>
            <Field id={`${ids}-branch`} label="Agência">
              <Input id={`${ids}-branch`} name="branch" inputMode="numeric" />
            </Field>
            <Field id={`${ids}-number`} label="Conta">
              <Input id={`${ids}-number`} name="number" required placeholder="12345-6" />
            </Field>
            <div className="flex justify-end gap-2 sm:col-span-2 lg:col-span-5">
              <Button variant="ghost" onClick={() => setCreating(false)}>
                Cancelar
              </Button>
              <Button type="submit">Salvar conta</Button>
            </div>
          </form>
        )}

        {canImport && (
          <div
            role="button"
            tabIndex={0}
            aria-label="Enviar arquivo do extrato"
            aria-describedby={`${ids}-drop-hint`}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            onClick={() => inputRef.current?.click()}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                inputRef.current?.click();
              }
            }}
            className={cn(
              'flex cursor-pointer flex-col items-center gap-2 rounded-lg border-2 border-dashed px-4 py-8 text-center transition-colors',
              dragging ? 'border-brand-700 bg-brand-50' : 'border-slate-300 hover:border-brand-600 hover:bg-slate-50',
            )}
          >
            <FileUp className="h-7 w-7 text-slate-500" aria-hidden />
            <p className="font-medium text-slate-800">{busy ? 'Lendo o arquivo…' : file ? file.name : 'Arraste o arquivo do extrato aqui ou clique para escolher'}</p>
            <p id={`${ids}-drop-hint`} className="text-xs text-slate-600">
              OFX ou CSV do seu banco, até 5 MB. Nada é gravado antes da sua confirmação.
            </p>
            <input ref={inputRef} type="file" accept=".ofx,.qfx,.csv,.txt,text/csv" hidden data-testid="statement-file" onChange={(e) => { pickFile(e.target.files?.[0]); e.target.value = ''; }} />
          </div>
        )}

        {error && (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm whitespace-pre-line text-red-800">
            {error}
          </p>
        )}

        {preview?.needsMapping && mapping && file && (
          <div className="flex flex-col gap-3" aria-label="Colunas do CSV" role="group">
            <p className="text-sm text-slate-800">{preview.reason}</p>
            <Table aria-label="Primeiras linhas do arquivo">
              <THead>
                <tr>
                  {columns.map((c, i) => (
                    <Th key={i}>{c}</Th>
                  ))}
                </tr>
              </THead>
              <TBody>
                {preview.csv.preview.slice(0, 5).map((r) => (
                  <Tr key={r.line}>
                    {columns.map((_, i) => (
                      <Td key={i} className="whitespace-nowrap">{r.cells[i] ?? ''}</Td>
                    ))}
                  </Tr>
                ))}
              </TBody>
            </Table>
            <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-4">
              {pick('Data', mapping.date, (n) => setMapping({ ...mapping, date: n ?? 0 }), false)}
              {pick('Descrição', mapping.description[0] ?? null, (n) => setMapping({ ...mapping, description: [n ?? 0] }), false)}
              {pick('Valor', mapping.amount, (n) => setMapping({ ...mapping, amount: n }))}
              {pick('Crédito', mapping.credit, (n) => setMapping({ ...mapping, credit: n, amount: n === null ? mapping.amount : null }))}
              {pick('Débito', mapping.debit, (n) => setMapping({ ...mapping, debit: n, amount: n === null ? mapping.amount : null }))}
              {pick('Saldo', mapping.balance, (n) => setMapping({ ...mapping, balance: n }))}
              <Field id={`${ids}-datefmt`} label="Formato da data">
                <select id={`${ids}-datefmt`} className={SELECT} value={mapping.dateFormat} onChange={(e) => setMapping({ ...mapping, dateFormat: e.target.value })}>
                  {DATE_FORMATS.map((f) => (
                    <option key={f}>{f}</option>
                  ))}
                </select>
              </Field>
              <Field id={`${ids}-decimal`} label="Decimal">
                <select id={`${ids}-decimal`} className={SELECT} value={mapping.decimal} onChange={(e) => setMapping({ ...mapping, decimal: e.target.value as ',' | '.' })}>
                  <option value=",">vírgula (1.234,56)</option>
                  <option value=".">ponto (1,234.56)</option>
                </select>
              </Field>
            </div>
            <div className="flex justify-end gap-2">
              <Button variant="ghost" onClick={() => { setPreview(null); setFile(null); }}>
                Cancelar
              </Button>
              <Button disabled={busy} onClick={() => void send(file, mapping)}>
                Ver prévia
              </Button>
            </div>
          </div>
        )}

        {preview && !preview.needsMapping && <ImportPreview imp={preview.import} busy={busy} onConfirm={() => void confirm(preview.import)} onCancel={() => { setPreview(null); setFile(null); }} />}

        {running && (
          <div role="status" className="flex flex-col gap-2 rounded-md border border-sky-200 bg-sky-50 p-3 text-sm text-sky-900">
            <p>
              {running.status === 'RUNNING' ? 'Importando' : 'Na fila para importar'} {running.newCount} lançamentos de {running.fileName}… você pode sair desta página; o histórico mostra quando terminar.
            </p>
            {/* The job writes the file in one transaction: there is no partial count to show, only that it is under way. */}
            <div className="h-2 overflow-hidden rounded-full bg-sky-100" aria-hidden>
              <div className={cn('h-full rounded-full bg-brand-700', running.status === 'RUNNING' ? 'w-2/3 animate-pulse' : 'w-1/6')} />
            </div>
          </div>
        )}
      </Card>

      <h3 className="font-semibold">Histórico de importações</h3>
      {!accountId ? (
        <p className="text-sm text-slate-600">{canImport ? 'Cadastre a conta do extrato para começar.' : 'Nenhuma conta manual cadastrada.'}</p>
      ) : history === null ? (
        <p className="text-sm text-slate-600">Carregando…</p>
      ) : history.length === 0 ? (
        <p className="text-sm text-slate-600">Nenhuma importação nesta conta ainda{canImport ? '. Envie um arquivo OFX ou CSV do seu banco.' : '.'}</p>
      ) : (
        <Table aria-label="Histórico de importações">
          <THead>
            <tr>
              <Th>Arquivo</Th>
              <Th className="hidden sm:table-cell">Período</Th>
              <Th className="text-right">Lançamentos</Th>
              <Th>Situação</Th>
              {canImport && (
                <Th>
                  <span className="sr-only">Ações</span>
                </Th>
              )}
            </tr>
          </THead>
          <TBody>
            {history.map((h) => (
              <Tr key={h.id} data-testid="import-row">
                <Td>
                  <p className="max-w-56 truncate font-medium">{h.fileName}</p>
                  <p className="text-xs text-slate-600">{formatDateTime(h.createdAt)}</p>
                </Td>
                <Td className="tabular hidden whitespace-nowrap sm:table-cell">
                  {day(h.periodStart)} – {day(h.periodEnd)}
                </Td>
                <Td className="tabular text-right">
                  {h.insertedCount ?? h.newCount} de {h.rowCount}
                </Td>
                <Td>
                  <Badge tone={STATUS[h.status]?.tone ?? 'neutral'}>{STATUS[h.status]?.label ?? h.status}</Badge>
                </Td>
                {canImport && <Td className="text-right">{h.status === 'COMPLETED' && <UndoButton imp={h} onUndo={() => void undo(h.id)} />}</Td>}
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </section>
  );
}

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className="tabular font-semibold text-slate-900">{children}</dd>
    </div>
  );
}

function ImportPreview({ imp, busy, onConfirm, onCancel }: { imp: ImportRow; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  return (
    <div className="flex flex-col gap-3" data-testid="import-preview">
      <p className="text-sm text-slate-800">
        Prévia de <strong>{imp.fileName}</strong>: confira antes de importar.
      </p>
      <dl className="grid grid-cols-2 gap-3 rounded-md bg-slate-50 p-3 sm:grid-cols-5">
        <Stat label="Período">
          {day(imp.periodStart)} a {day(imp.periodEnd)}
        </Stat>
        <Stat label="Novos">{imp.newCount}</Stat>
        <Stat label="Já existentes">{imp.existingCount}</Stat>
        <Stat label="Créditos">
          <span className="text-credit">{formatBRL(imp.creditTotal)}</span>
        </Stat>
        <Stat label="Débitos">
          <span className="text-debit">{formatBRL(imp.debitTotal)}</span>
        </Stat>
      </dl>
      {imp.warnings.map((w) => (
        <p key={w} className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {w}
        </p>
      ))}
      <Table aria-label="Lançamentos do arquivo">
        <THead>
          <tr>
            <Th className="hidden sm:table-cell">Linha</Th>
            <Th className="hidden sm:table-cell">Data</Th>
            <Th>Descrição</Th>
            <Th className="text-right">Valor</Th>
            <Th className="hidden sm:table-cell">Situação</Th>
          </tr>
        </THead>
        <TBody>
          {imp.sample.map((r) => (
            <Tr key={r.line}>
              <Td className="tabular hidden text-slate-600 sm:table-cell">{r.line}</Td>
              <Td className="tabular hidden whitespace-nowrap sm:table-cell">{day(r.date)}</Td>
              <Td className="sm:min-w-40">
                {r.description}
                {/* Phones: date and status sit under the description, so the amount stays in view. */}
                <span className="tabular mt-0.5 block text-xs text-slate-600 sm:hidden">
                  {day(r.date)} · {r.isNew ? 'Novo' : 'Já existe'}
                </span>
              </Td>
              <Td className={cn('tabular text-right whitespace-nowrap', r.amount.startsWith('-') ? 'text-debit' : 'text-credit')}>{formatBRL(r.amount, { signed: true })}</Td>
              <Td className="hidden sm:table-cell">
                <Badge tone={r.isNew ? 'success' : 'neutral'}>{r.isNew ? 'Novo' : 'Já existe'}</Badge>
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      {imp.rowCount > imp.sample.length && <p className="text-xs text-slate-600">Mostrando as primeiras {imp.sample.length} de {imp.rowCount} linhas.</p>}
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="ghost" onClick={onCancel}>
          Cancelar
        </Button>
        <Button disabled={busy || imp.newCount === 0} onClick={onConfirm}>
          {imp.newCount === 0 ? 'Nada novo para importar' : `Importar ${imp.newCount} ${imp.newCount === 1 ? 'lançamento' : 'lançamentos'}`}
        </Button>
      </div>
    </div>
  );
}

function UndoButton({ imp, onUndo }: { imp: ImportRow; onUndo: () => void }) {
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm" aria-label={`Desfazer a importação de ${imp.fileName}`}>
          <Undo2 className="h-4 w-4" aria-hidden /> Desfazer
        </Button>
      </DialogTrigger>
      <DialogContent title="Desfazer esta importação?" description="Os lançamentos que ela trouxe saem das listas e dos totais. Lançamentos já conciliados impedem desfazer.">
        <div className="flex justify-end gap-2">
          <DialogClose asChild>
            <Button variant="secondary">Cancelar</Button>
          </DialogClose>
          <DialogClose asChild>
            <Button variant="danger" onClick={onUndo}>
              Desfazer importação
            </Button>
          </DialogClose>
        </div>
      </DialogContent>
    </Dialog>
  );
}
