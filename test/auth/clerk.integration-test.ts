// Clerk mode through the real SDK, offline: CLERK_JWT_KEY holds a public key
// whose private half signs the session tokens here, so verification happens
// locally, for both `Authorization: Bearer` and the `__session` cookie.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getMe } from '@/app/api/me/route';
import { GET as getSettings } from '@/app/api/settings/route';
import { resetMemoryLimits } from '@/lib/rate-limit';
import { call, expectErrorContract, withEnv } from '@/test/api';
import { clerkTestKeys, signClerkToken } from '@/test/clerk';
import { createTenant, testDb } from '@/test/db';
import { createTestSession } from '@/test/sessions';

const { db } = testDb();
const keys = clerkTestKeys();
const other = clerkTestKeys();
const userId = `user_${Math.random().toString(36).slice(2, 14)}`;
let tenantId: string;

beforeAll(async () => {
  const t = await createTenant(db, 'Firma Clerk');
  tenantId = t.id;
  await db.tenantUser.create({ data: { tenantId, userId, role: 'ADMIN', email: 'clerk@teste.concilia.local' } });
  resetMemoryLimits();
});
afterAll(() => resetMemoryLimits());

const inClerk = <T>(fn: () => Promise<T>) => withEnv(keys.env, fn);

describe('Clerk networkless verification', () => {
  it('authenticates a Bearer session token and resolves the tenant', async () => {
    await inClerk(async () => {
      const token = signClerkToken(keys.privateKey, { sub: userId });
      const me = await call(getMe, { path: '/api/me', token });
      expect(me.status).toBe(200);
      expect(me.json.user).toMatchObject({ id: userId, authMode: 'clerk' });
      expect(me.json.activeTenant).toMatchObject({ id: tenantId, role: 'ADMIN' });
      const settings = await call(getSettings, { path: '/api/settings', token });
      expect(settings.status).toBe(200);
    });
  });

  it('authenticates the __session cookie (with __client_uat)', async () => {
    await inClerk(async () => {
      const token = signClerkToken(keys.privateKey, { sub: userId });
      const iat = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).iat as number;
      const res = await call(getMe, { path: '/api/me', cookie: `__session=${token}; __client_uat=${iat}` });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      expect(res.json.user.id).toBe(userId);
    });
  });

  it('rejects expired, tampered and foreign-key tokens with 401', async () => {
    await inClerk(async () => {
      const expired = signClerkToken(keys.privateKey, { sub: userId, expiresInSeconds: -120, issuedAtOffsetSeconds: -600 });
      const valid = signClerkToken(keys.privateKey, { sub: userId });
      const [h, p, s] = valid.split('.');
      const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
      const tampered = [h, Buffer.from(JSON.stringify({ ...payload, sub: 'user_attacker' })).toString('base64url'), s].join('.');
      const foreign = signClerkToken(other.privateKey, { sub: userId });
      for (const token of [expired, tampered, foreign, 'not-a-jwt']) {
        const res = await call(getMe, { path: '/api/me', token });
        expect(res.status, token.slice(0, 20)).toBe(401);
        expect(expectErrorContract(res.json).code).toBe('unauthenticated');
      }
      const cookie = await call(getMe, { path: '/api/me', cookie: `__session=${tampered}; __client_uat=1` });
      expect(cookie.status).toBe(401);
    });
  });

  it('does not accept built-in session tokens while Clerk is active', async () => {
    const user = await db.user.create({ data: { email: `b-${Date.now()}@teste.concilia.local` } });
    const token = await createTestSession(db, user.id);
    await inClerk(async () => {
      const res = await call(getMe, { path: '/api/me', token });
      expect(res.status).toBe(401);
    });
  });

  it('a signed-in Clerk user without a firm gets 403 no_tenant on tenant routes', async () => {
    await inClerk(async () => {
      const token = signClerkToken(keys.privateKey, { sub: 'user_withoutfirm123' });
      const res = await call(getSettings, { path: '/api/settings', token });
      expect(res.status).toBe(403);
      expect(expectErrorContract(res.json).details).toEqual({ reason: 'no_tenant' });
      const me = await call(getMe, { path: '/api/me', token });
      expect(me.json.activeTenant).toBeNull();
    });
  });
});

describe('Clerk authorized parties', () => {
  it('refuses a token minted for another origin when APP_URL is set', async () => {
    await withEnv({ ...keys.env, APP_URL: 'https://concilia.example.com' }, async () => {
      const mine = signClerkToken(keys.privateKey, { sub: userId, azp: 'https://concilia.example.com' });
      const theirs = signClerkToken(keys.privateKey, { sub: userId, azp: 'https://evil.example.net' });
      expect((await call(getMe, { path: '/api/me', token: mine })).status).toBe(200);
      expect((await call(getMe, { path: '/api/me', token: theirs })).status).toBe(401);
    });
  });
});

describe('members in Clerk mode', () => {
  it('an ADMIN invites a Clerk user by id; only that user, with the link, joins with the given role', async () => {
    const { POST: inviteRoute } = await import('@/app/api/members/route');
    const { POST: acceptRoute } = await import('@/app/api/invitations/accept/route');
    const newcomer = `user_${Math.random().toString(36).slice(2, 14)}`;
    const email = `novo-${Math.random().toString(36).slice(2, 8)}@teste.concilia.local`;
    await inClerk(async () => {
      resetMemoryLimits();
      const admin = signClerkToken(keys.privateKey, { sub: userId });
      const missingId = await call(inviteRoute, { method: 'POST', token: admin, body: { email, role: 'VIEWER' } });
      expect(missingId.status).toBe(400);
      const res = await call(inviteRoute, { method: 'POST', token: admin, body: { email, role: 'VIEWER', clerkUserId: newcomer } });
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      expect(res.json.invitation).toMatchObject({ email, role: 'VIEWER', clerkUserId: newcomer });
      expect(await db.user.findUnique({ where: { email } })).toBeNull();
      const newcomerToken = signClerkToken(keys.privateKey, { sub: newcomer });
      // Pending: not a member until they accept.
      expect((await call(getMe, { token: newcomerToken })).json.activeTenant).toBeNull();
      const token = new URL(res.json.link).searchParams.get('token')!;
      const stranger = signClerkToken(keys.privateKey, { sub: 'user_someoneelse123' });
      expect((await call(acceptRoute, { method: 'POST', token: stranger, body: { token } })).status).toBe(403);
      const accepted = await call(acceptRoute, { method: 'POST', token: newcomerToken, body: { token } });
      expect(accepted.status, JSON.stringify(accepted.json)).toBe(200);
      const me = await call(getMe, { token: signClerkToken(keys.privateKey, { sub: newcomer }) });
      expect(me.json.activeTenant).toMatchObject({ id: tenantId, role: 'VIEWER' });
    });
  });
});
