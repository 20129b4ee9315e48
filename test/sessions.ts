// Built-in sessions for route tests, created through the same function
// sign-in uses, minus the password round trip.
import { createSession } from '@/lib/auth/builtin';
import type { Db } from '@/lib/prisma';

export async function createTestSession(db: Db, userId: string): Promise<string> {
  const { token } = await createSession(db, { userId, ip: '127.0.0.1', userAgent: 'vitest' });
  return token;
}
