// Idempotency keys become job ids: the same (job, key) always maps to the
// same UUID, and pg-boss inserts a job whose id exists as a no-op. So a key
// stays "used" for as long as pg-boss keeps the job (its keepDays).
import { createHash } from 'node:crypto';

export function idempotentJobId(jobName: string, key: string): string {
  const h = createHash('sha256').update(`concilia.job\u0000${jobName}\u0000${key}`).digest();
  // RFC 9562 version 8 (custom) with the standard variant bits.
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
