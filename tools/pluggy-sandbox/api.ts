// Pluggy's REST surface as the sandbox serves it: /auth, /connect_token,
// /connectors, /items, /accounts, /transactions (transactions-api.ts) and
// /webhooks. Mutations answer 200, as pluggy-sdk requires. A connect token
// (the widget's key) reaches only the connectors, item creation, and the
// items it created.
import { SANDBOX_CONNECTORS, connectorWire, findConnector } from './connectors';
import { badRequest, HttpError, isUuid, notFound } from './http';
import type { KeyClaims, KeySigner } from './jwt';
import type { ItemRecord, SandboxStore } from './store';
import { listTransactionsLegacy, listTransactionsV2Json } from './transactions-api';
import { transactionWire, accountWire, itemWire } from './wire';
import { webhookUrlProblem, webhookWire, type UrlRules, type WebhookRegistry } from './webhooks';

export interface ApiClient {
  clientId: string;
  clientSecret: string;
  disabled?: boolean;
}

export interface ApiDeps {
  store: SandboxStore;
  webhooks: WebhookRegistry;
  signer: KeySigner;
  clients: ApiClient[];
  apiKeyTtlSeconds: number;
  pageSize: number;
  urlRules: UrlRules;
  now: () => number;
  /** Keys issued before this instant (s) are refused (driving API: revokeApiKeys). */
  revokedBefore: () => number;
  /** Connect token id → items it created. */
  connectItems: Map<string, Set<string>>;
}

export interface Caller {
  clientId: string;
  connect?: NonNullable<KeyClaims['connect']>;
}

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: () => Promise<Record<string, unknown>>;
  apiKey: string | undefined;
}

const CONNECT_TTL_S = 30 * 60;

function page<T>(results: T[]) {
  return { total: results.length, totalPages: results.length ? 1 : 0, page: 1, results };
}

function stringMap(v: unknown, name: string): Record<string, string> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw badRequest(`${name} must be an object`);
  for (const x of Object.values(v)) if (typeof x !== 'string') throw badRequest(`${name} values must be strings`);
  return v as Record<string, string>;
}

function optionalString(v: unknown, name: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badRequest(`${name} must be a string`);
  return v;
}

export async function authenticate(d: ApiDeps, body: Record<string, unknown>) {
  const { clientId, clientSecret } = body;
  if (typeof clientId !== 'string' || !clientId || typeof clientSecret !== 'string' || !clientSecret) {
    throw badRequest('clientId should not be empty,clientSecret should not be empty');
  }
  const c = d.clients.find((x) => x.clientId === clientId && x.clientSecret === clientSecret);
  if (!c) throw new HttpError(401, 'Invalid credentials', 'CLIENT_KEYS_UNAUTHORIZED');
  if (c.disabled) throw new HttpError(401, 'Client disabled', 'CLIENT_DISABLED');
  const iat = Math.floor(d.now() / 1000);
  return { apiKey: d.signer.sign({ clientId, iat, exp: iat + d.apiKeyTtlSeconds }) };
}

/** The caller behind an X-API-KEY, or the 401/403 Pluggy answers. */
export function caller(d: ApiDeps, apiKey: string | undefined): Caller {
  if (!apiKey) throw new HttpError(403, 'Missing X-API-KEY header');
  const claims = d.signer.verify(apiKey);
  const nowS = Math.floor(d.now() / 1000);
  if (!claims || claims.exp <= nowS || claims.iat < d.revokedBefore()) throw new HttpError(401, 'Unauthorized: invalid or expired api key');
  if (!d.clients.some((c) => c.clientId === claims.clientId && !c.disabled)) throw new HttpError(401, 'Unauthorized: invalid or expired api key');
  return { clientId: claims.clientId, connect: claims.connect };
}

function forbidden(): HttpError {
  return new HttpError(403, 'Forbidden resource');
}

function itemFor(d: ApiDeps, who: Caller, id: string): ItemRecord {
  if (!isUuid(id)) throw badRequest('id must be a UUID');
  const item = d.store.item(who.clientId, id);
  if (!item) throw notFound('Item not found', 'ITEM_NOT_FOUND');
  if (who.connect && who.connect.itemId !== id && !d.connectItems.get(who.connect.jti)?.has(id)) throw forbidden();
  return item;
}

