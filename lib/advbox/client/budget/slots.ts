// The limiter's algorithm, shared by the in-process budget and (as Lua) the
// Redis one. Each (token, operation) keeps two logs of granted send times:
// background calls may hold `limit - reserve` of any window, interactive
// calls `reserve` more. A log of capacity k grants the earliest time that is
// (a) not before now or a 429 pause, (b) not before its own last grant
// (grants are monotonic), and (c) at least window + margin after the k-th
// most recent grant, so no window of that length holds more than k grants
// of the log, and no window holds more than `limit` in total. A caller is
// granted a FUTURE time and sleeps until it: waiting callers queue in
// order, and a caller that cannot be served within its deadline is told
// when it could be, without taking a place.
import type { BudgetPolicy } from './policy';

export interface SlotLogs {
  background: number[];
  interactive: number[];
  pausedUntil: number;
}

export type Grant = { granted: true; at: number } | { granted: false; at: number };

function nextSlot(log: readonly number[], capacity: number, start: number, window: number): number | null {
  if (capacity <= 0) return null;
  let at = start;
  if (log.length > 0) at = Math.max(at, log[log.length - 1]!);
  if (log.length >= capacity) at = Math.max(at, log[log.length - capacity]! + window);
  return at;
}

export function capacities(policy: BudgetPolicy): { background: number; interactive: number } {
  const interactive = Math.min(Math.max(0, policy.interactiveReserve), policy.limit - 1);
  return { background: policy.limit - interactive, interactive };
}

/** Grants (and records) the earliest slot for a call, or says when one would be free. */
export function reserveSlot(logs: SlotLogs, now: number, policy: BudgetPolicy, interactive: boolean, maxWaitMs: number): Grant {
  const window = policy.windowMs + policy.marginMs;
  const start = Math.max(now, logs.pausedUntil);
  const cap = capacities(policy);
  let at = nextSlot(logs.background, cap.background, start, window)!;
  let log = logs.background;
  let capacity = cap.background;
  if (interactive) {
    const ia = nextSlot(logs.interactive, cap.interactive, start, window);
    // On a tie the background log serves, keeping the reserve for later.
    if (ia !== null && ia < at) {
      at = ia;
      log = logs.interactive;
      capacity = cap.interactive;
    }
  }
  if (at - now > maxWaitMs) return { granted: false, at };
  log.push(at);
  if (log.length > capacity) log.splice(0, log.length - capacity);
  return { granted: true, at };
}
