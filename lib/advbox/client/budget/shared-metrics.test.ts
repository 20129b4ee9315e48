// The process's shared Advbox budget reports, per operation, how long each
// call waits for its slot and which calls it refuses (GET /api/metrics).
import { beforeEach, describe, expect, it } from 'vitest';
import { metrics } from '@/lib/metrics/registry';
import { ADVBOX_BUDGET, resetAdvboxBudgetForTests, sharedAdvboxBudget } from '.';

const waits = async () => {
  const v = (await metrics().advboxSlotWait.get()).values.filter((x) => x.labels.op === 'get');
  return { count: v.find((x) => x.metricName?.endsWith('_count'))?.value ?? 0, sum: v.find((x) => x.metricName?.endsWith('_sum'))?.value ?? 0 };
};
const refused = async () => (await metrics().advboxSlotRefused.get()).values.find((x) => x.labels.op === 'get')?.value ?? 0;

beforeEach(() => resetAdvboxBudgetForTests());

describe('shared Advbox budget metrics', () => {
  it('observes no wait within the budget, a wait past it, and a refusal past the wait allowed', async () => {
    const key = `metrics-${Date.now()}`;
    const now = 1_800_000_000_000;
    const before = { ...(await waits()), refused: await refused() };
    const within = ADVBOX_BUDGET.get.limit - ADVBOX_BUDGET.get.interactiveReserve;
    for (let i = 0; i < within; i++) expect((await sharedAdvboxBudget.reserve({ key, op: 'get', interactive: false, maxWaitMs: 600_000, now })).granted).toBe(true);
    expect(await waits()).toEqual({ count: before.count + within, sum: before.sum });

    // Background work has used its share: the next call waits for the window to move.
    const late = await sharedAdvboxBudget.reserve({ key, op: 'get', interactive: false, maxWaitMs: 600_000, now });
    expect(late.granted && late.at > now).toBe(true);
    const after = await waits();
    expect(after.count).toBe(before.count + within + 1);
    expect(after.sum).toBeGreaterThan(before.sum);

    // One that may not wait that long is refused, and counted as such.
    expect((await sharedAdvboxBudget.reserve({ key, op: 'get', interactive: false, maxWaitMs: 1_000, now })).granted).toBe(false);
    expect(await refused()).toBe(before.refused + 1);
  });
});
