// Reconnection delays: 1 s, 2 s, 4 s … capped at 30 s, each drawn in
// [half, full] so that browsers dropped together (a deploy) do not all
// come back in the same second.
export const BACKOFF_MIN_MS = 1000;
export const BACKOFF_MAX_MS = 30_000;

export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const full = Math.min(BACKOFF_MIN_MS * 2 ** Math.max(0, attempt), BACKOFF_MAX_MS);
  return Math.round(full / 2 + random() * (full / 2));
}
