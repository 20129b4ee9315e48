import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EnvError, envSchema, parseEnv } from '@/lib/env';

function problems(source: Record<string, string>) {
  try {
    parseEnv(source);
  } catch (err) {
    expect(err).toBeInstanceOf(EnvError);
    return (err as EnvError).problems;
  }
  throw new Error('expected parseEnv to fail');
}

describe('environment validation', () => {
  it('accepts an empty environment (embedded defaults) and applies defaults', () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_TIMEOUT_MS).toBe(300);
    expect(env.SESSION_TTL_DAYS).toBe(14);
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', UPSTASH_REDIS_REST_URL: '  ' }).DATABASE_URL).toBeUndefined();
  });

  it('names the malformed variable', () => {
    expect(problems({ DATABASE_URL: 'mysql://x' })).toEqual([
      { variable: 'DATABASE_URL', message: expect.stringMatching(/postgres/) },
    ]);
    expect(problems({ REDIS_TIMEOUT_MS: 'fast' })[0]?.variable).toBe('REDIS_TIMEOUT_MS');
    expect(problems({ PLUGGY_API_URL: 'http://127.0.0.1:4010/' })[0]?.variable).toBe('PLUGGY_API_URL');
    expect(problems({ PLUGGY_SANDBOX_URL: 'http://127.0.0.1:4010/' })[0]?.variable).toBe('PLUGGY_SANDBOX_URL');
    expect(problems({ ENCRYPTION_KEY: 'short' })[0]?.variable).toBe('ENCRYPTION_KEY');
    expect(problems({ CLERK_SECRET_KEY: 'nope', NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: 'pk_test_x' })[0]?.variable).toBe(
      'CLERK_SECRET_KEY',
    );
  });

  it('requires paired variables together', () => {
    expect(problems({ UPSTASH_REDIS_REST_URL: 'https://x.upstash.io' })[0]?.variable).toBe('UPSTASH_REDIS_REST_TOKEN');
    expect(problems({ CLERK_SECRET_KEY: 'sk_test_x' })[0]?.variable).toBe('NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY');
    expect(problems({ PLUGGY_CLIENT_ID: 'app-client' })[0]?.variable).toBe('PLUGGY_CLIENT_SECRET');
    expect(problems({ PLUGGY_CLIENT_SECRET: 'app-secret' })[0]?.variable).toBe('PLUGGY_CLIENT_ID');
  });

  it('reads the job settings, booleans as true/false/1/0', () => {
    expect(parseEnv({})).toMatchObject({ JOBS_IN_WEB: true, JOBS_POOL_MAX: 4, JOBS_STOP_TIMEOUT_MS: 15_000 });
    expect(parseEnv({ JOBS_IN_WEB: 'false' }).JOBS_IN_WEB).toBe(false);
    expect(parseEnv({ JOBS_IN_WEB: '0' }).JOBS_IN_WEB).toBe(false);
    expect(parseEnv({ JOBS_IN_WEB: 'TRUE' }).JOBS_IN_WEB).toBe(true);
    expect(problems({ JOBS_IN_WEB: 'no' })[0]?.variable).toBe('JOBS_IN_WEB');
    expect(problems({ JOBS_POOL_MAX: '1' })[0]?.variable).toBe('JOBS_POOL_MAX');
    expect(problems({ JOBS_STOP_TIMEOUT_MS: '10' })[0]?.variable).toBe('JOBS_STOP_TIMEOUT_MS');
  });

  it('requires DATABASE_URL in production', () => {
    expect(problems({ NODE_ENV: 'production' })[0]?.variable).toBe('DATABASE_URL');
  });

  it('the error message lists every problem with the variable name', () => {
    try {
      parseEnv({ DATABASE_URL: 'x', LOG_LEVEL: 'loud' });
    } catch (err) {
      expect((err as Error).message).toMatch(/DATABASE_URL/);
      expect((err as Error).message).toMatch(/LOG_LEVEL/);
    }
  });

  it('.env.example documents every variable the app reads', () => {
    const example = readFileSync('.env.example', 'utf8');
    const documented = new Set([...example.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const read = Object.keys(envSchema.shape).filter((k) => k !== 'NODE_ENV');
    expect(read.filter((k) => !documented.has(k))).toEqual([]);
    expect([...documented].filter((k) => !read.includes(k as string))).toEqual([]);
  });
});
