// One rule for every service a test suite needs (Redis now; Chromium for the
// browser suite): use the one provided explicitly, else the one this machine
// already has, else one started for the run. When none can be had, the suites
// that need it are skipped with one line saying why and how to enable them —
// except under CI, where a missing service is a failure, never a skip.

export interface Service {
  /** 'Redis', 'Chromium'. */
  name: string;
  /** What is skipped without it: 'Redis-backed suites'. */
  suites: string;
  /** How to make it available, for the message. */
  enable: string;
}

export interface Availability<Use, Start> {
  /** The instance provided explicitly (an environment variable), when it works. */
  given?: Use;
  /** The instance found on this machine, when it works. */
  local?: Use;
  /** What can be started for the run (e.g. a binary), when anything can. */
  startable?: Start;
  /** Why each way tried did not work, for the message when none does. */
  tried: string[];
}

export type Choice<Use, Start> =
  | { action: 'use'; source: 'given' | 'local'; value: Use }
  | { action: 'start'; value: Start }
  | { action: 'skip'; message: string }
  | { action: 'fail'; message: string };

export function choose<Use, Start>(
  service: Service,
  found: Availability<Use, Start>,
  { ci }: { ci: boolean },
): Choice<Use, Start> {
  if (found.given !== undefined) return { action: 'use', source: 'given', value: found.given };
  if (found.local !== undefined) return { action: 'use', source: 'local', value: found.local };
  if (found.startable !== undefined) return { action: 'start', value: found.startable };
  const why = found.tried.join('; ');
  if (ci) return { action: 'fail', message: `[test] CI=true needs ${service.name} for the ${service.suites}, and none can be had: ${why}. ${service.enable}.` };
  return {
    action: 'skip',
    message: `[test] SKIPPING the ${service.suites}: no ${service.name} (${why}). ${service.enable} to run them (under CI=true this fails instead).`,
  };
}

/** CI=true (or any value but '', '0', 'false'), as CI services set it. */
export function isCi(env: Record<string, string | undefined> = process.env): boolean {
  const v = env.CI?.trim().toLowerCase();
  return v !== undefined && v !== '' && v !== '0' && v !== 'false';
}
