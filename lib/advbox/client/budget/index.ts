// The budget every Advbox client of this process uses unless given one:
// in Redis when Redis is configured (shared by all instances), else in this
// process (exact for a single instance only).
import { observeAdvboxSlot } from '@/lib/metrics/observe';
import { isRedisConfigured } from '@/lib/redis/client';
import type { AdvboxBudget, SlotRequest } from './budget';
import { MemoryBudget } from './memory';
import type { AdvboxOperation } from './policy';
import { RedisBudget } from './redis';

export type { AdvboxBudget, SlotRequest } from './budget';
export { MemoryBudget } from './memory';
export { RedisBudget, BUDGET_PREFIX } from './redis';
export { ADVBOX_BUDGET, DEFAULT_RETRY_AFTER_MS, type AdvboxOperation, type BudgetPolicy } from './policy';
export { reserveSlot, type Grant, type SlotLogs } from './slots';

interface Shared {
  memory: MemoryBudget;
  redis: RedisBudget;
}

// On globalThis: route handlers and jobs in different bundles of one process share it.
const KEY = Symbol.for('concilia.advboxBudget');
const box = globalThis as Record<symbol, Shared | undefined>;

function shared(): Shared {
  let s = box[KEY];
  if (!s) {
    const memory = new MemoryBudget();
    s = box[KEY] = { memory, redis: new RedisBudget({ fallback: memory }) };
  }
  return s;
}

class ConfiguredBudget implements AdvboxBudget {
  private pick(): AdvboxBudget {
    return isRedisConfigured() ? shared().redis : shared().memory;
  }

  async reserve(r: SlotRequest) {
    const grant = await this.pick().reserve(r);
    // How long the call waits for its slot (0 within the budget), or that it was refused.
    observeAdvboxSlot(r.op, grant.granted ? Math.max(0, grant.at - r.now) / 1000 : null);
    return grant;
  }

  pause(key: string, op: AdvboxOperation, untilMs: number, now: number) {
    return this.pick().pause(key, op, untilMs, now);
  }
}

export const sharedAdvboxBudget: AdvboxBudget = new ConfiguredBudget();

/** Forgets this process's counts (tests). */
export function resetAdvboxBudgetForTests(): void {
  shared().memory.clear();
}
