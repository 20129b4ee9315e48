// Built-in authentication end to end through the routes: sign-up sets an
// HttpOnly session cookie that authenticates the API, sign-out revokes it on
// the server, and bad, expired or tampered credentials are refused.
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { GET as getMe } from '@/app/api/me/route';
import { authChangesSettled } from '@/lib/auth/auth-cache';
import { POST as signIn } from '@/app/api/auth/sign-in/route';
import { POST as signOut } from '@/app/api/auth/sign-out/route';
import { POST as signUp } from '@/app/api/auth/sign-up/route';
import { POST as createTenant } from '@/app/api/tenants/route';
import { GET as getSettings } from '@/app/api/settings/route';
import { resetMemoryLimits } from '@/lib/rate-limit';
import { call, expectErrorContract, withEnv } from '@/test/api';
import { testDb } from '@/test/db';

const { db } = testDb();
const email = () => `pessoa-${randomBytes(5).toString('hex')}@teste.concilia.local`;
const PASSWORD = 'correta-cavalo-bateria-42';

function cookieFrom(res: { headers: Headers }): { header: string; token: string } {
  const set = res.headers.get('set-cookie') ?? '';
  const m = /concilia_session=([^;]*)/.exec(set);
  if (!m) throw new Error(`no session cookie in ${set}`);
  return { header: set, token: decodeURIComponent(m[1]!) };
}

beforeEach(() => resetMemoryLimits());

describe('built-in auth through the routes', () => {
  it('sign-up → cookie → onboarding → tenant routes; sign-out revokes the session', async () => {
    const mail = email();
    const up = await call(signUp, { method: 'POST', body: { email: mail, password: PASSWORD, name: 'Ana Souza' } });
    expect(up.status, JSON.stringify(up.json)).toBe(201);
    const { header, token } = cookieFrom(up);
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    expect(header).not.toMatch(/Secure/);
    const cookie = `concilia_session=${token}`;

    const me = await call(getMe, { cookie });
    expect(me.status).toBe(200);
    expect(me.json.user.email).toBe(mail);
    expect(me.json.activeTenant).toBeNull();

    const noFirm = await call(getSettings, { cookie });
    expect(noFirm.status).toBe(403);

    // Our own pages send Origin with every state-changing request.
    const own = { origin: 'http://localhost:3000' };
    const firm = await call(createTenant, { method: 'POST', cookie, headers: own, body: { name: 'Souza Advogados' } });
    expect(firm.status).toBe(201);
    expect((await call(getSettings, { cookie })).status).toBe(200);

    const out = await call(signOut, { method: 'POST', cookie, headers: own });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    // The old cookie is dead on the server, not only in the browser.
    expect((await call(getMe, { cookie })).status).toBe(401);
  });

  it('marks the cookie Secure over HTTPS: the socket’s, a trusted proxy’s or APP_URL’s, never a client’s X-Forwarded-Proto', async () => {
    const up = (opts: { proto?: 'http' | 'https'; headers?: Record<string, string> }) =>
      call(signUp, { method: 'POST', ...opts, body: { email: email(), password: PASSWORD, name: 'Bruno Lima' } });
    expect(cookieFrom(await up({ proto: 'https' })).header).toMatch(/Secure/);
    expect(cookieFrom(await up({ headers: { 'x-forwarded-proto': 'https' } })).header).not.toMatch(/Secure/);
    await withEnv({ TRUSTED_PROXIES: '1' }, async () => {
      expect(cookieFrom(await up({ headers: { 'x-forwarded-proto': 'https' } })).header).toMatch(/Secure/);
    });
    await withEnv({ APP_URL: 'https://concilia.example.com' }, async () => {
      expect(cookieFrom(await up({})).header).toMatch(/Secure/);
    });
    await withEnv({ APP_URL: 'http://localhost:3000' }, async () => {
      expect(cookieFrom(await up({ proto: 'https', headers: { 'x-forwarded-proto': 'https' } })).header).not.toMatch(/Secure/);
    });
  });

  it('sign-in: wrong password and unknown e-mail get the same 401; throttling returns 429 with Retry-After', async () => {
    const mail = email();
    await call(signUp, { method: 'POST', body: { email: mail, password: PASSWORD, name: 'Carla Dias' } });
    const wrong = await call(signIn, { method: 'POST', body: { email: mail, password: 'senha-errada-000' } });
    const unknown = await call(signIn, { method: 'POST', body: { email: email(), password: 'senha-errada-000' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(expectErrorContract(wrong.json).message).toBe(expectErrorContract(unknown.json).message);

    let last = wrong;
    for (let i = 0; i < 6; i++) last = await call(signIn, { method: 'POST', body: { email: mail.toUpperCase(), password: 'senha-errada-000' } });
    expect(last.status).toBe(429);
    expect(expectErrorContract(last.json).code).toBe('rate_limited');
    expect(last.headers.get('retry-after')).toMatch(/^\d+$/);
    // Even the right password is refused while throttled.
    const right = await call(signIn, { method: 'POST', body: { email: mail, password: PASSWORD } });
    expect(right.status).toBe(429);
  });

  it('e-mails are case-insensitive and a correct sign-in sets a working cookie', async () => {
    const mail = email();
    await call(signUp, { method: 'POST', body: { email: mail, password: PASSWORD, name: 'Davi Rocha' } });
    const res = await call(signIn, { method: 'POST', body: { email: `  ${mail.toUpperCase()} `.trim(), password: PASSWORD } });
    expect(res.status).toBe(200);
    const { token } = cookieFrom(res);
    expect((await call(getMe, { token })).status).toBe(200);
  });

  it('refuses tampered, unknown and expired session tokens', async () => {
    const mail = email();
    const up = await call(signUp, { method: 'POST', body: { email: mail, password: PASSWORD, name: 'Elisa Prado' } });
    const { token } = cookieFrom(up);
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const bad of [flipped, randomBytes(32).toString('base64url'), 'x', '']) {
      const res = await call(getMe, { cookie: `concilia_session=${bad}` });
      expect(res.status, bad).toBe(401);
      expect(expectErrorContract(res.json).code).toBe('unauthenticated');
    }
    const user = await db.user.findUniqueOrThrow({ where: { email: mail } });
    await db.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    // A change made straight in the database reaches the in-process session
    // lookup through NOTIFY (lib/auth/auth-cache.ts): wait for it.
    await authChangesSettled();
    expect((await call(getMe, { cookie: `concilia_session=${token}` })).status).toBe(401);
  });

  it('sign-up validates the password policy and duplicate e-mails', async () => {
    const mail = email();
    const weak = await call(signUp, { method: 'POST', body: { email: mail, password: 'curta', name: 'Fábio' } });
    expect(weak.status).toBe(422);
    const ok = await call(signUp, { method: 'POST', body: { email: mail, password: PASSWORD, name: 'Fábio' } });
    expect(ok.status).toBe(201);
    const dup = await call(signUp, { method: 'POST', body: { email: mail.toUpperCase(), password: PASSWORD, name: 'Fábio' } });
    expect(dup.status).toBe(409);
  });
});
