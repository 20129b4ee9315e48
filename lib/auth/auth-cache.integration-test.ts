// The in-process reuse of session and membership lookups (auth-cache.ts),
// against the real database, its triggers and the LISTEN connection.
// "Unseen" changes are made with triggers off (session_replication_role =
// replica, as a superuser may): they prove a lookup was reused. Normal
// changes, made on another connection as another instance would, must be
// seen once their notification has arrived.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getAuthContext } from '@/lib/api/route';
import { authCacheActive, authChangesSettled, cachedLookup, forgetUser } from '@/lib/auth/auth-cache';
import { revokeSession } from '@/lib/auth/builtin';
import { resolveIdentity } from '@/lib/auth/identity';
import { getListener } from '@/lib/db/listener';
import { resetEnvCache } from '@/lib/env';
import { changeMemberRole } from '@/lib/members/members';
import { createTenant, testDb } from '@/test/db';
import { createTestSession } from '@/test/sessions';

const { db, pool } = testDb();

function bearer(token: string): Request {
  return new Request('http://localhost/api/me', { headers: { authorization: `Bearer ${token}` } });
}

async function newMember(role: 'OWNER' | 'ADMIN' | 'MEMBER' | 'VIEWER' = 'MEMBER') {
  const tenant = await createTenant(db);
  const email = `cache-${randomBytes(4).toString('hex')}@teste.concilia.local`;
  const user = await db.user.create({ data: { email, name: 'Pessoa Cache' } });
  const tu = await db.tenantUser.create({ data: { tenantId: tenant.id, userId: user.id, email, role } });
  const token = await createTestSession(db, user.id);
  // The inserts above NOTIFY too: let them land, or one arriving during a
  // test's first lookup rightly keeps that lookup from being stored.
  await authChangesSettled();
  return { tenantId: tenant.id, userId: user.id, tenantUserId: tu.id, token, email };
}

/** Runs SQL with triggers off: the change reaches no cache. */
async function unseen(sql: string, params: unknown[]): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query("SET LOCAL session_replication_role = 'replica'");
    await c.query(sql, params);
    await c.query('COMMIT');
  } finally {
    c.release();
  }
}

/** A promise that stays pending until release(): holds a lookup mid-flight. */
function gated(): { gate: Promise<void>; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  return { gate, release };
}

