import { describe, expect, it } from 'vitest';
import { buildCacheHash, canonicalParams } from '@/lib/redis/hash';

describe('buildCacheHash', () => {
  it('is 128 bits of hex', () => {
    expect(buildCacheHash({ a: 1 })).toMatch(/^[0-9a-f]{32}$/);
  });

  // Independently: printf '%s' '<canonical json>' | sha256sum | cut -c1-32
  it('matches a known vector (changing it invalidates every cached query)', () => {
    expect(canonicalParams({ to: '2026-01-31', from: '2026-01-01', accounts: ['b', 'a'], page: 2 })).toBe(
      '{"accounts":["b","a"],"from":"2026-01-01","page":2,"to":"2026-01-31"}',
    );
    expect(buildCacheHash({ to: '2026-01-31', from: '2026-01-01', accounts: ['b', 'a'], page: 2 })).toBe(
      'c30c17e8402b83a1168e5d22fc25f424',
    );
    expect(buildCacheHash({})).toBe('44136fa355b3678a1146ad16f7e8649e');
  });

  it('does not depend on parameter order, nested objects included', () => {
    expect(buildCacheHash({ a: 1, b: { x: 1, y: [1, { q: 1, p: 2 }] } })).toBe(
      buildCacheHash({ b: { y: [1, { p: 2, q: 1 }], x: 1 }, a: 1 }),
    );
  });

  it('ignores absent and empty values', () => {
    const base = buildCacheHash({ status: 'open' });
    expect(buildCacheHash({ status: 'open', q: undefined, r: null, s: '', t: [], u: {}, v: { w: null } })).toBe(base);
    expect(buildCacheHash(undefined)).toBe(buildCacheHash({}));
    expect(buildCacheHash({ f: { a: undefined } })).toBe(buildCacheHash({}));
  });

  it('gives different values different hashes', () => {
    const variants: Record<string, unknown>[] = [
      {},
      { page: 1 },
      { page: '1' },
      { page: 2 },
      { pages: 1 },
      { ids: ['a', 'b'] },
      { ids: ['b', 'a'] },
      { ids: ['a', null, 'b'] },
      { ids: ['ab'] },
      { a: 'b,c' },
      { a: 'b', c: undefined, d: 'c' },
      { flag: true },
      { flag: false },
      { nested: { a: 1 } },
      { nested: { a: '1' } },
      { 'a":"b': 1 },
    ];
    const hashes = new Set(variants.map((v) => buildCacheHash(v)));
    expect(hashes.size).toBe(variants.length);
  });

  it('canonicalises Dates, toJSON values and -0', () => {
    expect(buildCacheHash({ d: new Date('2026-01-01T00:00:00Z') })).toBe(buildCacheHash({ d: '2026-01-01T00:00:00.000Z' }));
    expect(buildCacheHash({ amount: { toJSON: () => '10.50' } })).toBe(buildCacheHash({ amount: '10.50' }));
    expect(buildCacheHash({ n: -0 })).toBe(buildCacheHash({ n: 0 }));
  });

  it('rejects values that cannot be represented faithfully', () => {
    expect(() => buildCacheHash({ n: Number.NaN })).toThrow(TypeError);
    expect(() => buildCacheHash({ n: 1n })).toThrow(TypeError);
    expect(() => buildCacheHash({ m: new Map() })).toThrow(TypeError);
    expect(() => buildCacheHash({ d: new Date('nope') })).toThrow(TypeError);
  });
});
