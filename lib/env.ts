// Every environment variable the app reads, parsed once at start-up.
// A malformed value fails fast with a message that names the variable.
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const optionalUrl = (protocols: string[]) =>
  optionalString.refine(
    (v) => {
      if (v === undefined) return true;
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL (${protocols.join(' or ')})` },
  );

const flag = (fallback: boolean) =>
  optionalString
    .refine((v) => v === undefined || /^(true|false|1|0)$/i.test(v), { message: 'must be true or false' })
    .transform((v) => (v === undefined ? fallback : /^(true|1)$/i.test(v)));

const intInRange = (min: number, max: number, fallback: number) =>
  optionalString
    .refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= min && Number(v) <= max), {
      message: `must be an integer from ${min} to ${max}`,
    })
    .transform((v) => (v === undefined ? fallback : Number(v)));

// 32 bytes as 64 hex chars or base64, optionally prefixed "keyId:".
const encryptionKey = optionalString.refine(
  (v) => v === undefined || /^([A-Za-z0-9_-]{1,16}:)?([0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)$/.test(v),
  { message: 'must be 32 bytes as 64 hex characters or base64, optionally prefixed "keyId:"' },
);

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),

    // Database
    DATABASE_URL: optionalUrl(['postgres:', 'postgresql:']),
    DATABASE_POOL_MAX: intInRange(1, 500, 10),
    PRISMA_ACCELERATE_URL: optionalUrl(['prisma:', 'prisma+postgres:', 'https:']),

    // Auth (Clerk when both keys are set; built-in e-mail + password otherwise)
    CLERK_SECRET_KEY: optionalString.refine((v) => v === undefined || /^sk_(test|live)_/.test(v), {
      message: 'must start with sk_test_ or sk_live_',
    }),
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: optionalString.refine(
      (v) => v === undefined || /^pk_(test|live)_/.test(v),
      { message: 'must start with pk_test_ or pk_live_' },
    ),
    CLERK_JWT_KEY: optionalString,
    SESSION_TTL_DAYS: intInRange(1, 90, 14),
    AUTH_CACHE_TTL_MS: intInRange(0, 3_600_000, 300_000),

    // Redis (Upstash REST, or plain Redis over TCP for self-hosting)
    UPSTASH_REDIS_REST_URL: optionalUrl(['http:', 'https:']),
    UPSTASH_REDIS_REST_TOKEN: optionalString,
    REDIS_URL: optionalUrl(['redis:', 'rediss:']),
    REDIS_TIMEOUT_MS: intInRange(10, 10_000, 300),
    REDIS_SLOW_MS: intInRange(1, 10_000, 50),
    CACHE_LOCAL_MAX_MB: intInRange(0, 4096, 32),

    // Real-time events (lib/events): transport between instances, replay window, SSE heartbeat
    EVENTS_TRANSPORT: optionalString
      .refine((v) => v === undefined || ['auto', 'postgres', 'redis'].includes(v), { message: 'must be auto, postgres or redis' })
      .transform((v) => (v ?? 'auto') as 'auto' | 'postgres' | 'redis'),
    EVENTS_RETENTION_MINUTES: intInRange(1, 1440, 15),
    SSE_HEARTBEAT_MS: intInRange(10, 300_000, 25_000),

    // Encryption of integration secrets at rest
    ENCRYPTION_KEY: encryptionKey,
    ENCRYPTION_KEYS_OLD: optionalString,

    // Pluggy
    PLUGGY_API_URL: optionalUrl(['http:', 'https:']).refine((v) => v === undefined || !v.endsWith('/'), {
      message: 'must not end with a slash',
    }),
    PLUGGY_CLIENT_ID: optionalString,
    PLUGGY_CLIENT_SECRET: optionalString,
    PLUGGY_SANDBOX_URL: optionalUrl(['http:', 'https:']).refine((v) => v === undefined || !v.endsWith('/'), {
      message: 'must not end with a slash',
    }),
    PLUGGY_WEBHOOK_SECRET: optionalString,
    // Embedded demo (lib/demo/pluggy-demo.ts): a new client payment by webhook every N seconds.
    DEMO_LIVE_PAYMENTS: flag(true),
    DEMO_LIVE_PAYMENT_SECONDS: intInRange(5, 3600, 60),

    // Advbox
    ADVBOX_API_URL: optionalUrl(['http:', 'https:']),

    // Background jobs (pg-boss on DATABASE_URL, schema "pgboss")
    JOBS_IN_WEB: flag(true),
    JOBS_POOL_MAX: intInRange(2, 100, 4),
    JOBS_STOP_TIMEOUT_MS: intInRange(1000, 600_000, 15_000),

    // App
    APP_URL: optionalUrl(['http:', 'https:']),
    // Reverse proxies in front of the app whose X-Forwarded-For / -Proto are
    // believed (0 = none: the TCP peer is the client).
    TRUSTED_PROXIES: intInRange(0, 10, 0),
    // Bearer token for GET /api/metrics (unset: the route answers 404).
    METRICS_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 16, 'METRICS_TOKEN must have at least 16 characters'),
    PORT: intInRange(1, 65535, 3000),
    CONCILIA_DATA_DIR: optionalString,
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.UPSTASH_REDIS_REST_URL) !== Boolean(env.UPSTASH_REDIS_REST_TOKEN)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.UPSTASH_REDIS_REST_URL ? 'UPSTASH_REDIS_REST_TOKEN' : 'UPSTASH_REDIS_REST_URL'],
        message: 'UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN must be set together',
      });
    }
    if (Boolean(env.CLERK_SECRET_KEY) !== Boolean(env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.CLERK_SECRET_KEY ? 'NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY' : 'CLERK_SECRET_KEY'],
        message: 'CLERK_SECRET_KEY and NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY must be set together',
      });
    }
    if (env.EVENTS_TRANSPORT === 'redis' && !env.REDIS_URL) {
      ctx.addIssue({ code: 'custom', path: ['EVENTS_TRANSPORT'], message: 'redis needs REDIS_URL' });
    }
    if (Boolean(env.PLUGGY_CLIENT_ID) !== Boolean(env.PLUGGY_CLIENT_SECRET)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.PLUGGY_CLIENT_ID ? 'PLUGGY_CLIENT_SECRET' : 'PLUGGY_CLIENT_ID'],
        message: 'PLUGGY_CLIENT_ID and PLUGGY_CLIENT_SECRET must be set together',
      });
    }
    if (env.NODE_ENV === 'production' && !env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required in production' });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      'Invalid environment configuration:\n' +
        problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n') +
        '\nSee .env.example for every variable and its format.',
    );
    this.name = 'EnvError';
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  throw new EnvError(
    result.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? '(environment)'),
      message: issue.message,
    })),
  );
}

let cached: Env | undefined;

/** The validated environment of this process (parsed on first use). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}
