// Who is calling: a Clerk user (Clerk mode) or a built-in session's user.
import { clerkIdentity } from '@/lib/auth/clerk';
import { authMode, type AuthMode } from '@/lib/auth/mode';
import { primeActiveRole } from '@/lib/auth/active-role';
import { authSeq, cachedLookup } from '@/lib/auth/auth-cache';
import { SESSION_COOKIE, verifySession } from '@/lib/auth/builtin';
import { hashToken, isWellFormedToken } from '@/lib/auth/builtin/tokens';
import { getPrisma } from '@/lib/prisma';

export interface Identity {
  userId: string;
  mode: AuthMode;
  email: string | null;
  name: string | null;
  /** Built-in session id, or Clerk's sid. */
  sessionId: string | null;
}

export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

export function bearerToken(headers: Headers): string | null {
  const h = headers.get('authorization');
  const m = h ? /^Bearer\s+(\S+)$/i.exec(h) : null;
  return m ? m[1]! : null;
}

type SessionIdentity = { identity: Identity; expiresAt: number } | null;
const sessions = cachedLookup<SessionIdentity>('sessions');

async function builtinIdentity(token: string): Promise<Identity | null> {
  if (!isWellFormedToken(token)) return null;
  const found = await sessions.get(
    hashToken(token),
    async () => {
      const since = authSeq();
      const verified = await verifySession(getPrisma(), token);
      if (!verified) return null;
      primeActiveRole(verified.user.id, verified.activeRole, since);
      return {
        identity: {
          userId: verified.user.id,
          mode: 'builtin',
          email: verified.user.email,
          name: verified.user.name ?? null,
          sessionId: verified.session.id,
        },
        expiresAt: verified.session.expiresAt.getTime(),
      };
    },
    (v) => (v ? { userId: v.identity.userId, expiresAt: v.expiresAt } : null),
  );
  return found ? { ...found.identity } : null;
}

export async function resolveIdentity(request: Request): Promise<Identity | null> {
  if (authMode() === 'clerk') {
    const id = await clerkIdentity(request);
    return id ? { userId: id.userId, mode: 'clerk', email: null, name: null, sessionId: id.sessionId } : null;
  }
  const token = bearerToken(request.headers) ?? readCookie(request.headers.get('cookie'), SESSION_COOKIE);
  if (!token) return null;
  return builtinIdentity(token);
}
