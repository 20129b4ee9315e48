// Builders for the engine's hand-written test cases (tests only). Documents
// are generated, valid and nobody's.
import { generateCnpj, generateCpf } from '@/lib/documents';
import { createRng } from '@/lib/synthetic/rng';
import { matchTransactions } from './engine';
import { resolveSettings, type MatchSettingsInput } from './settings';
import type { MatchCustomer, MatchInput, MatchReceivable, MatchResult, MatchTransaction } from './types';

/** A valid CPF, the same for the same n. */
export function cpf(n: number): string {
  return generateCpf(createRng(1000 + n));
}

/** A valid headquarters CNPJ (branch 0001), the same for the same n. */
export function cnpj(n: number): string {
  const rng = createRng(5000 + n);
  for (;;) {
    const c = generateCnpj(rng);
    if (c.slice(8, 12) === '0001') return c;
  }
}

export function credit(id: string, fields: Partial<MatchTransaction> = {}): MatchTransaction {
  return {
    id,
    date: '2026-03-04',
    amountCents: 150_000,
    type: 'CREDIT',
    description: '',
    payerName: null,
    payerDocument: null,
    payerEmail: null,
    payerPhone: null,
    ...fields,
  };
}

export function client(id: string, name: string, fields: Partial<MatchCustomer> = {}): MatchCustomer {
  return { id, name, document: null, email: null, phone: null, ...fields };
}

export function due(id: string, customerId: string, amountCents: number, dueDate: string): MatchReceivable {
  return { id, customerId, amountCents, dueDate, description: null };
}

export function run(input: Partial<MatchInput>, settings: MatchSettingsInput = {}): Map<string, MatchResult> {
  const full: MatchInput = { transactions: [], customers: [], receivables: [], clientMappings: [], rejections: [], ...input };
  const { results } = matchTransactions(full, resolveSettings(settings));
  return new Map(results.map((r) => [r.transactionId, r]));
}

export function only(input: Partial<MatchInput>, settings: MatchSettingsInput = {}): MatchResult {
  const results = [...run(input, settings).values()];
  if (results.length !== 1) throw new Error(`expected one result, got ${results.length}`);
  return results[0]!;
}

export function reason(r: MatchResult, criterion: string) {
  const e = r.reasons.find((x) => x.criterion === criterion);
  if (!e) throw new Error(`no ${criterion} reason`);
  return e;
}
