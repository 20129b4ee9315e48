// A job type: its name, the zod schema of its payload, its handler and how it
// is retried, timed out and coalesced. Definitions are plain values; the
// registry (registry.ts) lists the app's, and workers run what they are given.
import type { z } from 'zod';

export interface RetryPolicy {
  /** Retries after the first attempt (0 = run once). */
  limit: number;
  /** Delay before the first retry, in seconds. */
  delaySeconds: number;
  /** Double the delay at each retry (with jitter), capped by maxDelaySeconds. */
  backoff: boolean;
  maxDelaySeconds?: number;
}

/** What a handler may report while it runs; GET /api/jobs/[id] shows the last value. */
export interface JobProgress {
  done: number;
  total?: number;
  /** Short code of the current step, e.g. 'transactions'. */
  stage?: string;
}

export interface JobContext {
  jobId: string;
  /** 1 for the first run, 2 for the first retry, … */
  attempt: number;
  /** Aborted when the job times out or the worker shuts down past its grace period. */
  signal: AbortSignal;
  /** Stores progress on the job (one UPDATE; call it a few times per second at most). */
  progress(p: JobProgress): Promise<void>;
}

/**
 * At most one job of this type running and at most one queued per key (a
 * burst of enqueues while one runs costs one more run, not one per enqueue).
 * Without `key` there is one key for the whole type.
 */
export interface Coalescing<P> {
  key?: (payload: P) => string;
  /**
   * A newly queued run waits this long before it may start, gathering the
   * requests that arrive meanwhile (at most one run per this interval while
   * requests keep coming). Default 0.
   */
  delaySeconds?: number;
}

export interface JobSpec<S extends z.ZodType> {
  /** Queue name: letters, digits, '.', '_', '-' (e.g. 'pluggy.sync'). */
  name: string;
  schema: S;
  handler: (payload: z.output<S>, ctx: JobContext) => Promise<unknown>;
  retry?: Partial<RetryPolicy>;
  /** Longest a run may take; past it the run is failed (and retried) and its signal aborted. */
  timeoutSeconds?: number;
  coalesce?: Coalescing<z.output<S>>;
  /**
   * A running job's worker touches it this often (x½); a job not touched for
   * this long (its worker died, or lost the database while settling) is
   * retried. At least 10 (default 30).
   */
  heartbeatSeconds?: number;
  /** Runs of this type one worker process executes at once (default 1). */
  concurrency?: number;
  /**
   * Wake idle workers with NOTIFY on enqueue (~15 ms to start) instead of
   * their next poll (up to 2 s). NOTIFYs serialise commits, which costs
   * enqueue throughput under many concurrent enqueuers (bench:jobs). Default true.
   */
  notify?: boolean;
  /**
   * Also enqueue on this cron schedule (UTC unless tz) with this payload
   * (default {}); `runAtStart`: and once when a process starts its workers
   * (a sweep that should not wait for the first tick after a crash).
   */
  schedule?: { cron: string; tz?: string; payload?: z.input<S>; runAtStart?: boolean };
  /** How long finished jobs (completed, failed) stay visible (default 7 days). */
  keepDays?: number;
}

export interface JobDefinition<In = unknown, Out = unknown> {
  readonly name: string;
  readonly schema: z.ZodType<Out, In>;
  readonly handler: (payload: Out, ctx: JobContext) => Promise<unknown>;
  readonly retry: RetryPolicy;
  readonly timeoutSeconds: number;
  readonly coalesce: Coalescing<Out> | null;
  readonly heartbeatSeconds: number;
  readonly concurrency: number;
  readonly notify: boolean;
  readonly schedule: { cron: string; tz?: string; payload?: In; runAtStart?: boolean } | null;
  readonly keepDays: number;
}

/** Any job definition, whatever its payload (for lists such as the registry). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- payload types vary per job
export type AnyJob = JobDefinition<any, any>;

/** What enqueue() accepts for a definition (the schema's input). */
export type PayloadOf<J> = J extends JobDefinition<infer In, infer _Out> ? In : never;

export const DEFAULT_RETRY: RetryPolicy = { limit: 3, delaySeconds: 30, backoff: true, maxDelaySeconds: 3600 };
export const DEFAULT_TIMEOUT_SECONDS = 15 * 60;
export const DEFAULT_KEEP_DAYS = 7;
export const DEFAULT_HEARTBEAT_SECONDS = 30;

const NAME = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/;

export function defineJob<S extends z.ZodType>(spec: JobSpec<S>): JobDefinition<z.input<S>, z.output<S>> {
  if (!NAME.test(spec.name) || spec.name.length > 100) throw new Error(`invalid job name: ${JSON.stringify(spec.name)}`);
  const retry = { ...DEFAULT_RETRY, ...spec.retry };
  if (!Number.isInteger(retry.limit) || retry.limit < 0) throw new Error(`${spec.name}: retry.limit must be an integer >= 0`);
  if (!(retry.delaySeconds >= 0)) throw new Error(`${spec.name}: retry.delaySeconds must be >= 0`);
  const timeoutSeconds = spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1) throw new Error(`${spec.name}: timeoutSeconds must be an integer >= 1`);
  const heartbeatSeconds = spec.heartbeatSeconds ?? DEFAULT_HEARTBEAT_SECONDS;
  if (!Number.isInteger(heartbeatSeconds) || heartbeatSeconds < 10) throw new Error(`${spec.name}: heartbeatSeconds must be an integer >= 10`);
  const concurrency = spec.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`${spec.name}: concurrency must be an integer >= 1`);
  return Object.freeze({
    name: spec.name,
    schema: spec.schema as unknown as z.ZodType<z.output<S>, z.input<S>>,
    handler: spec.handler,
    retry,
    timeoutSeconds,
    coalesce: spec.coalesce ?? null,
    heartbeatSeconds,
    concurrency,
    notify: spec.notify ?? true,
    schedule: (spec.schedule ?? null) as { cron: string; tz?: string; payload?: z.input<S>; runAtStart?: boolean } | null,
    keepDays: spec.keepDays ?? DEFAULT_KEEP_DAYS,
  });
}

/**
 * Thrown by a handler when retrying cannot help (the payload names something
 * that no longer exists, a credential was revoked): the job fails at once,
 * without its remaining retries.
 */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

/** A payload that did not match its job's schema (at enqueue, or when a run starts). */
export class JobPayloadError extends Error {
  constructor(
    readonly job: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(`invalid payload for job ${job}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'JobPayloadError';
  }
}

export function parsePayload<In, Out>(job: JobDefinition<In, Out>, payload: unknown): Out {
  const result = job.schema.safeParse(payload);
  if (result.success) return result.data;
  throw new JobPayloadError(
    job.name,
    result.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message })),
  );
}
