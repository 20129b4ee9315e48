// The one way the Redis layer logs, so tests can spy on redisLogger.log and
// every line carries the "[redis]" prefix. Failures during an outage would be
// logged per request; throttled() keeps that to one line per second per kind,
// reporting how many were suppressed.
import { log } from '@/lib/log';

type Level = 'debug' | 'info' | 'warn' | 'error';

const lastLogged = new Map<string, { at: number; suppressed: number }>();

export const redisLogger = {
  log(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
    log(level, `[redis] ${msg}`, fields);
  },

  throttled(kind: string, level: Level, msg: string, fields: Record<string, unknown> = {}, everyMs = 1000): void {
    const now = Date.now();
    const seen = lastLogged.get(kind);
    if (seen && now - seen.at < everyMs) {
      seen.suppressed += 1;
      return;
    }
    lastLogged.set(kind, { at: now, suppressed: 0 });
    redisLogger.log(level, msg, seen?.suppressed ? { ...fields, suppressed: seen.suppressed } : fields);
  },

  resetThrottle(): void {
    lastLogged.clear();
  },
};

/** The tenant a key belongs to, from the tenant:{id}:… layout. */
export function tenantOfKey(key: string | undefined): string | undefined {
  if (!key?.startsWith('tenant:')) return undefined;
  const end = key.indexOf(':', 'tenant:'.length);
  return end === -1 ? undefined : key.slice('tenant:'.length, end);
}
