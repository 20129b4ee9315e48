// Server-side sessions: revocable, expiring, looked up by token hash.
import { env } from '@/lib/env';
import type { Db } from '@/lib/prisma';
import { hashToken, isWellFormedToken, newToken } from '@/lib/auth/builtin/tokens';

// lastSeenAt is refreshed at most this often, not on every request.
const TOUCH_INTERVAL_MS = 5 * 60_000;

export async function createSession(
  db: Db,
  { userId, ip, userAgent }: { userId: string; ip?: string; userAgent?: string },
) {
  const token = newToken();
  const session = await db.session.create({
    data: {
      userId,
      tokenHash: hashToken(token),
      ip: ip?.slice(0, 64) ?? null,
      userAgent: userAgent?.slice(0, 300) ?? null,
      expiresAt: new Date(Date.now() + env().SESSION_TTL_DAYS * 86_400_000),
    },
  });
  return { token, session };
}

export async function verifySession(db: Db, token: string) {
  if (!isWellFormedToken(token)) return null;
  const session = await db.session.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!session || session.revokedAt || session.expiresAt <= new Date()) return null;
  if (Date.now() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date() } }).catch(() => undefined);
  }
  const { user, ...rest } = session;
  return { session: rest, user };
}

export async function revokeSession(db: Db, token: string): Promise<void> {
  if (!isWellFormedToken(token)) return;
  await db.session.updateMany({ where: { tokenHash: hashToken(token), revokedAt: null }, data: { revokedAt: new Date() } });
}

export async function revokeAllSessions(db: Db, userId: string): Promise<number> {
  const r = await db.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return r.count;
}
