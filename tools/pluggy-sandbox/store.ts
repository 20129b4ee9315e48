// The sandbox's state: API clients' items, their accounts and transactions,
// and the item life cycle (UPDATING → UPDATED, or the error a login leads
// to). Data comes from a firm dataset (dataset.ts); each item gets its own
// ids. Every change that Pluggy would announce goes to the event sink.
import { createHash, randomUUID } from 'node:crypto';
import { formatCnpj, formatCpf, onlyDigits } from '@/lib/documents';
import { bankName } from '@/lib/synthetic/book';
import { createRng, deriveSeed } from '@/lib/synthetic/rng';
import { findConnector, type SandboxConnector } from './connectors';
import { firmDataset, type FirmDataset, type FirmSpec, type RowTemplate } from './dataset';
import { badRequest, isDay } from './http';
import { Ledger, type Row } from './ledger';
import { loginOutcome, MFA_TOKEN, type ItemStatus, type LoginOutcome, type RegisteredLogin } from './logins';
import { transactionWireJson, type AccountState, type ItemState } from './wire';

export type TriggeredBy = 'CLIENT' | 'USER' | 'SYNC' | 'INTERNAL';

export interface ItemRecord extends ItemState {
  login: Record<string, string>;
  /** null → the sandbox's default firm. */
  firm: FirmSpec | null;
  dataset: FirmDataset | null;
  accountIds: string[];
  /** Rows that appear at the item's next successful update, per account id. */
  pending: Map<string, RowTemplate[]>;
  timer: NodeJS.Timeout | null;
  /** Settles the tracked promise of the scheduled update (also when it is cancelled). */
  timerDone: (() => void) | null;
  mfaPassed: boolean;
  /** Open receivables already paid through payOpenReceivables. */
  paidReceivables: Set<number>;
  triggeredBy: TriggeredBy;
}

export interface AccountRecord {
  state: AccountState;
  ledger: Ledger;
  anchorDate: string;
}

export type SandboxEvent =
  | { event: 'item/created' | 'item/updated' | 'item/deleted' | 'item/waiting_user_input' | 'item/waiting_user_action' | 'item/login_succeeded'; item: ItemRecord }
  | { event: 'item/error'; item: ItemRecord }
  | { event: 'transactions/created'; item: ItemRecord; accountId: string; createdAtFrom: number; count: number }
  | { event: 'transactions/updated' | 'transactions/deleted'; item: ItemRecord; accountId: string; transactionIds: string[] };

/** A transaction as the driving API takes it. */
export interface NewTransaction {
  /** YYYY-MM-DD. */
  date: string;
  /** Raw signed cents as the institution sends them (or `amount`). */
  amountCents?: number;
  amount?: number;
  /** Default: CREDIT when the amount is positive. */
  type?: 'CREDIT' | 'DEBIT';
  description: string;
  descriptionRaw?: string | null;
  status?: 'POSTED' | 'PENDING';
  category?: string | null;
  operationType?: string | null;
  paymentMethod?: string | null;
  /** Payer of a credit; `document` digits or formatted (CPF/CNPJ). */
  payer?: { name?: string; document?: string } | null;
  receiver?: { name?: string; document?: string } | null;
}

export interface StoreOptions {
  defaultFirm: FirmSpec;
  /** ms an update takes; null = stays UPDATING until completeUpdate(). */
  updateDelayMs: number | null;
  now: () => number;
  emit: (e: SandboxEvent) => void;
  /** Keeps the process aware of scheduled work (settled()). */
  track: (p: Promise<unknown>) => void;
}

function participant(p: { name?: string; document?: string } | null | undefined) {
  if (!p) return undefined;
  const out: { name?: string; documentNumber?: { type: 'CPF' | 'CNPJ'; value: string } } = {};
  if (p.name) out.name = p.name;
  if (p.document) {
    const d = onlyDigits(p.document);
    if (d.length === 11) out.documentNumber = { type: 'CPF', value: formatCpf(d) };
    else if (d.length === 14) out.documentNumber = { type: 'CNPJ', value: formatCnpj(d) };
    else throw badRequest('payer.document must have 11 (CPF) or 14 (CNPJ) digits');
  }
  return out;
}

