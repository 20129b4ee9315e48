// Rate-limit tests run in a known spot of the sliding window: Date frozen one
// second into the next whole minute (timers keep running).
import { vi } from 'vitest';

export const MINUTE = 60_000;

/** Freezes Date 1 s into the next minute and returns that instant (ms). */
export function freezeOneSecondIntoNextMinute(): number {
  const now = (Math.floor(Date.now() / MINUTE) + 1) * MINUTE + 1000;
  vi.useFakeTimers({ toFake: ['Date'], now });
  return now;
}
