import { describe, expect, it } from 'vitest';
import { PluggyApiError, PluggyNetworkError } from './errors';
import { BACKGROUND, INTERACTIVE, retryDelay } from './retry-policy';

const req = { method: 'GET', path: '/items/x' };
const http = (status: number, retryAfter: number | null = null) => new PluggyApiError(status, 'x', null, retryAfter, req, null);
const net = new PluggyNetworkError('down', req, false);
const half = () => 0.5;

describe('retryDelay', () => {
  it('interactive: one quick retry of a 5xx or network failure, never a long Retry-After', () => {
    expect(retryDelay(INTERACTIVE, 1, http(503), { idempotent: true, random: half })).toBeLessThanOrEqual(INTERACTIVE.maxWaitMs);
    expect(retryDelay(INTERACTIVE, 1, net, { idempotent: true, random: half })).not.toBeNull();
    expect(retryDelay(INTERACTIVE, 2, http(503), { idempotent: true })).toBeNull();
    expect(retryDelay(INTERACTIVE, 1, http(429, 60), { idempotent: true })).toBeNull();
    expect(retryDelay(INTERACTIVE, 1, http(429, 5), { idempotent: true })).toBeNull();
    const oneSecond = retryDelay(INTERACTIVE, 1, http(429, 1), { idempotent: true, random: () => 0.99 })!;
    expect(oneSecond).toBeGreaterThanOrEqual(1000);
    expect(oneSecond).toBeLessThan(1100);
  });

  it('background: exponential backoff with jitter, Retry-After honoured up to the cap', () => {
    const waits = [1, 2, 3, 4, 5].map((a) => retryDelay(BACKGROUND, a, http(500), { idempotent: true, random: () => 0.99 })!);
    for (let i = 1; i < waits.length; i++) expect(waits[i]!).toBeGreaterThan(waits[i - 1]!);
    expect(retryDelay(BACKGROUND, 6, http(500), { idempotent: true })).toBeNull();
    expect(retryDelay(BACKGROUND, 1, http(429, 60), { idempotent: true, random: () => 0 })).toBe(60_000);
    expect(retryDelay({ ...BACKGROUND, maxWaitMs: 10_000 }, 1, http(429, 60), { idempotent: true })).toBeNull();
    const lows = new Set([0, 0.3, 0.7].map((r) => retryDelay(BACKGROUND, 3, http(502), { idempotent: true, random: () => r })));
    expect(lows.size).toBe(3);
  });

  it('never retries a 4xx, nor a 5xx or network failure of a request that is not idempotent', () => {
    for (const s of [400, 401, 403, 404, 409]) expect(retryDelay(BACKGROUND, 1, http(s), { idempotent: true })).toBeNull();
    expect(retryDelay(BACKGROUND, 1, http(500), { idempotent: false })).toBeNull();
    expect(retryDelay(BACKGROUND, 1, net, { idempotent: false })).toBeNull();
    // A 429 was not processed: safe to repeat whatever the method.
    expect(retryDelay(BACKGROUND, 1, http(429, 1), { idempotent: false })).not.toBeNull();
    expect(retryDelay(BACKGROUND, 1, new Error('bug'), { idempotent: true })).toBeNull();
  });
});
