// The evaluation command's input document, validated field by field and
// turned straight into the engine's input. Hand-written rather than a zod
// schema: the command reads 100,000 transactions within a time budget, and
// a schema library's copy of every object (then ours) was a third of it.
// Messages name the offending field the way a person would look for it:
// "transactions[3].amount: expected a number".
import type { MatchCustomer, MatchInput, MatchReceivable, MatchTransaction, Rejection } from './types';

/** Bad input: the message names the offending field. */
export class InputError extends Error {
  override name = 'InputError';
}

/** An id as the caller wrote it: Advbox ids are integers, ours strings. */
export type Id = string | number;

type Obj = Record<string, unknown>;

function fail(path: string, message: string): never {
  throw new InputError(`${path}: ${message}`);
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function array(doc: Obj, key: string, required: boolean): unknown[] {
  const v = doc[key];
  if (v === undefined || v === null) {
    if (required) fail(key, 'missing (expected an array)');
    return [];
  }
  if (!Array.isArray(v)) fail(key, `expected an array, got ${typeName(v)}`);
  return v;
}

function object(v: unknown, path: string): Obj {
  if (!isObject(v)) fail(path, `expected an object, got ${typeName(v)}`);
  return v;
}

function id(o: Obj, key: string, path: string): string {
  const v = o[key];
  if (typeof v === 'string' && v.length > 0) return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  return fail(`${path}.${key}`, v === undefined ? 'missing (expected a string or integer id)' : `expected a string or integer id, got ${typeName(v)}`);
}

function text(o: Obj, key: string, path: string): string | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') fail(`${path}.${key}`, `expected a string or null, got ${typeName(v)}`);
  return v;
}

function requiredText(o: Obj, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string') fail(`${path}.${key}`, v === undefined ? 'missing (expected a string)' : `expected a string, got ${typeName(v)}`);
  return v;
}

/** Reais (a JSON number) → integer cents. */
function money(o: Obj, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${path}.${key}`, v === undefined ? 'missing (expected an amount in reais)' : `expected a number, got ${typeName(v)}`);
  if (Math.abs(v) >= 1e12) fail(`${path}.${key}`, 'amount out of range');
  return Math.round(v * 100);
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** 'YYYY-MM-DD' (or an ISO date-time, whose UTC day is taken) → 'YYYY-MM-DD'. */
function day(o: Obj, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string') fail(`${path}.${key}`, v === undefined ? 'missing (expected a date YYYY-MM-DD)' : `expected a date string, got ${typeName(v)}`);
  if (v.length === 10 && v.charCodeAt(4) === 45 && v.charCodeAt(7) === 45) {
    const y = Number(v.slice(0, 4));
    const m = Number(v.slice(5, 7));
    const d = Number(v.slice(8, 10));
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    if (Number.isInteger(y) && m >= 1 && m <= 12 && d >= 1 && d <= (m === 2 && !leap ? 28 : DAYS_IN_MONTH[m - 1]!)) return v;
    return fail(`${path}.${key}`, `not a calendar date: ${JSON.stringify(v)}`);
  }
  const t = /^\d{4}-\d{2}-\d{2}T/.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(t)) fail(`${path}.${key}`, `expected a date YYYY-MM-DD (or an ISO date-time), got ${JSON.stringify(v)}`);
  return new Date(t).toISOString().slice(0, 10);
}

export interface ParsedInput {
  input: MatchInput;
  settings: unknown;
  /** Ids the caller wrote as numbers, to echo them back as numbers; empty when all were strings. */
  numericIds: { transactions: Set<string>; customers: Set<string>; receivables: Set<string> };
}

function note(set: Set<string>, raw: unknown, key: string): void {
  if (typeof raw === 'number') set.add(key);
}

export function parseInputDocument(doc: unknown): ParsedInput {
  const root = object(doc, '(document)');
  const numericIds = { transactions: new Set<string>(), customers: new Set<string>(), receivables: new Set<string>() };

  const seen = new Set<string>();
  const transactions: MatchTransaction[] = array(root, 'transactions', true).map((raw, i) => {
    const path = `transactions[${i}]`;
    const o = object(raw, path);
    const tid = id(o, 'id', path);
    if (seen.has(tid)) fail(`${path}.id`, `duplicate id ${JSON.stringify(o.id)}`);
    seen.add(tid);
    note(numericIds.transactions, o.id, tid);
    const cents = money(o, 'amount', path);
    const type = o.type;
    if (type !== undefined && type !== null && type !== 'CREDIT' && type !== 'DEBIT' && type !== 'credit' && type !== 'debit') {
      fail(`${path}.type`, `expected "CREDIT" or "DEBIT", got ${JSON.stringify(type)}`);
    }
    return {
      id: tid,
      date: day(o, 'date', path),
      amountCents: cents,
      // Debits have negative amounts; a DEBIT type says the same.
      type: cents < 0 || type === 'DEBIT' || type === 'debit' ? 'DEBIT' : 'CREDIT',
      description: text(o, 'description', path) ?? '',
      payerName: text(o, 'payerName', path),
      payerDocument: text(o, 'payerDocument', path),
      payerEmail: text(o, 'payerEmail', path),
      payerPhone: text(o, 'payerPhone', path),
    };
  });

  const customerIds = new Set<string>();
  const customers: MatchCustomer[] = array(root, 'customers', true).map((raw, i) => {
    const path = `customers[${i}]`;
    const o = object(raw, path);
    const cid = id(o, 'id', path);
    if (customerIds.has(cid)) fail(`${path}.id`, `duplicate id ${JSON.stringify(o.id)}`);
    customerIds.add(cid);
    note(numericIds.customers, o.id, cid);
    return { id: cid, name: requiredText(o, 'name', path), document: text(o, 'document', path), email: text(o, 'email', path), phone: text(o, 'phone', path) };
  });

  const receivableIds = new Set<string>();
  const receivables: MatchReceivable[] = array(root, 'receivables', true).map((raw, i) => {
    const path = `receivables[${i}]`;
    const o = object(raw, path);
    const rid = id(o, 'id', path);
    if (receivableIds.has(rid)) fail(`${path}.id`, `duplicate id ${JSON.stringify(o.id)}`);
    receivableIds.add(rid);
    note(numericIds.receivables, o.id, rid);
    const customerId = id(o, 'customerId', path);
    if (!customerIds.has(customerId)) fail(`${path}.customerId`, `no customer has id ${JSON.stringify(o.customerId)}`);
    const cents = money(o, 'amount', path);
    if (cents <= 0) fail(`${path}.amount`, 'must be above 0');
    return { id: rid, customerId, amountCents: cents, dueDate: day(o, 'dueDate', path), description: text(o, 'description', path) };
  });

  const clientMappings = array(root, 'clientMappings', true).map((raw, i) => {
    const path = `clientMappings[${i}]`;
    const o = object(raw, path);
    return { payerDocument: requiredText(o, 'payerDocument', path), customerId: id(o, 'customerId', path) };
  });

  const rejections: Rejection[] = array(root, 'rejections', false).map((raw, i) => {
    const path = `rejections[${i}]`;
    const o = object(raw, path);
    const customerId = id(o, 'customerId', path);
    if (o.transactionId !== undefined && o.transactionId !== null) return { transactionId: id(o, 'transactionId', path), customerId };
    const doc = text(o, 'payerDocument', path);
    if (doc === null) fail(path, 'a rejection needs transactionId or payerDocument');
    return { payerDocument: doc, customerId };
  });

  return { input: { transactions, customers, receivables, clientMappings, rejections }, settings: root.settings, numericIds };
}
