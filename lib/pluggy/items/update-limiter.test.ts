import { describe, expect, it } from 'vitest';
import { ItemUpdateLimiter } from './update-limiter';

describe('ItemUpdateLimiter', () => {
  it('gives a tenant at most 10 a minute and the instance at most 20, then says when a slot frees up', () => {
    const l = new ItemUpdateLimiter();
    const t0 = 1_000_000;
    for (let i = 0; i < 10; i++) expect(l.take('a', t0 + i).ok).toBe(true);
    expect(l.take('a', t0 + 10)).toEqual({ ok: false, retryAfterSeconds: 60 });
    for (let i = 0; i < 10; i++) expect(l.take('b', t0 + 100 + i).ok).toBe(true);
    // The instance's 20 are spent: a third tenant waits too, until the oldest expires.
    expect(l.take('c', t0 + 30_000)).toEqual({ ok: false, retryAfterSeconds: 30 });
    expect(l.take('c', t0 + 60_001).ok).toBe(true);
    expect(l.take('a', t0 + 60_010).ok).toBe(true);
  });
});