/** Driving-API input → the row template the ledger stores. */
export function toTemplate(t: NewTransaction): RowTemplate {
  if (typeof t.date !== 'string' || !isDay(t.date)) throw badRequest('date must be YYYY-MM-DD');
  if (typeof t.description !== 'string' || !t.description) throw badRequest('description is required');
  const cents = t.amountCents ?? (typeof t.amount === 'number' ? Math.round(t.amount * 100) : NaN);
  if (!Number.isSafeInteger(cents) || cents === 0) throw badRequest('amountCents (or amount) must be a non-zero number of cents');
  const type = t.type ?? (cents > 0 ? 'CREDIT' : 'DEBIT');
  const method = t.paymentMethod ?? null;
  return {
    date: t.date,
    amountCents: cents,
    type,
    description: t.description,
    descriptionRaw: t.descriptionRaw ?? null,
    category: t.category ?? (method ? `Transfer - ${method}` : null),
    categoryId: null,
    operationType: t.operationType ?? method,
    providerCode: null,
    status: t.status ?? 'POSTED',
    paymentData:
      t.payer || t.receiver || method
        ? { payer: participant(t.payer), receiver: participant(t.receiver), paymentMethod: method ?? undefined, boletoMetadata: null }
        : null,
    creditCardMetadata: null,
    merchant: null,
  };
}

export class SandboxStore {
  readonly items = new Map<string, ItemRecord>();
  readonly accounts = new Map<string, AccountRecord>();
  readonly rows = new Map<string, Row>();
  readonly logins = new Map<string, RegisteredLogin>();
  private lastAt = 0;

  constructor(private readonly opts: StoreOptions) {}

  /** The firm an item gets unless its login or the driver names another. */
  get defaultFirm(): FirmSpec {
    return this.opts.defaultFirm;
  }

  /** Non-decreasing "now", so ingestion order and createdAt agree. */
  clock(): number {
    this.lastAt = Math.max(this.lastAt, this.opts.now());
    return this.lastAt;
  }

  item(clientId: string | null, id: string): ItemRecord | undefined {
    const it = this.items.get(id);
    return it && !it.deleted && (clientId === null || it.clientId === clientId) ? it : undefined;
  }

  account(clientId: string | null, id: string): AccountRecord | undefined {
    const a = this.accounts.get(id);
    if (!a) return undefined;
    return this.item(clientId, a.state.itemId) ? a : undefined;
  }

  createItem(
    clientId: string,
    connector: SandboxConnector,
    parameters: Record<string, string>,
    options: { clientUserId?: string | null; webhookUrl?: string | null; triggeredBy: TriggeredBy; id?: string },
  ): ItemRecord {
    const t = this.clock();
    if (options.id !== undefined && this.items.has(options.id)) throw new Error(`item ${options.id} exists`);
    const item: ItemRecord = {
      id: options.id ?? randomUUID(),
      clientId,
      connector,
      status: 'UPDATING',
      executionStatus: 'LOGIN_IN_PROGRESS',
      error: null,
      createdAt: t,
      updatedAt: t,
      lastUpdatedAt: null,
      webhookUrl: options.webhookUrl ?? null,
      clientUserId: options.clientUserId ?? null,
      consecutiveFailedLoginAttempts: 0,
      warnings: false,
      deleted: false,
      login: { ...parameters },
      firm: null,
      dataset: null,
      accountIds: [],
      pending: new Map(),
      timer: null,
      timerDone: null,
      mfaPassed: false,
      paidReceivables: new Set(),
      triggeredBy: options.triggeredBy,
    };
    this.items.set(item.id, item);
    this.schedule(item);
    return item;
  }

  /** PATCH /items/{id}: new credentials (optional) and a new update; a running update is left alone. */
  updateItem(item: ItemRecord, parameters: Record<string, string> | undefined, options: { clientUserId?: string; webhookUrl?: string; triggeredBy: TriggeredBy }): ItemRecord {
    if (parameters) {
      item.login = { ...item.login, ...parameters };
      item.mfaPassed = false;
    }
    if (options.clientUserId !== undefined) item.clientUserId = options.clientUserId;
    if (options.webhookUrl !== undefined) item.webhookUrl = options.webhookUrl;
    if (item.status !== 'UPDATING') {
      item.status = 'UPDATING';
      item.executionStatus = 'LOGIN_IN_PROGRESS';
      item.triggeredBy = options.triggeredBy;
      item.updatedAt = this.clock();
      this.schedule(item);
    }
    return item;
  }

  submitMfa(item: ItemRecord, token: unknown): ItemRecord {
    if (item.status !== 'WAITING_USER_INPUT') throw badRequest('Item is not waiting for user input');
    if (token !== MFA_TOKEN) {
      this.fail(item, { kind: 'error', status: 'LOGIN_ERROR', code: 'INVALID_CREDENTIALS_MFA', message: 'Invalid MFA token' });
      return item;
    }
    item.mfaPassed = true;
    item.status = 'UPDATING';
    item.executionStatus = 'LOGIN_MFA_IN_PROGRESS';
    item.updatedAt = this.clock();
    this.schedule(item);
    return item;
  }

