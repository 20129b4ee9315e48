// The budget a client asks before every request. Implementations keep the
// same algorithm (slots.ts) in this process (memory.ts) or in Redis
// (redis.ts), where every instance of the app shares it.
import type { AdvboxOperation } from './policy';
import type { Grant } from './slots';

export interface SlotRequest {
  /** Whose budget: one per Advbox token (see budgetKey). */
  key: string;
  op: AdvboxOperation;
  interactive: boolean;
  /** A grant later than now + this is refused (and not recorded). */
  maxWaitMs: number;
  now: number;
}

export interface AdvboxBudget {
  reserve(request: SlotRequest): Promise<Grant>;
  /** Advbox answered 429: nothing of this key and operation is sent before `untilMs`. */
  pause(key: string, op: AdvboxOperation, untilMs: number, now: number): Promise<void>;
}
