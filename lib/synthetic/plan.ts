// The shape of a synthetic data set before any row is written: which firms,
// their bank connections, and how many transactions each account gets.
// Firm sizes are log-normal (a few big firms, many small ones), like a real
// customer base. Counts and content come from the seed; ids and the slug run
// tag do not, so loading the same seed twice adds a second, distinct set.
import { randomUUID } from 'node:crypto';
import { slugify } from '@/lib/tenants/slug';
import type { SyntheticAccount, SyntheticConnector } from './accounts';
import { createFirmProfile, type FirmProfile } from './firm';
import { createRng, deriveSeed, normal, type Rng } from './rng';

export interface PlannedAccount {
  id: string;
  pluggyAccountId: string;
  shape: SyntheticAccount;
  transactionCount: number;
  /** Position within the tenant, part of the batch seeds. */
  index: number;
}

export interface PlannedItem {
  id: string;
  pluggyItemId: string;
  connector: SyntheticConnector;
  accounts: PlannedAccount[];
}

export interface PlannedTenant {
  index: number;
  id: string;
  slug: string;
  profile: FirmProfile;
  transactionCount: number;
  items: PlannedItem[];
}

/**
 * Splits `total` proportionally to `weights` with integer counts that sum to
 * exactly `total` (largest remainder method).
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0 || sum <= 0) throw new RangeError('allocate needs positive weights');
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  let rest = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (rest-- <= 0) break;
    counts[i]! += 1;
  }
  return counts;
}

/** Slug for firm `index` of run `runTag`, always a valid tenants.slug. */
export function tenantSlug(name: string, runTag: string, index: number): string {
  const suffix = `${runTag}-${index}`;
  const base = slugify(name).slice(0, 47 - suffix.length).replace(/-+$/, '');
  return `${base}-${suffix}`;
}

export interface PlanOptions {
  tenants: number;
  transactions: number;
  seed: number;
  /** Lower-case alphanumeric tag that makes this run's slugs unique. */
  runTag: string;
  newId: () => string;
}

function firmSizes(rng: Rng, tenants: number): number[] {
  return Array.from({ length: tenants }, () => Math.exp(1.1 * normal(rng)));
}

export function planDataSet({ tenants, transactions, seed, runTag, newId }: PlanOptions): PlannedTenant[] {
  const perTenant = allocate(transactions, firmSizes(createRng(deriveSeed(seed, 1)), tenants));
  return perTenant.map((transactionCount, index) => {
    const rng = createRng(deriveSeed(seed, 2, index));
    const profile = createFirmProfile(rng, transactionCount);
    const shapes = profile.connections.flatMap((c) => c.accounts);
    // The first account is the firm's main one; the others see less traffic.
    const split = allocate(transactionCount, shapes.map((_, i) => (i === 0 ? 1 : 0.15 + rng() * 0.35)));
    let accountIndex = 0;
    const items = profile.connections.map((c) => ({
      id: newId(),
      pluggyItemId: randomUUID(),
      connector: c.connector,
      accounts: c.accounts.map((shape) => {
        const i = accountIndex++;
        return { id: newId(), pluggyAccountId: randomUUID(), shape, transactionCount: split[i]!, index: i };
      }),
    }));
    return { index, id: newId(), slug: tenantSlug(profile.name, runTag, index), profile, transactionCount, items };
  });
}
