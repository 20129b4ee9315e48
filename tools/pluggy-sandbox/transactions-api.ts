// GET /v2/transactions (cursor) and the legacy paged GET /transactions,
// served from the ledger's sorted arrays: a page costs a binary search plus
// the page, so 100,000 rows page as fast as 100.
//
// v2 order: ascending (date, ingestion) without createdAtFrom, ascending
// ingestion time with it (Pluggy's order is unconfirmed). `next` is a
// relative query string ("?accountId=…&after=…", percent-encoded) or null.
// Legacy order: newest first, as Pluggy's examples show.
import { decodeCursor, encodeCursor, type Cursor } from './cursor';
import { badRequest, isDay, isUuid, JsonText } from './http';
import type { Row } from './ledger';
import type { SandboxStore } from './store';
import { transactionWire, transactionWireJson } from './wire';

export const MAX_IDS = 500;

function parseIds(raw: string | null): string[] | null {
  if (raw === null) return null;
  const ids = raw.split(',').filter(Boolean);
  if (ids.length > MAX_IDS) {
    throw badRequest(`ids parameter exceeds the max length of ${MAX_IDS} items`, 'IDS_PARAMETER_EXCEEDS_MAX_LENGTH');
  }
  if (!ids.every(isUuid)) throw badRequest('each value in ids must be a UUID');
  return ids;
}

function parseDay(q: URLSearchParams, name: string): string | null {
  const v = q.get(name);
  if (v === null) return null;
  if (!isDay(v)) throw badRequest(`${name} must be a valid ISO 8601 date string (yyyy-mm-dd)`);
  return v;
}

function parseInstant(q: URLSearchParams, name: string): number | null {
  const v = q.get(name);
  if (v === null) return null;
  // Date.parse accepts offsets ("+03:00"); a "+" that arrived as a space does not parse.
  const ms = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(ms)) throw badRequest(`${name} must be a valid ISO 8601 date string`);
  return ms;
}

function requireAccountId(q: URLSearchParams): string {
  const id = q.get('accountId');
  if (!id) throw badRequest('accountId should not be null or undefined,accountId must be a UUID');
  if (!isUuid(id)) throw badRequest('accountId must be a UUID');
  return id;
}

const byDateSeq = (a: Row, b: Row) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.seq - b.seq);

/** The rows of one /v2/transactions page and the next page's query. */
function pageTransactionsV2(store: SandboxStore, clientId: string, q: URLSearchParams, pageSize: number): { results: Row[]; next: string | null } {
  const accountId = requireAccountId(q);
  const dateFrom = parseDay(q, 'dateFrom');
  const dateTo = parseDay(q, 'dateTo');
  const createdAtFrom = parseInstant(q, 'createdAtFrom');
  if (dateFrom !== null && createdAtFrom !== null) throw badRequest('dateFrom and createdAtFrom cannot be used together');
  const ids = parseIds(q.get('ids'));
  const afterRaw = q.get('after');
  let cursor: Cursor | null = null;
  if (afterRaw !== null) {
    cursor = decodeCursor(afterRaw);
    if (!cursor) throw badRequest('Invalid cursor');
  }
  const a = store.account(clientId, accountId);
  if (!a) return { results: [], next: null };
  const L = a.ledger;
  let page: Row[];
  let nextCursor: Cursor | null = null;

  if (ids) {
    if (cursor && cursor.o !== 'i') throw badRequest('Invalid cursor');
    const want = new Set(ids);
    const rows = [...want].map((id) => store.rows.get(id)).filter((r): r is Row => !!r && r.accountId === accountId);
    const inRange = rows.filter((r) => (dateFrom === null || r.date >= dateFrom) && (dateTo === null || r.date <= dateTo) && (createdAtFrom === null || r.createdAt >= createdAtFrom)).sort(byDateSeq);
    const start = cursor?.o === 'i' ? cursor.n : 0;
    page = inRange.slice(start, start + pageSize);
    if (start + pageSize < inRange.length) nextCursor = { o: 'i', n: start + pageSize };
  } else if (createdAtFrom !== null) {
    if (cursor && cursor.o !== 'c') throw badRequest('Invalid cursor');
    let i = cursor?.o === 'c' ? L.createdAfter(cursor.k, cursor.s) : L.createdStart(createdAtFrom);
    page = [];
    for (; i < L.byCreated.length; i++) {
      const r = L.byCreated[i]!;
      if (dateTo !== null && r.date > dateTo) continue;
      if (page.length === pageSize) {
        const last = page[page.length - 1]!;
        nextCursor = { o: 'c', k: last.createdAt, s: last.seq };
        break;
      }
      page.push(r);
    }
  } else {
    if (cursor && cursor.o !== 'd') throw badRequest('Invalid cursor');
    const start = cursor?.o === 'd' ? L.dateAfter(cursor.k, cursor.s) : dateFrom !== null ? L.dateStart(dateFrom) : 0;
    const end = dateTo !== null ? L.dateEnd(dateTo) : L.size;
    page = L.byDate.slice(start, Math.min(end, start + pageSize));
    if (start + pageSize < end) {
      const last = page[page.length - 1]!;
      nextCursor = { o: 'd', k: last.date, s: last.seq };
    }
  }

  let next: string | null = null;
  if (nextCursor) {
    const p = new URLSearchParams({ accountId });
    if (dateFrom !== null) p.set('dateFrom', dateFrom);
    if (dateTo !== null) p.set('dateTo', dateTo);
    if (createdAtFrom !== null) p.set('createdAtFrom', q.get('createdAtFrom')!);
    if (ids) p.set('ids', ids.join(','));
    p.set('after', encodeCursor(nextCursor));
    next = `?${p.toString()}`;
  }
  return { results: page, next };
}