async function waitUntilActive(): Promise<void> {
  getListener();
  for (let i = 0; i < 100 && !authCacheActive(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(authCacheActive()).toBe(true);
}

beforeAll(waitUntilActive);

afterEach(() => {
  delete process.env.AUTH_CACHE_TTL_MS;
  resetEnvCache();
});

describe('auth lookups reused in process', () => {
  it('reuses a session lookup: a change made without notification is not seen', async () => {
    const m = await newMember();
    expect((await resolveIdentity(bearer(m.token)))?.email).toBe(m.email);
    await unseen('UPDATE users SET email = $2 WHERE id = $1', [m.userId, `renamed-${m.email}`]);
    expect((await resolveIdentity(bearer(m.token)))?.email).toBe(m.email);
    forgetUser(m.userId);
    expect((await resolveIdentity(bearer(m.token)))?.email).toBe(`renamed-${m.email}`);
  });

  it('sees a session revoked by another instance once the notification arrives', async () => {
    const m = await newMember();
    expect(await resolveIdentity(bearer(m.token))).not.toBeNull();
    await pool.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1', [m.userId]);
    await authChangesSettled();
    expect(await resolveIdentity(bearer(m.token))).toBeNull();
  });

  it('sees an expiry set by another instance, and never serves a session past its own expiry', async () => {
    const m = await newMember();
    expect(await resolveIdentity(bearer(m.token))).not.toBeNull();
    await pool.query("UPDATE sessions SET expires_at = now() + interval '150 milliseconds' WHERE user_id = $1", [m.userId]);
    await authChangesSettled();
    expect(await resolveIdentity(bearer(m.token))).not.toBeNull(); // reloaded, now remembered with the new expiry
    await new Promise((r) => setTimeout(r, 200));
    expect(await resolveIdentity(bearer(m.token))).toBeNull();
  });

  it('a sign-out on this instance takes effect on the very next request, without waiting for NOTIFY', async () => {
    const m = await newMember();
    expect(await resolveIdentity(bearer(m.token))).not.toBeNull();
    expect(await revokeSession(db, m.token)).toBe(true);
    expect(await resolveIdentity(bearer(m.token))).toBeNull();
  });

  it('reuses the membership lookup and drops it on a role change, local or remote', async () => {
    const m = await newMember('MEMBER');
    const owner = await db.user.create({ data: { email: `owner-${randomBytes(4).toString('hex')}@teste.concilia.local` } });
    await db.tenantUser.create({ data: { tenantId: m.tenantId, userId: owner.id, email: owner.email, role: 'OWNER' } });
    expect((await getAuthContext(bearer(m.token))).role).toBe('MEMBER');

    await unseen('UPDATE tenant_users SET role = $2 WHERE id = $1', [m.tenantUserId, 'VIEWER']);
    expect((await getAuthContext(bearer(m.token))).role).toBe('MEMBER'); // reused

    await changeMemberRole(db, { tenantId: m.tenantId, userId: owner.id, role: 'OWNER' }, m.tenantUserId, 'ADMIN');
    expect((await getAuthContext(bearer(m.token))).role).toBe('ADMIN'); // local change: at once

    await pool.query('UPDATE tenant_users SET role = $2 WHERE id = $1', [m.tenantUserId, 'VIEWER']);
    await authChangesSettled();
    expect((await getAuthContext(bearer(m.token))).role).toBe('VIEWER'); // remote change: after its NOTIFY
  });

  it('a request whose session had to be loaded gets its role from the same query', async () => {
    const m = await newMember('ADMIN');
    // The session query also returned the membership and primed it: a change
    // made without notification after it is not seen by getAuthContext.
    expect(await resolveIdentity(bearer(m.token))).not.toBeNull();
    await unseen('UPDATE tenant_users SET role = $2 WHERE id = $1', [m.tenantUserId, 'VIEWER']);
    expect((await getAuthContext(bearer(m.token))).role).toBe('ADMIN');
    forgetUser(m.userId);
    expect((await getAuthContext(bearer(m.token))).role).toBe('VIEWER');
  });

  it('drops memberships when a tenant is soft-deleted elsewhere', async () => {
    const m = await newMember();
    await getAuthContext(bearer(m.token));
    await pool.query('UPDATE tenants SET deleted_at = now() WHERE id = $1', [m.tenantId]);
    await authChangesSettled();
    await expect(getAuthContext(bearer(m.token))).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('does not store a lookup that was running when a change arrived', async () => {
    const lookup = cachedLookup<string>(`race-${randomBytes(3).toString('hex')}`);
    const { gate, release } = gated();
    const slow = lookup.get('k', async () => {
      await gate;
      return 'old';
    }, () => ({ userId: 'u-race' }));
    forgetUser('u-race');
    release();
    expect(await slow).toBe('old');
    expect(lookup.size).toBe(0);
    expect(await lookup.get('k', async () => 'new', () => ({ userId: 'u-race' }))).toBe('new');
    expect(await lookup.get('k', async () => 'newer', () => ({ userId: 'u-race' }))).toBe('new');
  });

  it('still stores a lookup when the change that arrived meanwhile was someone else\'s', async () => {
    const lookup = cachedLookup<string>(`race-${randomBytes(3).toString('hex')}`);
    const { gate, release } = gated();
    const slow = lookup.get('k', async () => {
      await gate;
      return 'mine';
    }, () => ({ userId: 'u-mine' }));
    forgetUser('u-someone-else');
    release();
    expect(await slow).toBe('mine');
    expect(await lookup.get('k', async () => 'reloaded', () => ({ userId: 'u-mine' }))).toBe('mine');
  });

  it('concurrent lookups of one key share one load', async () => {
    const lookup = cachedLookup<string>(`flight-${randomBytes(3).toString('hex')}`);
    let loads = 0;
    const { gate, release } = gated();
    const load = async () => {
      loads++;
      await gate;
      return 'shared';
    };
    const all = Array.from({ length: 8 }, () => lookup.get('k', load, () => ({ userId: 'u-flight' })));
    release();
    expect(await Promise.all(all)).toEqual(Array(8).fill('shared'));
    expect(loads).toBe(1);
  });

  it('a lookup that starts after a change does not join one read before it', async () => {
    const lookup = cachedLookup<string>(`flight-${randomBytes(3).toString('hex')}`);
    const { gate, release } = gated();
    const before = lookup.get('k', async () => {
      await gate;
      return 'before sign-out';
    }, () => ({ userId: 'u-flight-2' }));
    forgetUser('u-flight-2');
    const after = lookup.get('k', async () => 'after sign-out', () => ({ userId: 'u-flight-2' }));
    release();
    expect(await before).toBe('before sign-out');
    expect(await after).toBe('after sign-out');
  });

  it('a failed load fails everyone who joined it, and the next lookup loads again', async () => {
    const lookup = cachedLookup<string>(`flight-${randomBytes(3).toString('hex')}`);
    const { gate, release } = gated();
    const failing = async () => {
      await gate;
      throw new Error('database down');
    };
    const joined = [lookup.get('k', failing, () => ({ userId: 'u-flight-3' })), lookup.get('k', failing, () => ({ userId: 'u-flight-3' }))];
    release();
    for (const p of joined) await expect(p).rejects.toThrow('database down');
    expect(await lookup.get('k', async () => 'recovered', () => ({ userId: 'u-flight-3' }))).toBe('recovered');
  });

  it('forgets after AUTH_CACHE_TTL_MS, and reuses nothing with 0', async () => {
    process.env.AUTH_CACHE_TTL_MS = '1000';
    resetEnvCache();
    const m = await newMember();
    await resolveIdentity(bearer(m.token));
    await unseen('UPDATE users SET name = $2 WHERE id = $1', [m.userId, 'Nome Novo']);
    expect((await resolveIdentity(bearer(m.token)))?.name).toBe('Pessoa Cache');
    await new Promise((r) => setTimeout(r, 1100));
    expect((await resolveIdentity(bearer(m.token)))?.name).toBe('Nome Novo');

    process.env.AUTH_CACHE_TTL_MS = '0';
    resetEnvCache();
    expect(authCacheActive()).toBe(false);
    await unseen('UPDATE users SET name = $2 WHERE id = $1', [m.userId, 'Outro Nome']);
    expect((await resolveIdentity(bearer(m.token)))?.name).toBe('Outro Nome');
  });

  it('reuses nothing while the LISTEN connection is down, and forgets everything when it returns', async () => {
    const m = await newMember();
    await resolveIdentity(bearer(m.token));
    const listener = getListener()!;
    await listener.stop();
    try {
      expect(authCacheActive()).toBe(false);
      await unseen('UPDATE users SET name = $2 WHERE id = $1', [m.userId, 'Durante a Queda']);
      expect((await resolveIdentity(bearer(m.token)))?.name).toBe('Durante a Queda');
      await unseen('UPDATE users SET name = $2 WHERE id = $1', [m.userId, 'Ainda Fora']);
      expect((await resolveIdentity(bearer(m.token)))?.name).toBe('Ainda Fora'); // nothing was kept
    } finally {
      await listener.start();
    }
    await waitUntilActive();
    await unseen('UPDATE users SET name = $2 WHERE id = $1', [m.userId, 'Depois da Volta']);
    expect((await resolveIdentity(bearer(m.token)))?.name).toBe('Depois da Volta');
  });

  it('reconnects by itself when its connection is killed, forgetting what it held', async () => {
    const m = await newMember();
    await resolveIdentity(bearer(m.token));
    await unseen('UPDATE users SET name = $2 WHERE id = $1', [m.userId, 'Antes da Queda']);
    expect((await resolveIdentity(bearer(m.token)))?.name).toBe('Pessoa Cache'); // reused
    const listener = getListener()!;
    const states: boolean[] = [];
    const off = listener.onStateChange((up) => states.push(up));
    // Kill the listener's backend as a network failure or a restart would.
    const pid = listener.backendPid;
    expect(pid).toBeTypeOf('number');
    await pool.query('SELECT pg_terminate_backend($1)', [pid]);
    for (let i = 0; i < 300 && !(states.includes(false) && listener.connected); i++) await new Promise((r) => setTimeout(r, 10));
    off();
    expect(states).toEqual([false, true]);
    expect(listener.backendPid).not.toBe(pid);
    expect((await resolveIdentity(bearer(m.token)))?.name).toBe('Antes da Queda');
  });

});
