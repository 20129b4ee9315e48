// What Concilia asks of Pluggy, on top of the SDK's methods: pages of
// /v2/transactions as an async iterator (cursor taken from `next`, re-sent
// encoded), ids in chunks of Pluggy's 500, connect tokens bound to our user
// id, item updates and webhooks. Every failure is a PluggyApiError or
// PluggyNetworkError (see errors.ts); retries follow the client's policy.
import type {
  Account,
  AccountType,
  Connector,
  ConnectorFilters,
  CreateItemOptions,
  Item,
  Parameters,
  Transaction,
  TransactionCursorFilters,
  UpdateWebhook,
  Webhook,
  WebhookEvent,
} from 'pluggy-sdk';
import { cursorFromNext } from './query';
import { RETRY_POLICIES, type RetryPolicy, type RetryPolicyName } from './retry-policy';
import { SdkClient } from './sdk-client';
import { PluggyTransport, type PluggyCredentials, type TransportOptions } from './transport';

/** Pluggy refuses more ids than this in one request (400 IDS_PARAMETER_EXCEEDS_MAX_LENGTH). */
export const MAX_IDS_PER_REQUEST = 500;

export type PluggySourceKind = 'tenant' | 'app' | 'sandbox';

export interface TransactionFilters {
  /** YYYY-MM-DD, date >= dateFrom. Pluggy refuses it together with createdAtFrom. */
  dateFrom?: string;
  /** YYYY-MM-DD, date <= dateTo. */
  dateTo?: string;
  /** Rows Pluggy ingested at or after this instant (incremental sync). */
  createdAtFrom?: string | Date;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const PATH_ID = /^[A-Za-z0-9_-]{1,64}$/;

function pathId(id: string): string {
  // Ids go into URL paths unencoded by the SDK ("items/${id}").
  if (!PATH_ID.test(id)) throw new RangeError(`not a Pluggy id: ${JSON.stringify(id)}`);
  return id;
}

function checkFilters(f: TransactionFilters): void {
  if (f.dateFrom !== undefined && !DAY.test(f.dateFrom)) throw new RangeError('dateFrom must be YYYY-MM-DD');
  if (f.dateTo !== undefined && !DAY.test(f.dateTo)) throw new RangeError('dateTo must be YYYY-MM-DD');
  if (f.dateFrom !== undefined && f.createdAtFrom !== undefined) {
    throw new RangeError('Pluggy does not accept dateFrom together with createdAtFrom');
  }
}

function isoInstant(v: string | Date | undefined): string | undefined {
  if (v === undefined) return undefined;
  return v instanceof Date ? v.toISOString() : v;
}

export interface PluggyApiOptions extends Omit<TransportOptions, 'policy'> {
  policy?: RetryPolicyName | RetryPolicy;
  source?: PluggySourceKind;
}

export class PluggyApi {
  readonly sdk: SdkClient;

  constructor(
    readonly transport: PluggyTransport,
    readonly source: PluggySourceKind,
  ) {
    this.sdk = new SdkClient(transport);
  }

  get baseUrl(): string {
    return this.transport.credentials.baseUrl;
  }

  /** The same credentials with another retry policy (interactive for requests, background for jobs). */
  withPolicy(policy: RetryPolicyName | RetryPolicy): PluggyApi {
    return new PluggyApi(this.transport.withPolicy(typeof policy === 'string' ? RETRY_POLICIES[policy] : policy), this.source);
  }

  fetchConnectors(filters: ConnectorFilters = {}): Promise<Connector[]> {
    return this.sdk.fetchConnectors(filters).then((p) => p.results);
  }

  createItem(connectorId: number, parameters: Parameters, options?: CreateItemOptions): Promise<Item> {
    return this.sdk.createItem(connectorId, parameters, options);
  }

  fetchItem(itemId: string): Promise<Item> {
    return this.sdk.fetchItem(pathId(itemId));
  }

  /** PATCH /items/{id}: starts a new update at the institution (Pluggy allows 20 a minute). */
  updateItem(itemId: string, parameters?: Parameters): Promise<Item> {
    return this.sdk.updateItem(pathId(itemId), parameters);
  }

