// Sandbox state → Pluggy's JSON shapes (Item, Account, Transaction). Dates
// are ISO strings "YYYY-MM-DDT00:00:00.000Z" (the form pluggy-sdk turns
// into Date); money is cents / 100, exact to the cent.
import type { SandboxConnector } from './connectors';
import { connectorWire } from './connectors';
import type { Row } from './ledger';
import type { ItemStatus } from './logins';

const iso = (ms: number) => new Date(ms).toISOString();
const money = (cents: number) => cents / 100;

export interface ItemState {
  id: string;
  clientId: string;
  connector: SandboxConnector;
  status: ItemStatus;
  executionStatus: string;
  error: { code: string; message: string; providerMessage?: string } | null;
  createdAt: number;
  updatedAt: number;
  lastUpdatedAt: number | null;
  webhookUrl: string | null;
  clientUserId: string | null;
  consecutiveFailedLoginAttempts: number;
  warnings: boolean;
  deleted: boolean;
}

const MFA_PARAMETER = { name: 'token', label: 'Token', type: 'number', mfa: true, placeholder: '123456', validation: '^\\d{6}$', validationMessage: 'O token deve ter 6 dígitos' };

export function itemWire(item: ItemState) {
  const updated = item.status === 'UPDATED' && item.lastUpdatedAt !== null;
  const product = updated
    ? { isUpdated: true, lastUpdatedAt: iso(item.lastUpdatedAt!), ...(item.warnings ? { warnings: [{ code: '001', message: 'Some transactions could not be retrieved' }] } : {}) }
    : null;
  return {
    id: item.id,
    connector: connectorWire(item.connector),
    status: item.status,
    statusDetail: updated
      ? { accounts: product, creditCards: product, transactions: product, investments: null, investmentTransactions: null, identity: null, paymentData: product, loans: null, accountStatements: null }
      : null,
    error: item.error,
    executionStatus: item.executionStatus,
    createdAt: iso(item.createdAt),
    updatedAt: iso(item.updatedAt),
    lastUpdatedAt: item.lastUpdatedAt === null ? null : iso(item.lastUpdatedAt),
    parameter: item.status === 'WAITING_USER_INPUT' ? { ...MFA_PARAMETER, expiresAt: iso(item.updatedAt + 5 * 60_000) } : null,
    webhookUrl: item.webhookUrl,
    clientUserId: item.clientUserId,
    userAction: item.status === 'WAITING_USER_ACTION' ? { type: 'authorize-access', instructions: 'Acesse o aplicativo do banco e autorize o acesso.' } : null,
    consecutiveFailedLoginAttempts: item.consecutiveFailedLoginAttempts,
    nextAutoSyncAt: item.status === 'UPDATED' ? iso((item.lastUpdatedAt ?? item.updatedAt) + 86_400_000) : null,
    consentExpiresAt: null,
    products: ['ACCOUNTS', 'CREDIT_CARDS', 'TRANSACTIONS'],
  };
}

export interface AccountState {
  id: string;
  itemId: string;
  type: 'BANK' | 'CREDIT';
  subtype: 'CHECKING_ACCOUNT' | 'CREDIT_CARD';
  name: string;
  number: string;
  owner: string;
  taxNumber: string;
  marketingName: string;
  creditLimitCents: number | null;
  brand: string | null;
  level: string | null;
  createdAt: number;
  updatedAt: number;
}

export function accountWire(a: AccountState, balanceCents: number, anchorDate: string) {
  const bank = a.type === 'BANK';
  const due = `${anchorDate.slice(0, 7)}-10T00:00:00.000Z`;
  return {
    id: a.id,
    itemId: a.itemId,
    type: a.type,
    subtype: a.subtype,
    number: a.number,
    name: a.name,
    marketingName: a.marketingName,
    balance: money(balanceCents),
    currencyCode: 'BRL',
    owner: a.owner,
    taxNumber: a.taxNumber,
    bankData: bank
      ? { transferNumber: a.number, closingBalance: money(balanceCents), automaticallyInvestedBalance: 0, overdraftContractedLimit: null, overdraftUsedLimit: null, unarrangedOverdraftAmount: null, hasReservedBalance: false, reservedBalances: null }
      : null,
    creditData: bank
      ? null
      : {
          level: a.level,
          brand: a.brand,
          balanceCloseDate: `${anchorDate.slice(0, 7)}-03T00:00:00.000Z`,
          balanceDueDate: due,
          availableCreditLimit: money((a.creditLimitCents ?? 0) - balanceCents),
          balanceForeignCurrency: null,
          minimumPayment: money(Math.round(balanceCents * 0.15)),
          creditLimit: money(a.creditLimitCents ?? 0),
          isLimitFlexible: false,
          status: 'ACTIVE',
          holderType: 'MAIN',
        },
    createdAt: iso(a.createdAt),
    updatedAt: iso(a.updatedAt),
  };
}

export function transactionWire(r: Row) {
  return {
    id: r.id,
    accountId: r.accountId,
    date: `${r.date}T00:00:00.000Z`,
    description: r.description,
    descriptionRaw: r.descriptionRaw,
    currencyCode: 'BRL',
    amount: money(r.amountCents),
    amountInAccountCurrency: null,
    balance: r.balanceCents === null ? null : money(r.balanceCents),
    category: r.category,
    categoryId: r.categoryId,
    providerCode: r.providerCode,
    providerId: null,
    status: r.status,
    type: r.type,
    operationType: r.operationType,
    operationTypeAdditionalInfo: null,
    paymentData: r.paymentData,
    creditCardMetadata: r.creditCardMetadata,
    merchant: r.merchant,
    order: r.seq,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}

// A row's wire JSON, serialised once and reused by every page that holds
// it: a full sync of 100,000 rows reads each row once, but benchmarks and
// the demo sync the same ledger again and again, and serving a 500-row page
// was mostly transactionWire + JSON.stringify (in the sandbox's process, on
// the cores the measured sync runs on). Rows change only through
// Ledger.update (which forgets the entry) and recomputeBalances (the
// balance the entry was made with is checked).
const wireJson = new WeakMap<Row, { balanceCents: number | null; json: string }>();

export function transactionWireJson(r: Row): string {
  const hit = wireJson.get(r);
  if (hit && hit.balanceCents === r.balanceCents) return hit.json;
  const json = JSON.stringify(transactionWire(r));
  wireJson.set(r, { balanceCents: r.balanceCents, json });
  return json;
}

/** Drops a row's cached JSON (the row changed in place). */
export function forgetTransactionWire(r: Row): void {
  wireJson.delete(r);
}