  deleteItem(item: ItemRecord): void {
    this.cancelTimer(item);
    item.deleted = true;
    for (const id of item.accountIds) {
      const a = this.accounts.get(id);
      if (a) for (const r of a.ledger.byDate) this.rows.delete(r.id);
      this.accounts.delete(id);
    }
    item.accountIds = [];
    this.opts.emit({ event: 'item/deleted', item });
  }

  private schedule(item: ItemRecord): void {
    this.cancelTimer(item);
    if (this.opts.updateDelayMs === null) return;
    const delay = this.opts.updateDelayMs;
    this.opts.track(
      new Promise<void>((resolve) => {
        item.timerDone = resolve;
        item.timer = setTimeout(() => {
          item.timer = null;
          item.timerDone = null;
          if (!item.deleted && item.status === 'UPDATING') this.completeUpdate(item);
          resolve();
        }, delay);
      }),
    );
  }

  cancelTimer(item: ItemRecord): void {
    if (item.timer) clearTimeout(item.timer);
    item.timer = null;
    item.timerDone?.();
    item.timerDone = null;
  }

  /** Ends the running update with what the item's login leads to. */
  completeUpdate(item: ItemRecord): void {
    if (item.status !== 'UPDATING') throw badRequest(`Item ${item.id} is not updating`);
    this.cancelTimer(item);
    let outcome: LoginOutcome = loginOutcome(item.login.user, item.login.password, this.logins);
    if (outcome.kind === 'mfa' && item.mfaPassed) outcome = { kind: 'success', firm: outcome.firm, executionStatus: 'SUCCESS' };
    if (outcome.kind === 'error') return this.fail(item, outcome);
    if (outcome.kind === 'mfa') {
      item.status = 'WAITING_USER_INPUT';
      item.executionStatus = 'WAITING_USER_INPUT';
      item.updatedAt = this.clock();
      this.opts.emit({ event: 'item/waiting_user_input', item });
      return;
    }
    if (outcome.firm && !item.firm) item.firm = outcome.firm;
    const first = item.lastUpdatedAt === null;
    const t = this.clock();
    if (!item.dataset) this.materialize(item, t);
    item.status = 'UPDATED';
    item.executionStatus = outcome.executionStatus;
    item.warnings = outcome.executionStatus === 'PARTIAL_SUCCESS';
    item.error = null;
    item.consecutiveFailedLoginAttempts = 0;
    item.lastUpdatedAt = t;
    item.updatedAt = t;
    const created: { accountId: string; at: number; count: number }[] = [];
    for (const [accountId, templates] of item.pending) {
      const a = this.accounts.get(accountId);
      if (!a || templates.length === 0) continue;
      const at = this.clock();
      for (const tpl of templates) this.insertRow(a, tpl, at);
      a.ledger.recomputeBalances();
      created.push({ accountId, at, count: templates.length });
    }
    item.pending.clear();
    this.opts.emit({ event: first ? 'item/created' : 'item/updated', item });
    for (const c of created) this.opts.emit({ event: 'transactions/created', item, accountId: c.accountId, createdAtFrom: c.at, count: c.count });
  }

  private fail(item: ItemRecord, outcome: Extract<LoginOutcome, { kind: 'error' }>): void {
    item.status = outcome.status;
    item.executionStatus = outcome.code;
    item.error = { code: outcome.code, message: outcome.message, ...(outcome.providerMessage ? { providerMessage: outcome.providerMessage } : {}) };
    if (outcome.status === 'LOGIN_ERROR') item.consecutiveFailedLoginAttempts++;
    item.updatedAt = this.clock();
    this.opts.emit({ event: outcome.status === 'WAITING_USER_ACTION' ? 'item/waiting_user_action' : 'item/error', item });
  }

