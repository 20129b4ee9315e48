// Time as the client sees it: the rate limiter, the 429 back-off and the
// crawl's pauses all go through a Clock, so tests run a minute of Advbox
// budget in a fraction of a second instead of waiting it out.
export interface Clock {
  now(): number;
  /** Resolves after `ms` of this clock's time; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(done, Math.max(0, ms));
    function done() {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    }
    signal?.addEventListener('abort', abort, { once: true });
  });
}

export const systemClock: Clock = { now: () => Date.now(), sleep: realSleep };

/**
 * A clock running `factor` times faster than real time from `start`: a
 * minute passes in 60/factor seconds, for both the client and the sandbox
 * (give both the same instance). Real latency is multiplied by the factor
 * in this clock's terms, so keep the factor modest (10–50).
 */
export function scaledClock(factor: number, start = Date.now()): Clock {
  const t0 = performance.now();
  return {
    now: () => start + Math.floor((performance.now() - t0) * factor),
    sleep: (ms, signal) => realSleep(ms / factor, signal),
  };
}
