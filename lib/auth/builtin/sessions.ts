// Server-side sessions: the client holds a random token, the database its
// hash. Revocation is immediate because every request looks the session up.
import type { Role } from '@/lib/api/roles';
import { Prisma, type Session } from '@/lib/generated/prisma/client';
import { env } from '@/lib/env';
import type { Db, Tx } from '@/lib/prisma';
import { forgetUser } from '@/lib/auth/auth-cache';
import { hashToken, isWellFormedToken, newToken } from '@/lib/auth/builtin/tokens';
import type { BuiltinUser } from '@/lib/auth/builtin/user';
import { activeMembershipSql, type ActiveRole } from '@/lib/tenants/membership';

const DAY_MS = 24 * 60 * 60 * 1000;
/** lastSeenAt is advisory; refreshing it at most this often spares a write per request. */
export const LAST_SEEN_REFRESH_MS = 5 * 60 * 1000;

export interface SessionMeta {
  userId: string;
  ip?: string | null;
  userAgent?: string | null;
}

export async function createSession(db: Db, { userId, ip, userAgent }: SessionMeta): Promise<{ session: Session; token: string }> {
  const { token, hash } = newToken();
  const session = await db.session.create({
    data: {
      userId,
      tokenHash: hash,
      ip: ip ? ip.slice(0, 64) : null,
      userAgent: userAgent ? userAgent.slice(0, 300) : null,
      expiresAt: new Date(Date.now() + env().SESSION_TTL_DAYS * DAY_MS),
    },
  });
  return { session, token };
}

interface SessionUserRow {
  id: string;
  user_id: string;
  token_hash: string;
  user_agent: string | null;
  ip: string | null;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  u_email: string;
  u_name: string | null;
  u_created_at: Date;
  u_updated_at: Date;
  m_id: string | null;
  m_tenant_id: string | null;
  m_role: Role | null;
}

export interface VerifiedSession {
  session: Session;
  user: BuiltinUser;
  /** The user's active tenant and role at the same instant (null: no tenant yet). */
  activeRole: ActiveRole | null;
}

/**
 * The live session, its user and the user's active membership for a token;
 * null when unknown, malformed, revoked or expired.
 */
export async function verifySession(db: Db, token: string): Promise<VerifiedSession | null> {
  if (!isWellFormedToken(token)) return null;
  // A request whose session is not remembered (lib/auth/auth-cache.ts) runs
  // this: one round trip for session, user and active membership (the route
  // needs all three), and never the password hash.
  const rows = await db.$queryRaw<SessionUserRow[]>`
    SELECT s.id, s.user_id, s.token_hash, s.user_agent, s.ip, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at,
           u.email AS u_email, u.name AS u_name, u.created_at AS u_created_at, u.updated_at AS u_updated_at,
           m.id AS m_id, m.tenant_id AS m_tenant_id, m.role AS m_role
      FROM sessions s JOIN users u ON u.id = s.user_id
      LEFT JOIN LATERAL (${activeMembershipSql(Prisma.raw('s.user_id::text'))}) m ON true
     WHERE s.token_hash = ${hashToken(token)}`;
  const row = rows[0];
  const now = new Date();
  if (!row || row.revoked_at || row.expires_at <= now) return null;
  const session: Session = {
    id: row.id,
    userId: row.user_id,
    tokenHash: row.token_hash,
    userAgent: row.user_agent,
    ip: row.ip,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
  const user: BuiltinUser = {
    id: row.user_id,
    email: row.u_email,
    name: row.u_name,
    createdAt: row.u_created_at,
    updatedAt: row.u_updated_at,
  };
  const activeRole = row.m_id && row.m_tenant_id && row.m_role ? { tenantUserId: row.m_id, tenantId: row.m_tenant_id, role: row.m_role } : null;
  if (now.getTime() - session.lastSeenAt.getTime() >= LAST_SEEN_REFRESH_MS) {
    // Conditional on the value read: concurrent requests refresh it once.
    await db.session.updateMany({ where: { id: session.id, lastSeenAt: session.lastSeenAt }, data: { lastSeenAt: now } });
    session.lastSeenAt = now;
  }
  return { session, user, activeRole };
}

/** Revokes the session of a token; false when there was no live one. */
export async function revokeSession(db: Db, token: string): Promise<boolean> {
  if (!isWellFormedToken(token)) return false;
  const revoked = await db.session.updateManyAndReturn({
    where: { tokenHash: hashToken(token), revokedAt: null },
    data: { revokedAt: new Date() },
    select: { userId: true },
  });
  for (const r of revoked) forgetUser(r.userId);
  return revoked.length > 0;
}

/**
 * Signs a user out everywhere; returns how many sessions were revoked. Inside
 * a transaction, call forgetUser again once it commits.
 */
export async function revokeAllSessions(db: Db | Tx, userId: string): Promise<number> {
  const { count } = await db.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  forgetUser(userId);
  return count;
}
