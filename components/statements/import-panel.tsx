'use client';
// Statement import for the Contas page: pick or create a manual account,
// drop an OFX / CSV file, map the CSV columns when they were not recognised,
// check the preview (new vs existing rows, period, totals), confirm (the
// import runs as a job; the panel follows it and may be left), and the
// history with undo. Self-contained: the page only mounts <StatementImportPanel />.
import { useCallback, useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { API_FETCH_INIT } from '@/lib/api-client';
import { apiRequest, ApiClientError } from '@/lib/hooks/fetcher';

interface ManualAccount { id: string; name: string; bankName: string; branch: string | null; number: string; linkedAccountId: string | null }
interface ImportRow {
  id: string; status: string; format: string; fileName: string; rowCount: number; newCount: number; existingCount: number; duplicateCount: number;
  creditTotal: string; debitTotal: string; periodStart: string | null; periodEnd: string | null; warnings: string[];
  sample: { line: number; date: string; amount: string; description: string; isNew: boolean }[];
  insertedCount: number | null; error: string | null; createdAt: string;
}
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

const BRL = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });
const money = (s: string) => BRL.format(Number(s));
const day = (d: string | null) => (d ? d.split('-').reverse().join('/') : '—');
const STATUS: Record<string, string> = { PREVIEW: 'Pré-visualização', QUEUED: 'Na fila', RUNNING: 'Importando', COMPLETED: 'Importado', FAILED: 'Falhou', UNDONE: 'Desfeito' };
const DATE_FORMATS = ['DD/MM/YYYY', 'DD/MM/YY', 'YYYY-MM-DD', 'DD-MM-YYYY', 'DD.MM.YYYY', 'YYYYMMDD', 'MM/DD/YYYY'];

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

