// What the API says about a job: stable state codes (the UI translates them),
// attempts, the last error's message (never its stack), progress. Pure: rows
// from pg-boss's job table in, DTOs out.
import type { JobProgress } from './define';

/**
 * pg-boss's states. `failed` is the dead-letter state: every attempt failed
 * (or the handler gave up with PermanentJobError); the job stays visible for
 * its keepDays and can be retried.
 */
export const JOB_STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface JobRow {
  id: string;
  name: string;
  state: string;
  retry_count: number;
  retry_limit: number;
  output: unknown;
  created_on: Date | string;
  started_on: Date | string | null;
  completed_on: Date | string | null;
  start_after: Date | string;
}

export interface JobDto {
  id: string;
  /** The job type (its name in the registry), e.g. 'kpi.refresh'. */
  type: string;
  state: JobState;
  /** Runs started so far (0 while it waits for its first). */
  attempts: number;
  maxAttempts: number;
  /** Message of the last failure, when the job is retrying, failed, or running again after one. */
  lastError: string | null;
  progress: JobProgress | null;
  createdAt: string;
  startedAt: string | null;
  /** When it settled: completed, failed or cancelled. */
  completedAt: string | null;
  /** Earliest next run, while it waits (created or retry). */
  runAfter: string | null;
}

export const JOB_COLUMNS = 'id, name, state::text AS state, retry_count, retry_limit, output, created_on, started_on, completed_on, start_after';

const MAX_ERROR_CHARS = 500;

function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The error message pg-boss stored: a serialised Error, or { value: message | { message } } for its own. */
export function errorMessageOf(output: unknown): string | null {
  const o = asRecord(output);
  if (!o) return null;
  let message: unknown = o.message;
  if (typeof message !== 'string') {
    const v = o.value;
    message = typeof v === 'string' ? v : asRecord(v)?.message;
  }
  if (typeof message !== 'string' || message === '') return null;
  return message.length > MAX_ERROR_CHARS ? `${message.slice(0, MAX_ERROR_CHARS - 1)}…` : message;
}

export function progressOf(output: unknown): JobProgress | null {
  const p = asRecord(asRecord(output)?.progress);
  if (!p || typeof p.done !== 'number') return null;
  return {
    done: p.done,
    ...(typeof p.total === 'number' ? { total: p.total } : {}),
    ...(typeof p.stage === 'string' ? { stage: p.stage } : {}),
  };
}

function stateOf(raw: string): JobState {
  return (JOB_STATES as readonly string[]).includes(raw) ? (raw as JobState) : 'failed';
}

export function toJobDto(row: JobRow): JobDto {
  const state = stateOf(row.state);
  return {
    id: row.id,
    type: row.name,
    state,
    attempts: row.started_on === null ? 0 : Number(row.retry_count) + 1,
    maxAttempts: Number(row.retry_limit) + 1,
    lastError: state === 'completed' || state === 'created' ? null : errorMessageOf(row.output),
    progress: progressOf(row.output),
    createdAt: iso(row.created_on)!,
    startedAt: iso(row.started_on),
    completedAt: iso(row.completed_on),
    runAfter: state === 'created' || state === 'retry' ? iso(row.start_after) : null,
  };
}
