// The identity of an imported row, so the same transaction imported twice
// (the same file again, or two statements whose months overlap) is stored
// once. By the bank's FITID when the file has one; otherwise by a
// fingerprint of date, amount and description plus the row's position among
// the identical rows of its file ("two PIX of R$ 50,00 from MARIA on the
// 3rd" are two transactions, and the second one is still the second one in
// a file that covers the whole month). The key is scoped to the account and
// hashed into pluggy_transactions.pluggy_transaction_id, whose
// (tenant_id, pluggy_transaction_id) unique index makes the insert idempotent.
import { createHash } from 'node:crypto';
import { foldText } from '@/lib/matching/normalize';
import type { StatementRow } from './types';

export interface KeyedRow extends StatementRow {
  /** "fitid:…" or "fp:…" before hashing (kept on the row for explanations). */
  key: string;
}

export interface KeyingResult {
  rows: KeyedRow[];
  /** Rows dropped because the file repeats them exactly (same FITID, date, amount, text). */
  duplicatesInFile: number;
  warnings: string[];
}

function fingerprintBase(r: StatementRow): string {
  return `${r.date}|${r.amountCents}|${foldText(r.description)}`;
}

export function keyRows(rows: StatementRow[]): KeyingResult {
  const byFitid = new Map<string, StatementRow[]>();
  for (const r of rows) if (r.fitid) byFitid.set(r.fitid, [...(byFitid.get(r.fitid) ?? []), r]);
  const warnings: string[] = [];
  const seenExact = new Set<string>();
  const ordinals = new Map<string, number>();
  const out: KeyedRow[] = [];
  let duplicatesInFile = 0;
  const reusedFitids: string[] = [];
  for (const r of rows) {
    const base = fingerprintBase(r);
    const group = r.fitid ? byFitid.get(r.fitid)! : null;
    if (r.fitid && group!.length > 1) {
      const exact = `${r.fitid}|${base}`;
      if (seenExact.has(exact)) {
        duplicatesInFile++;
        continue; // the same line twice in the file
      }
      seenExact.add(exact);
    }
    // A FITID the bank gave to different transactions identifies none of them.
    const fitidUnique = r.fitid && group!.every((g) => fingerprintBase(g) === base);
    if (r.fitid && !fitidUnique && !reusedFitids.includes(r.fitid)) reusedFitids.push(r.fitid);
    let key: string;
    if (r.fitid && fitidUnique) key = `fitid:${r.fitid}`;
    else {
      const n = ordinals.get(base) ?? 0;
      ordinals.set(base, n + 1);
      key = `fp:${base}|${n}`;
    }
    out.push({ ...r, key });
  }
  if (duplicatesInFile > 0) warnings.push(`${duplicatesInFile} ${duplicatesInFile === 1 ? 'lançamento repetido' : 'lançamentos repetidos'} no próprio arquivo (mesmo FITID e mesmos dados) ${duplicatesInFile === 1 ? 'foi considerado' : 'foram considerados'} uma vez.`);
  if (reusedFitids.length > 0) {
    warnings.push(`O banco repetiu o identificador FITID em lançamentos diferentes (${reusedFitids.slice(0, 3).join(', ')}${reusedFitids.length > 3 ? '…' : ''}); esses lançamentos foram identificados por data, valor e descrição.`);
  }
  return { rows: out, duplicatesInFile, warnings };
}

/** The stored transaction id: account-scoped, fixed length (≤ 64). */
export function storedTransactionId(accountDbId: string, key: string): string {
  return `stmt:${createHash('sha256').update(`${accountDbId}\u0000${key}`).digest('base64url')}`;
}
