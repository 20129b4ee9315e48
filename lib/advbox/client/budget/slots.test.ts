import { describe, expect, it } from 'vitest';
import { maxInWindow } from '@/test/advbox';
import { reserveSlot, type SlotLogs } from './slots';

const policy = { limit: 30, windowMs: 60_000, marginMs: 1_000, interactiveReserve: 3 };
const fresh = (): SlotLogs => ({ background: [], interactive: [], pausedUntil: 0 });
const T0 = 1_800_000_000_000;

describe('reserveSlot', () => {
  it('lets background calls burst to limit - reserve, then spaces them a window + margin after', () => {
    const logs = fresh();
    const at = Array.from({ length: 60 }, () => reserveSlot(logs, T0, policy, false, Infinity)).map((g) => g.at - T0);
    expect(at.slice(0, 27)).toEqual(Array(27).fill(0));
    expect(at.slice(27, 54)).toEqual(Array(27).fill(61_000));
    expect(at[54]).toBe(122_000);
  });

  it('never grants more than `limit` in any window, whatever the mix of callers', () => {
    const logs = fresh();
    let now = T0;
    const granted: number[] = [];
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      now += Math.floor(rnd() * 3000);
      const g = reserveSlot(logs, now, policy, rnd() < 0.3, rnd() < 0.5 ? 5_000 : Infinity);
      if (g.granted) granted.push(g.at);
      expect(g.at).toBeGreaterThanOrEqual(now);
    }
    expect(granted.length).toBeGreaterThan(500);
    expect(maxInWindow(granted, 61_000)).toBeLessThanOrEqual(30);
    expect(maxInWindow(granted, 61_000)).toBeGreaterThanOrEqual(28);
  });

  it('keeps the reserve for interactive calls while background work has used its share', () => {
    const logs = fresh();
    for (let i = 0; i < 27; i++) reserveSlot(logs, T0, policy, false, Infinity);
    expect(reserveSlot(logs, T0 + 10, policy, false, 3_000)).toEqual({ granted: false, at: T0 + 61_000 });
    const ia = [1, 2, 3, 4].map(() => reserveSlot(logs, T0 + 10, policy, true, 3_000));
    expect(ia.slice(0, 3)).toEqual(Array(3).fill({ granted: true, at: T0 + 10 }));
    expect(ia[3]!.granted).toBe(false);
  });

  it('refuses without recording when the slot is past the wait allowed', () => {
    const logs = fresh();
    for (let i = 0; i < 27; i++) reserveSlot(logs, T0, policy, false, Infinity);
    const before = structuredClone(logs);
    expect(reserveSlot(logs, T0, policy, false, 60_999).granted).toBe(false);
    expect(logs).toEqual(before);
  });

  it('grants nothing before a 429 pause ends', () => {
    const logs = fresh();
    logs.pausedUntil = T0 + 45_000;
    expect(reserveSlot(logs, T0, policy, true, Infinity)).toEqual({ granted: true, at: T0 + 45_000 });
  });
});