  updateItemMfa(itemId: string, parameters: Record<string, string>): Promise<Item> {
    return this.sdk.updateItemMFA(pathId(itemId), parameters);
  }

  async deleteItem(itemId: string): Promise<void> {
    await this.sdk.deleteItem(pathId(itemId));
  }

  /** Every account of an item (Pluggy answers them in one page). */
  async fetchAccounts(itemId: string, type?: AccountType): Promise<Account[]> {
    return (await this.sdk.fetchAccounts(pathId(itemId), type)).results;
  }

  /**
   * Pages of GET /v2/transactions until `next` is null. Each page is fetched
   * when the consumer asks for it, so memory stays at one page.
   */
  async *transactionPages(accountId: string, filters: TransactionFilters = {}): AsyncGenerator<Transaction[], void, undefined> {
    checkFilters(filters);
    const base = { dateFrom: filters.dateFrom, dateTo: filters.dateTo, createdAtFrom: isoInstant(filters.createdAtFrom) };
    yield* this.pages(accountId, base);
  }

  /** The rows with these ids (any number: requested 500 at a time). Ids Pluggy no longer has are absent. */
  async fetchTransactionsByIds(accountId: string, ids: readonly string[]): Promise<Transaction[]> {
    const unique = [...new Set(ids)];
    const out: Transaction[] = [];
    for (let i = 0; i < unique.length; i += MAX_IDS_PER_REQUEST) {
      for await (const page of this.pages(accountId, { ids: unique.slice(i, i + MAX_IDS_PER_REQUEST) })) out.push(...page);
    }
    return out;
  }

  private async *pages(accountId: string, filters: TransactionCursorFilters): AsyncGenerator<Transaction[], void, undefined> {
    let after: string | undefined;
    const seen = new Set<string>();
    for (;;) {
      const page = await this.sdk.fetchTransactionsCursor(pathId(accountId), { ...filters, after });
      yield page.results;
      const next = cursorFromNext(page.next);
      if (!next) return;
      // A cursor that comes back twice would loop forever.
      if (seen.has(next)) throw new Error(`Pluggy returned the cursor ${next} twice for account ${accountId}`);
      seen.add(next);
      after = next;
    }
  }

  fetchTransaction(id: string): Promise<Transaction> {
    return this.sdk.fetchTransaction(pathId(id));
  }

  /**
   * A 30-minute token for the Pluggy Connect widget. `clientUserId` is our
   * user id (Pluggy stores it on the item and echoes it in item webhooks);
   * `itemId` opens the widget in update mode for that connection.
   */
  async createConnectToken(clientUserId: string, options: { itemId?: string; webhookUrl?: string; avoidDuplicates?: boolean } = {}): Promise<string> {
    const { accessToken } = await this.sdk.createConnectToken(options.itemId && pathId(options.itemId), {
      clientUserId,
      webhookUrl: options.webhookUrl,
      avoidDuplicates: options.avoidDuplicates,
    });
    return accessToken;
  }

  async listWebhooks(): Promise<Webhook[]> {
    return (await this.sdk.fetchWebhooks()).results;
  }

  /** `headers` are sent by Pluggy on every delivery (e.g. a shared secret). */
  createWebhook(event: WebhookEvent, url: string, headers?: Record<string, string>): Promise<Webhook> {
    return this.sdk.createWebhook(event, url, headers);
  }

  updateWebhook(id: string, patch: UpdateWebhook): Promise<Webhook> {
    return this.sdk.updateWebhook(pathId(id), patch);
  }

  async deleteWebhook(id: string): Promise<void> {
    await this.sdk.deleteWebhook(pathId(id));
  }
}

/** A client for one pair of credentials; `policy` defaults to interactive. */
export function createPluggyApi(credentials: PluggyCredentials, options: PluggyApiOptions = {}): PluggyApi {
  const { policy = 'interactive', source = 'tenant', ...rest } = options;
  const p = typeof policy === 'string' ? RETRY_POLICIES[policy] : policy;
  return new PluggyApi(new PluggyTransport(credentials, { ...rest, policy: p }), source);
}