  /** Forces a status, as when the institution starts asking for something. */
  setStatus(item: ItemRecord, status: ItemStatus, error?: { code: string; message?: string }, notify = true): ItemRecord {
    this.cancelTimer(item);
    item.status = status;
    item.updatedAt = this.clock();
    if (status === 'LOGIN_ERROR' || status === 'OUTDATED' || status === 'WAITING_USER_ACTION') {
      const code = error?.code ?? (status === 'LOGIN_ERROR' ? 'INVALID_CREDENTIALS' : status === 'OUTDATED' ? 'SITE_NOT_AVAILABLE' : 'ACCOUNT_NEEDS_ACTION');
      item.error = { code, message: error?.message ?? code.toLowerCase().replaceAll('_', ' ') };
      item.executionStatus = code;
      if (status === 'LOGIN_ERROR') item.consecutiveFailedLoginAttempts++;
    } else {
      item.error = null;
      item.executionStatus = status === 'WAITING_USER_INPUT' ? 'WAITING_USER_INPUT' : status === 'UPDATED' ? 'SUCCESS' : 'LOGIN_IN_PROGRESS';
      if (status === 'UPDATED') item.lastUpdatedAt = item.updatedAt;
    }
    if (notify) {
      const event =
        status === 'WAITING_USER_INPUT'
          ? 'item/waiting_user_input'
          : status === 'WAITING_USER_ACTION'
            ? 'item/waiting_user_action'
            : status === 'UPDATED'
              ? 'item/updated'
              : status === 'LOGIN_ERROR' || status === 'OUTDATED'
                ? 'item/error'
                : null;
      if (event) this.opts.emit({ event, item } as SandboxEvent);
    }
    if (status === 'UPDATING') this.schedule(item);
    return item;
  }

  /** Replaces the item's data with another firm's (new account and transaction ids). */
  setFirm(item: ItemRecord, spec: FirmSpec): void {
    for (const id of item.accountIds) {
      const a = this.accounts.get(id);
      if (a) for (const r of a.ledger.byDate) this.rows.delete(r.id);
      this.accounts.delete(id);
    }
    item.accountIds = [];
    item.firm = spec;
    item.dataset = null;
    item.paidReceivables.clear();
    if (item.lastUpdatedAt !== null) this.materialize(item, this.clock());
  }

  private materialize(item: ItemRecord, at: number): void {
    const ds = firmDataset(item.firm ?? this.opts.defaultFirm);
    item.dataset = ds;
    // Account and row ids follow from (item id, firm): an item re-created
    // under its id with the same firm (restoreItem, after a restart
    // emptied this in-memory store) lists the very ids it listed before.
    const base = `${item.id}/${JSON.stringify(ds.spec)}`;
    ds.accounts.forEach((tpl, i) => {
      const id = stableUuid(`${base}/account/${i}`);
      const ledger = new Ledger(id, tpl.type === 'BANK' ? tpl.openingBalanceCents : null);
      let n = 0;
      ledger.load(tpl.rows, () => stableUuid(`${id}/row/${n++}`), at);
      // Each row's wire JSON is made with the data, as a real API has its
      // rows at hand when asked: serialising them page by page was most of
      // a page's cost, taken from the cores a sync on this machine runs on.
      for (const r of ledger.byDate) {
        this.rows.set(r.id, r);
        transactionWireJson(r);
      }
      const state: AccountState = {
        id,
        itemId: item.id,
        type: tpl.type,
        subtype: tpl.subtype,
        name: tpl.name,
        number: tpl.number,
        owner: ds.firm.name,
        taxNumber: formatCnpj(ds.firm.cnpj),
        marketingName: `${item.connector.name} - ${tpl.type === 'BANK' ? 'Conta Empresarial' : 'Cartão Empresarial'}`,
        creditLimitCents: tpl.creditLimitCents,
        brand: tpl.brand,
        level: tpl.level,
        createdAt: at,
        updatedAt: at,
      };
      this.accounts.set(id, { state, ledger, anchorDate: ds.spec.anchorDate });
      item.accountIds.push(id);
    });
  }

  private insertRow(a: AccountRecord, tpl: RowTemplate, at: number): Row {
    const row = a.ledger.insert(tpl, randomUUID(), at);
    this.rows.set(row.id, row);
    a.state.updatedAt = at;
    return row;
  }

  /** New rows on an account, ingested now (or held until the item's next update). */
  addTransactions(a: AccountRecord, inputs: readonly NewTransaction[], { atNextUpdate = false, notify = true } = {}): Row[] {
    const templates = inputs.map(toTemplate);
    const item = this.items.get(a.state.itemId)!;
    if (atNextUpdate) {
      const list = item.pending.get(a.state.id) ?? [];
      list.push(...templates);
      item.pending.set(a.state.id, list);
      return [];
    }
    const at = this.clock();
    const rows = templates.map((t) => this.insertRow(a, t, at));
    a.ledger.recomputeBalances();
    if (notify && rows.length) this.opts.emit({ event: 'transactions/created', item, accountId: a.state.id, createdAtFrom: at, count: rows.length });
    return rows;
  }

