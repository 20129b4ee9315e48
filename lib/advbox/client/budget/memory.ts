// The budget kept in this process: exact for one instance of the app. With
// several instances and no Redis, each would spend the whole budget, and
// Advbox's 429s (which pause every caller of that token here) would be
// what keeps them in line.
import type { AdvboxBudget, SlotRequest } from './budget';
import { ADVBOX_BUDGET, type AdvboxOperation, type BudgetPolicy } from './policy';
import { reserveSlot, type Grant, type SlotLogs } from './slots';

export class MemoryBudget implements AdvboxBudget {
  private readonly logs = new Map<string, SlotLogs>();

  constructor(private readonly policies: Record<AdvboxOperation, BudgetPolicy> = ADVBOX_BUDGET) {}

  private state(key: string, op: AdvboxOperation): SlotLogs {
    const k = `${key}:${op}`;
    let s = this.logs.get(k);
    if (!s) this.logs.set(k, (s = { background: [], interactive: [], pausedUntil: 0 }));
    return s;
  }

  async reserve(r: SlotRequest): Promise<Grant> {
    return reserveSlot(this.state(r.key, r.op), r.now, this.policies[r.op], r.interactive, r.maxWaitMs);
  }

  async pause(key: string, op: AdvboxOperation, untilMs: number): Promise<void> {
    const s = this.state(key, op);
    s.pausedUntil = Math.max(s.pausedUntil, untilMs);
  }

  clear(): void {
    this.logs.clear();
  }
}