export function StatementImportPanel({ accountId: initialAccount }: { accountId?: string }) {
  const [accounts, setAccounts] = useState<ManualAccount[]>([]);
  const [accountId, setAccountId] = useState(initialAccount ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [mapping, setMapping] = useState<Mapping | null>(null);
  const [history, setHistory] = useState<ImportRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [running, setRunning] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  // Bumped to re-read the lists after a change.
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);

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
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(async () => {
      try {
        const imp = await apiRequest<ImportRow>(`/api/statements/imports/${running}`);
        if (imp.status === 'COMPLETED' || imp.status === 'FAILED') {
          setRunning(null);
          if (imp.status === 'FAILED') setError(imp.error ?? 'A importação falhou.');
          reload();
        }
      } catch (e) {
        setRunning(null);
        setError(messageOf(e));
      }
    }, 1500);
    return () => clearInterval(timer);
  }, [running, reload]);

  async function send(f: File, m: Mapping | null) {
    if (!accountId) return setError('Escolha ou cadastre a conta do extrato primeiro.');
    setBusy(true);
    setError(null);
    try {
      const p = await uploadFile(f, accountId, m);
      setPreview(p);
      if (p.needsMapping) setMapping(p.csv.suggested ?? { delimiter: p.csv.delimiter, decimal: p.csv.decimal, dateFormat: p.csv.dateFormat ?? 'DD/MM/YYYY', headerIndex: p.csv.headerIndex, date: 0, description: [1], amount: 2, credit: null, debit: null, balance: null, headerNames: p.csv.header });
    } catch (e) {
      setPreview(null);
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  function onDrop(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    const f = e.dataTransfer.files[0];
    if (f) {
      setFile(f);
      void send(f, null);
    }
  }

  async function confirm(id: string) {
    setBusy(true);
    try {
      await apiRequest(`/api/statements/imports/${id}/confirm`, { method: 'POST', body: { saveMapping: true } });
      setPreview(null);
      setFile(null);
      setRunning(id);
      reload();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  async function undo(id: string) {
    if (!window.confirm('Desfazer esta importação? Os lançamentos que ela trouxe saem das listas e dos totais.')) return;
    try {
      await apiRequest(`/api/statements/imports/${id}/undo`, { method: 'POST', body: {} });
      reload();
    } catch (e) {
      setError(messageOf(e));
    }
  }

  async function createAccount(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const v = Object.fromEntries(new FormData(e.currentTarget).entries()) as Record<string, string>;
    try {
      const acc = await apiRequest<ManualAccount>('/api/bank-accounts', {
        method: 'POST',
        body: { name: v.name, bankName: v.bankName, bankCode: v.bankCode || null, branch: v.branch || null, number: v.number },
      });
      setAccountId(acc.id);
      reload();
    } catch (err) {
      setError(messageOf(err));
    }
  }

  const columns = preview?.needsMapping ? Array.from({ length: preview.csv.columnCount }, (_, i) => preview.csv.header?.[i] || `Coluna ${i + 1}`) : [];
  const pick = (label: string, value: number | null, set: (n: number | null) => void, optional = true) => (
    <label>
      {label}{' '}
      <select value={value ?? ''} onChange={(e) => set(e.target.value === '' ? null : Number(e.target.value))}>
        {optional && <option value="">—</option>}
        {columns.map((c, i) => <option key={i} value={i}>{c}</option>)}
      </select>
    </label>
  );

  return (
    <section aria-label="Importar extrato">
      <h2>Importar extrato (OFX ou CSV)</h2>
      <label>
        Conta{' '}
        <select value={accountId} onChange={(e) => setAccountId(e.target.value)}>
          {accounts.length === 0 && <option value="">Nenhuma conta manual</option>}
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>{`${a.name} — ${a.bankName}${a.branch ? ` ag. ${a.branch}` : ''} c/c ${a.number}${a.linkedAccountId ? ' (conectada)' : ''}`}</option>
          ))}
        </select>
      </label>
      <details>
        <summary>Cadastrar conta</summary>
        <form onSubmit={createAccount}>
          <label>Nome <input name="name" required maxLength={120} /></label>
          <label>Banco <input name="bankName" required maxLength={120} /></label>
          <label>Código (3 dígitos) <input name="bankCode" pattern="\d{3}" /></label>
          <label>Agência <input name="branch" /></label>
          <label>Conta <input name="number" required /></label>
          <button type="submit">Cadastrar</button>
        </form>
      </details>

      <div
        role="button"
        tabIndex={0}
        onDragOver={(e) => e.preventDefault()}
        onDrop={onDrop}
        onClick={() => inputRef.current?.click()}
        onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && inputRef.current?.click()}
        style={{ border: '2px dashed #999', padding: 24, textAlign: 'center', cursor: 'pointer' }}
      >
        {busy ? 'Lendo o arquivo…' : file ? file.name : 'Arraste o arquivo do extrato aqui ou clique para escolher (.ofx, .csv; até 5 MB)'}
        <input
          ref={inputRef}
          type="file"
          accept=".ofx,.qfx,.csv,.txt,text/csv"
          hidden
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) {
              setFile(f);
              void send(f, null);
            }
            e.target.value = '';
          }}
        />
      </div>

      {error && <p role="alert" style={{ whiteSpace: 'pre-line', color: '#a40000' }}>{error}</p>}

      {preview?.needsMapping && mapping && file && (
        <div>
          <p>{preview.reason}</p>
          <table>
            <thead><tr>{columns.map((c, i) => <th key={i} scope="col">{c}</th>)}</tr></thead>
            <tbody>{preview.csv.preview.slice(0, 5).map((r) => <tr key={r.line}>{columns.map((_, i) => <td key={i}>{r.cells[i] ?? ''}</td>)}</tr>)}</tbody>
          </table>
          {pick('Data', mapping.date, (n) => setMapping({ ...mapping, date: n ?? 0 }), false)}
          {pick('Descrição', mapping.description[0] ?? null, (n) => setMapping({ ...mapping, description: [n ?? 0] }), false)}
          {pick('Valor', mapping.amount, (n) => setMapping({ ...mapping, amount: n }))}
          {pick('Crédito', mapping.credit, (n) => setMapping({ ...mapping, credit: n, amount: n === null ? mapping.amount : null }))}
          {pick('Débito', mapping.debit, (n) => setMapping({ ...mapping, debit: n, amount: n === null ? mapping.amount : null }))}
          {pick('Saldo', mapping.balance, (n) => setMapping({ ...mapping, balance: n }))}
          <label>
            Formato da data{' '}
            <select value={mapping.dateFormat} onChange={(e) => setMapping({ ...mapping, dateFormat: e.target.value })}>
              {DATE_FORMATS.map((f) => <option key={f}>{f}</option>)}
            </select>
          </label>
          <label>
            Decimal{' '}
            <select value={mapping.decimal} onChange={(e) => setMapping({ ...mapping, decimal: e.target.value as ',' | '.' })}>
              <option value=",">vírgula (1.234,56)</option>
              <option value=".">ponto (1,234.56)</option>
            </select>
          </label>
          <button type="button" disabled={busy} onClick={() => void send(file, mapping)}>Ver prévia</button>
        </div>
      )}

      {preview && !preview.needsMapping && (
        <div>
          <p>
            <strong>{preview.import.fileName}</strong>: {preview.import.rowCount} lançamentos de {day(preview.import.periodStart)} a {day(preview.import.periodEnd)} —{' '}
            <strong>{preview.import.newCount} novos</strong>, {preview.import.existingCount} já existentes. Créditos {money(preview.import.creditTotal)}, débitos {money(preview.import.debitTotal)}.
          </p>
          {preview.import.warnings.map((w) => <p key={w}>⚠ {w}</p>)}
          <table>
            <thead><tr><th scope="col">Linha</th><th scope="col">Data</th><th scope="col">Descrição</th><th scope="col" style={{ textAlign: 'right' }}>Valor</th><th scope="col">Situação</th></tr></thead>
            <tbody>
              {preview.import.sample.map((r) => (
                <tr key={r.line}>
                  <td>{r.line}</td><td>{day(r.date)}</td><td>{r.description}</td>
                  <td style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>{money(r.amount)}</td>
                  <td>{r.isNew ? 'Novo' : 'Já existe'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" disabled={busy || preview.import.newCount === 0} onClick={() => void confirm(preview.import.id)}>
            Importar {preview.import.newCount} lançamentos
          </button>
          <button type="button" onClick={() => { setPreview(null); setFile(null); }}>Cancelar</button>
        </div>
      )}

      {running && <p role="status">Importando… você pode sair desta página; o histórico mostra quando terminar.</p>}

      <h3>Histórico de importações</h3>
      {history.length === 0 ? (
        <p>Nenhuma importação nesta conta ainda. Envie um arquivo OFX ou CSV do seu banco.</p>
      ) : (
        <table>
          <thead><tr><th scope="col">Arquivo</th><th scope="col">Período</th><th scope="col">Lançamentos</th><th scope="col">Situação</th><th scope="col" /></tr></thead>
          <tbody>
            {history.map((h) => (
              <tr key={h.id}>
                <td>{h.fileName}</td>
                <td>{day(h.periodStart)} – {day(h.periodEnd)}</td>
                <td>{h.insertedCount ?? h.newCount} de {h.rowCount}</td>
                <td>{STATUS[h.status] ?? h.status}</td>
                <td>{h.status === 'COMPLETED' && <button type="button" onClick={() => void undo(h.id)}>Desfazer</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