  updateTransactions(updates: readonly ({ id: string } & Partial<NewTransaction>)[], { notify = true } = {}): Row[] {
    const at = this.clock();
    const changed: Row[] = [];
    for (const u of updates) {
      const row = this.rows.get(u.id);
      if (!row) throw badRequest(`Transaction ${u.id} not found`);
      const a = this.accounts.get(row.accountId)!;
      const merged = toTemplate({
        date: u.date ?? row.date,
        amountCents: u.amountCents ?? (u.amount !== undefined ? Math.round(u.amount * 100) : row.amountCents),
        type: u.type ?? row.type,
        description: u.description ?? row.description,
        status: u.status ?? row.status,
      });
      const patch: Partial<RowTemplate> = { date: merged.date, amountCents: merged.amountCents, type: merged.type, description: merged.description, status: merged.status };
      if (u.descriptionRaw !== undefined) patch.descriptionRaw = u.descriptionRaw;
      if (u.category !== undefined) patch.category = u.category;
      if (u.payer !== undefined || u.paymentMethod !== undefined) {
        const pd = toTemplate({ date: merged.date, amountCents: merged.amountCents, description: 'x', payer: u.payer ?? undefined, paymentMethod: u.paymentMethod ?? row.paymentData?.paymentMethod ?? null }).paymentData;
        patch.paymentData = pd ? { ...row.paymentData, ...pd, receiver: row.paymentData?.receiver ?? pd.receiver } : null;
      }
      a.ledger.update(row, patch, at);
      a.ledger.recomputeBalances();
      changed.push(row);
    }
    if (notify) this.announce('transactions/updated', changed.map((r) => [r.accountId, r.id]));
    return changed;
  }

  deleteTransactions(ids: readonly string[], { notify = true } = {}): number {
    const gone: [string, string][] = [];
    for (const id of ids) {
      const row = this.rows.get(id);
      if (!row) continue;
      const a = this.accounts.get(row.accountId)!;
      a.ledger.remove(row);
      a.ledger.recomputeBalances();
      this.rows.delete(id);
      gone.push([row.accountId, id]);
    }
    if (notify) this.announce('transactions/deleted', gone);
    return gone.length;
  }

  private announce(event: 'transactions/updated' | 'transactions/deleted', pairs: [string, string][]): void {
    const byAccount = new Map<string, string[]>();
    for (const [acc, id] of pairs) byAccount.set(acc, [...(byAccount.get(acc) ?? []), id]);
    for (const [accountId, transactionIds] of byAccount) {
      const a = this.accounts.get(accountId);
      const item = a ? this.items.get(a.state.itemId) : undefined;
      if (item) this.opts.emit({ event, item, accountId, transactionIds });
    }
  }

  /**
   * Credits paying the firm's oldest open receivables nobody has paid yet,
   * from the client (name distorted as banks do, document when on file),
   * by PIX unless told otherwise. Returns each row with what it pays.
   */
  payOpenReceivables(
    item: ItemRecord,
    count: number,
    { date, method = 'PIX', notify = true }: { date?: string; method?: 'PIX' | 'TED' | 'BOLETO'; notify?: boolean } = {},
  ): { row: Row; customerId: number; receivableIds: number[] }[] {
    const ds = item.dataset;
    if (!ds) throw badRequest('Item has no data yet (its first update has not finished)');
    const checking = item.accountIds.map((id) => this.accounts.get(id)!).find((a) => a.state.type === 'BANK')!;
    const paid = new Set(ds.book.payments.flatMap((p) => p.truth.receivableIds));
    const open = ds.book.receivables
      .filter((r) => r.paidDate === null && !paid.has(r.id) && !item.paidReceivables.has(r.id))
      .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.id - b.id))
      .slice(0, count);
    const customers = new Map(ds.book.customers.map((c) => [c.id, c]));
    const day = date ?? new Date(this.clock()).toISOString().slice(0, 10);
    const inputs: NewTransaction[] = [];
    for (const r of open) {
      const c = customers.get(r.customerId)!;
      const name = bankName(createRng(deriveSeed(ds.spec.seed, 105, r.id)), c.name).name;
      const verb = method === 'PIX' ? 'PIX RECEBIDO -' : method === 'TED' ? 'TED RECEBIDA -' : 'LIQUIDACAO DE BOLETO -';
      inputs.push({ date: day, amountCents: r.amountCents, description: `${verb} ${name}`, paymentMethod: method, payer: { name, document: c.document ?? undefined } });
      item.paidReceivables.add(r.id);
    }
    const rows = this.addTransactions(checking, inputs, { notify });
    return rows.map((row, i) => ({ row, customerId: open[i]!.customerId, receivableIds: [open[i]!.id] }));
  }
}

export { findConnector };

/** A version-4-shaped UUID derived from `key` (same key, same id). */
function stableUuid(key: string): string {
  const h = createHash('sha256').update(key).digest();
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
