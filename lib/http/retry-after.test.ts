import { describe, expect, it } from 'vitest';
import { retryAfterMs, retryAfterSeconds } from './retry-after';

describe('Retry-After', () => {
  const now = Date.parse('2026-12-02T12:00:00Z');

  it('reads delta-seconds', () => {
    expect(retryAfterMs(' 9 ', now)).toBe(9000);
    expect(retryAfterSeconds('60', now)).toBe(60);
  });

  it('reads an HTTP date, rounding seconds up, a past date as 0', () => {
    expect(retryAfterMs('Wed, 02 Dec 2026 12:00:02 GMT', now)).toBe(2000);
    expect(retryAfterSeconds('Wed, 02 Dec 2026 12:00:01 GMT', now - 500)).toBe(2);
    expect(retryAfterMs('Wed, 02 Dec 2026 11:59:00 GMT', now)).toBe(0);
  });

  it('is null when absent or unreadable', () => {
    for (const v of [null, undefined, '', 'soon']) expect(retryAfterMs(v, now)).toBeNull();
  });
});
