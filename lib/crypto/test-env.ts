// Test helper: run with encryption variables set, restoring them afterwards.
import { randomBytes } from 'node:crypto';
import { resetEnvCache } from '@/lib/env';

const VARS = ['ENCRYPTION_KEY', 'ENCRYPTION_KEYS_OLD', 'NODE_ENV', 'CONCILIA_DATA_DIR'] as const;
type Vars = Partial<Record<(typeof VARS)[number], string>>;

export function randomKeyHex(): string {
  return randomBytes(32).toString('hex');
}

/** Replaces the encryption-related environment; returns a restore function. */
export function setCryptoEnv(vars: Vars): () => void {
  // NODE_ENV is typed read-only; tests still need to switch it.
  const penv = process.env as Record<string, string | undefined>;
  const saved = Object.fromEntries(VARS.map((v) => [v, penv[v]]));
  for (const v of VARS) if (v !== 'NODE_ENV') delete penv[v];
  Object.assign(penv, vars);
  resetEnvCache();
  return () => {
    for (const v of VARS) {
      if (saved[v] === undefined) delete penv[v];
      else penv[v] = saved[v];
    }
    resetEnvCache();
  };
}