/** Answers one authenticated API call; null when no route matches. */
export async function handleApi(d: ApiDeps, who: Caller, r: ApiRequest): Promise<unknown | null> {
  const { method, path, query } = r;
  const seg = path.split('/').filter(Boolean);
  const { store } = d;

  if (seg[0] === 'connectors') {
    if (method !== 'GET' || seg.length > 2) return null;
    if (seg.length === 2) {
      const c = findConnector(Number(seg[1]));
      if (!c || !/^\d+$/.test(seg[1]!)) throw notFound('Connector not found', 'CONNECTOR_NOT_FOUND');
      return connectorWire(c);
    }
    const sandbox = query.get('sandbox') === 'true';
    const name = query.get('name')?.toLowerCase();
    const list = SANDBOX_CONNECTORS.filter((c) => (sandbox || !c.isSandbox) && (!name || c.name.toLowerCase().includes(name)));
    return page(list.map(connectorWire));
  }

  if (path === '/connect_token' && method === 'POST') {
    if (who.connect) throw forbidden();
    const body = await r.body();
    const itemId = optionalString(body.itemId, 'itemId');
    if (itemId !== undefined) itemFor(d, who, itemId);
    const options = (body.options ?? {}) as Record<string, unknown>;
    if (typeof options !== 'object' || Array.isArray(options)) throw badRequest('options must be an object');
    const webhookUrl = optionalString(options.webhookUrl, 'options.webhookUrl');
    if (webhookUrl !== undefined && webhookUrlProblem(webhookUrl, d.urlRules)) throw badRequest(webhookUrlProblem(webhookUrl, d.urlRules)!);
    const iat = Math.floor(d.now() / 1000);
    const jti = crypto.randomUUID();
    const connect = { jti, itemId, clientUserId: optionalString(options.clientUserId, 'options.clientUserId'), webhookUrl };
    return { accessToken: d.signer.sign({ clientId: who.clientId, iat, exp: iat + CONNECT_TTL_S, connect }) };
  }

  if (seg[0] === 'items') {
    if (seg.length === 1 && method === 'POST') {
      const body = await r.body();
      if (!Number.isInteger(body.connectorId)) throw badRequest('connectorId must be an integer number');
      const connector = findConnector(body.connectorId as number);
      if (!connector) throw notFound('Connector not found', 'CONNECTOR_NOT_FOUND');
      const parameters = stringMap(body.parameters, 'parameters');
      if (!parameters.user || !parameters.password) throw badRequest('parameters user and password are required for this connector');
      if (who.connect?.itemId) throw forbidden();
      const webhookUrl = optionalString(body.webhookUrl, 'webhookUrl') ?? who.connect?.webhookUrl;
      if (webhookUrl !== undefined && webhookUrlProblem(webhookUrl, d.urlRules)) throw badRequest(webhookUrlProblem(webhookUrl, d.urlRules)!);
      const clientUserId = who.connect?.clientUserId ?? optionalString(body.clientUserId, 'clientUserId');
      const item = store.createItem(who.clientId, connector, parameters, { clientUserId, webhookUrl, triggeredBy: who.connect ? 'USER' : 'CLIENT' });
      if (who.connect) d.connectItems.set(who.connect.jti, (d.connectItems.get(who.connect.jti) ?? new Set()).add(item.id));
      return itemWire(item);
    }
    if (seg.length === 2) {
      const item = itemFor(d, who, seg[1]!);
      if (method === 'GET') return itemWire(item);
      if (method === 'PATCH') {
        const body = await r.body();
        const parameters = body.parameters === undefined || body.parameters === null ? undefined : stringMap(body.parameters, 'parameters');
        const webhookUrl = optionalString(body.webhookUrl, 'webhookUrl');
        if (webhookUrl !== undefined && webhookUrlProblem(webhookUrl, d.urlRules)) throw badRequest(webhookUrlProblem(webhookUrl, d.urlRules)!);
        store.updateItem(item, parameters, { clientUserId: optionalString(body.clientUserId, 'clientUserId'), webhookUrl, triggeredBy: who.connect ? 'USER' : 'CLIENT' });
        return itemWire(item);
      }
      if (method === 'DELETE') {
        if (who.connect) throw forbidden();
        store.deleteItem(item);
        return { id: item.id };
      }
      return null;
    }
    if (seg.length === 3 && seg[2] === 'mfa' && method === 'POST') {
      const item = itemFor(d, who, seg[1]!);
      const body = await r.body();
      return itemWire(store.submitMfa(item, body.token));
    }
    return null;
  }

  if (seg[0] === 'accounts' && method === 'GET') {
    if (seg.length === 1) {
      const itemId = query.get('itemId');
      if (!itemId) throw badRequest('itemId should not be null or undefined,itemId must be a UUID');
      const item = itemFor(d, who, itemId);
      const type = query.get('type');
      if (type !== null && type !== 'BANK' && type !== 'CREDIT') throw badRequest('type must be one of the following values: BANK, CREDIT');
      const accounts = item.accountIds.map((id) => store.accounts.get(id)!).filter((a) => type === null || a.state.type === type);
      return page(accounts.map((a) => accountWire(a.state, a.ledger.balanceCents(), a.anchorDate)));
    }
    if (seg.length === 2 && !who.connect) {
      const a = isUuid(seg[1]) ? store.account(who.clientId, seg[1]!) : undefined;
      if (!a) throw notFound('Account not found', 'ACCOUNT_NOT_FOUND');
      return accountWire(a.state, a.ledger.balanceCents(), a.anchorDate);
    }
    return null;
  }

  // Everything below is out of a connect token's reach.
  if (who.connect) throw forbidden();

  if (path === '/v2/transactions' && method === 'GET') return listTransactionsV2Json(store, who.clientId, query, d.pageSize);
  if (path === '/transactions' && method === 'GET') return listTransactionsLegacy(store, who.clientId, query);
  if (seg[0] === 'transactions' && seg.length === 2 && method === 'GET') {
    const row = isUuid(seg[1]) ? store.rows.get(seg[1]!) : undefined;
    if (!row || !store.account(who.clientId, row.accountId)) throw notFound('Transaction not found', 'TRANSACTION_NOT_FOUND');
    return transactionWire(row);
  }

  if (seg[0] === 'webhooks') {
    if (seg.length === 1 && method === 'GET') return page(d.webhooks.list(who.clientId).map(webhookWire));
    if (seg.length === 1 && method === 'POST') return webhookWire(d.webhooks.create(who.clientId, await r.body()));
    if (seg.length === 2) {
      if (method === 'GET') return webhookWire(d.webhooks.get(who.clientId, seg[1]!));
      if (method === 'PATCH') return webhookWire(d.webhooks.update(who.clientId, seg[1]!, await r.body()));
      if (method === 'DELETE') {
        d.webhooks.delete(who.clientId, seg[1]!);
        return { count: 1 };
      }
    }
    return null;
  }
  return null;
}
