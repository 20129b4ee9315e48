// Pure parts of lib/jobs: definitions, idempotency ids, DTO mapping.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob } from './define';
import { errorMessageOf, toJobDto, type JobRow } from './dto';
import { idempotentJobId } from './ids';
import { queueOptions } from './queues';

const noop = async () => undefined;

describe('defineJob', () => {
  it('applies defaults and refuses bad settings', () => {
    const job = defineJob({ name: 'pluggy.sync', schema: z.strictObject({}), handler: noop });
    expect(job).toMatchObject({ retry: { limit: 3, delaySeconds: 30, backoff: true }, timeoutSeconds: 900, heartbeatSeconds: 30, concurrency: 1, coalesce: null, keepDays: 7 });
    expect(() => defineJob({ name: 'Pluggy Sync', schema: z.strictObject({}), handler: noop })).toThrow(/invalid job name/);
    expect(() => defineJob({ name: 'x', schema: z.strictObject({}), handler: noop, retry: { limit: -1 } })).toThrow(/retry.limit/);
    expect(() => defineJob({ name: 'x', schema: z.strictObject({}), handler: noop, heartbeatSeconds: 5 })).toThrow(/heartbeatSeconds/);
    expect(() => defineJob({ name: 'x', schema: z.strictObject({}), handler: noop, timeoutSeconds: 0 })).toThrow(/timeoutSeconds/);
  });

  it('maps to pg-boss queue settings; coalescing is the stately policy', () => {
    const plain = defineJob({ name: 'a', schema: z.strictObject({}), handler: noop, retry: { limit: 2, delaySeconds: 5, backoff: false } });
    expect(queueOptions(plain)).toEqual({
      policy: 'standard', retryLimit: 2, retryDelay: 5, retryBackoff: false, expireInSeconds: 900, heartbeatSeconds: 30, deleteAfterSeconds: 604_800, notify: true,
    });
    const coalesced = defineJob({ name: 'b', schema: z.strictObject({}), handler: noop, coalesce: {}, notify: false });
    expect(queueOptions(coalesced)).toMatchObject({ policy: 'stately', retryBackoff: true, retryDelayMax: 3600, notify: false });
  });
});

describe('idempotentJobId', () => {
  it('is a stable UUID per (job, key), different across jobs and keys', () => {
    const id = idempotentJobId('pluggy.webhook', 'evt-1');
    expect(id).toBe(idempotentJobId('pluggy.webhook', 'evt-1'));
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(id).not.toBe(idempotentJobId('pluggy.webhook', 'evt-2'));
    expect(id).not.toBe(idempotentJobId('pluggy.sync', 'evt-1'));
    // The separator keeps ('a', 'b:c') and ('a:b', 'c') apart.
    expect(idempotentJobId('a', 'b:c')).not.toBe(idempotentJobId('a:b', 'c'));
  });
});

describe('job DTO', () => {
  const row = (over: Partial<JobRow>): JobRow => ({
    id: '6f1c3c55-0000-4000-8000-000000000001',
    name: 'pluggy.sync',
    state: 'created',
    retry_count: 0,
    retry_limit: 2,
    output: null,
    created_on: new Date('2026-12-01T12:00:00Z'),
    started_on: null,
    completed_on: null,
    start_after: new Date('2026-12-01T12:00:00Z'),
    ...over,
  });

  it('counts attempts from the start of the first run', () => {
    expect(toJobDto(row({}))).toMatchObject({ attempts: 0, maxAttempts: 3, runAfter: '2026-12-01T12:00:00.000Z', startedAt: null });
    const started = new Date('2026-12-01T12:00:01Z');
    expect(toJobDto(row({ state: 'active', started_on: started })).attempts).toBe(1);
    expect(toJobDto(row({ state: 'retry', started_on: started, output: { message: 'x' } }))).toMatchObject({ attempts: 1, lastError: 'x' });
    expect(toJobDto(row({ state: 'failed', started_on: started, retry_count: 2, completed_on: started }))).toMatchObject({ attempts: 3, runAfter: null });
  });

  it("takes the last error's message from each shape pg-boss stores, never on success", () => {
    expect(errorMessageOf({ name: 'Error', message: 'Pluggy respondeu 503.', stack: 'Error: …' })).toBe('Pluggy respondeu 503.');
    expect(errorMessageOf({ value: { message: 'job timed out' } })).toBe('job timed out');
    expect(errorMessageOf({ value: 'pg-boss shut down while active' })).toBe('pg-boss shut down while active');
    expect(errorMessageOf({ result: { ok: true } })).toBeNull();
    expect(errorMessageOf({ message: 'x'.repeat(2000) })!.length).toBe(500);
    expect(toJobDto(row({ state: 'completed', output: { message: 'not an error', result: 1 } })).lastError).toBeNull();
    // Running again after a failure: the previous error stays visible beside the new progress.
    expect(toJobDto(row({ state: 'active', started_on: new Date(), retry_count: 1, output: { message: 'antes', progress: { done: 3, total: 9 } } }))).toMatchObject({
      attempts: 2,
      lastError: 'antes',
      progress: { done: 3, total: 9 },
    });
  });
});
