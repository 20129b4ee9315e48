import { describe, expect, it } from 'vitest';
import { isValidCnpj } from '@/lib/documents';
import { isValidSlug } from '@/lib/tenants/slug';
import { allocate, planDataSet, tenantSlug } from './plan';

describe('allocate', () => {
  it('sums exactly to the total', () => {
    expect(allocate(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(allocate(0, [1, 2])).toEqual([0, 0]);
    const weights = Array.from({ length: 37 }, (_, i) => Math.exp(Math.sin(i) * 2));
    expect(allocate(1_000_003, weights).reduce((a, b) => a + b, 0)).toBe(1_000_003);
  });

  it('rejects empty or zero weights', () => {
    expect(() => allocate(5, [])).toThrow(RangeError);
    expect(() => allocate(5, [0, 0])).toThrow(RangeError);
  });
});

describe('tenantSlug', () => {
  it('is always a valid slug, even for long names', () => {
    const long = 'Escritório de Advocacia Francisca da Conceição Cavalcanti Monteiro';
    for (const [name, index] of [[long, 99_999], ['Lima & Costa Advogados', 0], ['Á', 3]] as const) {
      const slug = tenantSlug(name, 'ab12c', index);
      expect(isValidSlug(slug), slug).toBe(true);
      expect(slug.endsWith(`-ab12c-${index}`)).toBe(true);
    }
  });
});

describe('planDataSet', () => {
  let n = 0;
  const newId = () => `id-${n++}`;
  const plan = planDataSet({ tenants: 50, transactions: 100_000, seed: 7, runTag: 'tst', newId });

  it('distributes every transaction, unevenly, over 1–3 items and accounts per tenant', () => {
    const perTenant = plan.map((t) => t.transactionCount);
    expect(perTenant.reduce((a, b) => a + b, 0)).toBe(100_000);
    expect(Math.max(...perTenant)).toBeGreaterThan(3 * Math.min(...perTenant));
    for (const t of plan) {
      const accounts = t.items.flatMap((i) => i.accounts);
      expect(t.items.length).toBeGreaterThanOrEqual(1);
      expect(t.items.length).toBeLessThanOrEqual(3);
      expect(accounts.length).toBeGreaterThanOrEqual(t.items.length);
      expect(accounts.length).toBeLessThanOrEqual(3);
      expect(accounts.reduce((s, a) => s + a.transactionCount, 0)).toBe(t.transactionCount);
      expect(isValidCnpj(t.profile.cnpj)).toBe(true);
      expect(isValidSlug(t.slug)).toBe(true);
    }
    expect(new Set(plan.map((t) => t.slug)).size).toBe(plan.length);
  });

  it('is reproducible from the seed apart from ids', () => {
    const again = planDataSet({ tenants: 50, transactions: 100_000, seed: 7, runTag: 'tst', newId });
    expect(again.map((t) => [t.slug, t.transactionCount, t.profile.name])).toEqual(
      plan.map((t) => [t.slug, t.transactionCount, t.profile.name]),
    );
  });
});
