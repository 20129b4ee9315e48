import { describe, expect, it } from 'vitest';
import {
  CACHE_TTL,
  entryDiscriminator,
  generationKeys,
  logicalKey,
  parseGeneration,
} from '@/lib/cache/keys';
import { buildCacheHash } from '@/lib/redis/hash';

const T = '3f2b8c1e-0000-4000-8000-000000000001';

describe('cache keys', () => {
  it('holds the TTL of every resource', () => {
    expect(CACHE_TTL).toEqual({ settings: 300, accounts: 120, txns: 60, customers: 600, recon: 30, kpis: 120 });
  });

  it('names entries as the logical layout says', () => {
    const hash = buildCacheHash({ from: '2026-01-01' });
    expect(logicalKey(T, 'settings', entryDiscriminator('settings'))).toBe(`tenant:${T}:settings`);
    expect(logicalKey(T, 'txns', entryDiscriminator('txns', { from: '2026-01-01' }))).toBe(`tenant:${T}:txns:${hash}`);
    expect(logicalKey(T, 'kpis', entryDiscriminator('kpis', { month: '2026-02' }))).toBe(`tenant:${T}:kpis:2026-02`);
  });

  it('names the generation counters of a tenant and of one resource', () => {
    expect(generationKeys(T, 'recon')).toEqual([`tenant:${T}:gen`, `tenant:${T}:gen:recon`]);
  });

  it('reads absent or garbled generations as 0', () => {
    expect(parseGeneration(null)).toBe(0);
    expect(parseGeneration('12')).toBe(12);
    expect(parseGeneration('x')).toBe(0);
  });

  it('rejects params a key would ignore, and malformed months', () => {
    expect(() => entryDiscriminator('settings', { page: 1 })).toThrow(/takes no params/);
    expect(entryDiscriminator('settings', { page: undefined, q: '' })).toBe('');
    expect(() => entryDiscriminator('kpis', { month: '2026-13' })).toThrow(/YYYY-MM/);
    expect(() => entryDiscriminator('kpis', { month: '2026-01', extra: 1 })).toThrow(/YYYY-MM/);
    expect(() => entryDiscriminator('kpis')).toThrow(/YYYY-MM/);
  });

  it('rejects tenant ids that could reach other keys', () => {
    for (const bad of ['a:b', 'a*', '', 'x'.repeat(65), 'tenant 1']) {
      expect(() => generationKeys(bad, 'settings')).toThrow(/Invalid tenant id/);
    }
  });
});
