import { beforeEach, describe, expect, it } from 'vitest';
import { memoryLimit, resetMemoryLimits } from '@/lib/rate-limit/memory';

const policy = { limit: 10, windowSeconds: 60, onRedisFailure: 'open' as const };
const W = 60_000;
const start = 1_000 * W; // a window boundary

beforeEach(() => resetMemoryLimits());

describe('in-memory sliding window', () => {
  it('allows `limit` requests per window, then blocks until the window ends', () => {
    const results = Array.from({ length: 11 }, (_, i) => memoryLimit('p', policy, 'u', start + 1000 + i));
    expect(results.map((r) => r.remaining)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0]);
    expect(results.slice(0, 10).every((r) => r.success && r.retryAfterSeconds === 0)).toBe(true);
    expect(results[10]).toEqual({ success: false, limit: 10, remaining: 0, reset: start + W, retryAfterSeconds: 59 });
  });

  it('does not count blocked requests', () => {
    for (let i = 0; i < 15; i++) memoryLimit('p', policy, 'u', start + 1000);
    // Next window at 50 %: the previous window's 10 weigh 5.
    expect(memoryLimit('p', policy, 'u', start + W + W / 2)).toMatchObject({ success: true, remaining: 4 });
  });

  it('weights the previous window by its remaining overlap (as @upstash/ratelimit does)', () => {
    for (let i = 0; i < 10; i++) memoryLimit('p', policy, 'u', start + 100);
    // At the boundary the previous 10 still count fully.
    expect(memoryLimit('p', policy, 'u', start + W).success).toBe(false);
    // 20 % into the next window: floor(0.8 × 10) = 8 → two more allowed.
    const later = [0, 1, 2].map(() => memoryLimit('p', policy, 'u', start + W + W / 5));
    expect(later.map((r) => r.success)).toEqual([true, true, false]);
    // Two windows later nothing remains.
    expect(memoryLimit('p', policy, 'u', start + 3 * W).remaining).toBe(9);
  });

  it('keeps identifiers and policies apart', () => {
    for (let i = 0; i < 10; i++) memoryLimit('p', policy, 'a', start);
    expect(memoryLimit('p', policy, 'a', start).success).toBe(false);
    expect(memoryLimit('p', policy, 'b', start).success).toBe(true);
    expect(memoryLimit('q', policy, 'a', start).success).toBe(true);
  });

  it('rounds Retry-After up to whole seconds, at least 1', () => {
    for (let i = 0; i < 10; i++) memoryLimit('p', policy, 'u', start + W - 300);
    expect(memoryLimit('p', policy, 'u', start + W - 300).retryAfterSeconds).toBe(1);
  });
});