/** GET /v2/transactions as Pluggy's JSON. */
export function listTransactionsV2(store: SandboxStore, clientId: string, q: URLSearchParams, pageSize: number) {
  const { results, next } = pageTransactionsV2(store, clientId, q, pageSize);
  return { results: results.map(transactionWire), next };
}

/** The same page, serialised from each row's cached JSON (what the server sends). */
export function listTransactionsV2Json(store: SandboxStore, clientId: string, q: URLSearchParams, pageSize: number): JsonText {
  const { results, next } = pageTransactionsV2(store, clientId, q, pageSize);
  return new JsonText(`{"results":[${results.map(transactionWireJson).join(',')}],"next":${JSON.stringify(next)}}`);
}

export function listTransactionsLegacy(store: SandboxStore, clientId: string, q: URLSearchParams) {
  const accountId = requireAccountId(q);
  const page = q.get('page') === null ? 1 : Number(q.get('page'));
  const pageSize = q.get('pageSize') === null ? 500 : Number(q.get('pageSize'));
  if (!Number.isInteger(page) || page < 1) throw badRequest('page must be a positive integer');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) throw badRequest('pageSize must be an integer between 1 and 500');
  const ids = parseIds(q.get('ids'));
  // With ids, from/to are ignored (as Pluggy documents).
  const from = ids ? null : parseDay(q, 'from');
  const to = ids ? null : parseDay(q, 'to');
  const createdAtFrom = parseInstant(q, 'createdAtFrom');
  const a = store.account(clientId, accountId);
  if (!a) return { total: 0, totalPages: 0, page, results: [] };
  const L = a.ledger;
  let newestFirst: (i: number) => Row | undefined;
  let total: number;
  if (ids || createdAtFrom !== null) {
    const want = ids ? new Set(ids) : null;
    const rows = L.byDate.filter((r) => (!want || want.has(r.id)) && (createdAtFrom === null || r.createdAt >= createdAtFrom) && (from === null || r.date >= from) && (to === null || r.date <= to));
    total = rows.length;
    newestFirst = (i) => rows[rows.length - 1 - i];
  } else {
    const start = from !== null ? L.dateStart(from) : 0;
    const end = to !== null ? L.dateEnd(to) : L.size;
    total = Math.max(0, end - start);
    newestFirst = (i) => (i < total ? L.byDate[end - 1 - i] : undefined);
  }
  const results = [];
  for (let i = (page - 1) * pageSize; i < Math.min(total, page * pageSize); i++) results.push(transactionWire(newestFirst(i)!));
  return { total, totalPages: Math.ceil(total / pageSize), page, results };
}
