// Nobody can cheaply lock someone else out (issue 17, item 3), and the
// owner always has a way back in, through the real routes: failures are
// counted per e-mail + address, the e-mail-wide rule is a short progressive
// delay that an address the account signed in from does not feel, and a
// password link (from a firm admin or the operator's CLI) works while
// throttled and signs the owner in.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { POST as passwordLinkRoute } from '@/app/api/members/[id]/password-link/route';
import { POST as resetRoute } from '@/app/api/auth/reset-password/route';
import { POST as signInRoute } from '@/app/api/auth/sign-in/route';
import { POST as signUpRoute } from '@/app/api/auth/sign-up/route';
import { GET as getMe } from '@/app/api/me/route';
import { EMAIL_DELAY_AFTER, EMAIL_DELAY_MAX_MS, emailDelayMs, MAX_FAILURES_PER_PAIR } from '@/lib/auth/builtin';
import { resetMemoryLimits } from '@/lib/rate-limit';
import { call, expectErrorContract } from '@/test/api';
import { testDb } from '@/test/db';
import { createFirm } from '@/test/fixtures';

const { db } = testDb();
const PASSWORD = 'senha do dono legítimo';
const NEW_PASSWORD = 'outra senha do dono 77';
// A distinct address for every call of this file: a random 172.16/12 /16, a counter below it.
const net = randomBytes(1)[0]! % 16;
let issued = 0;
const ip = () => `172.${16 + net}.${++issued >> 8}.${issued & 255}`;
const newEmail = () => `dono-${randomBytes(5).toString('hex')}@teste.concilia.local`;

beforeEach(() => resetMemoryLimits());

const signIn = (email: string, password: string, from: string) =>
  call(signInRoute, { method: 'POST', path: '/api/auth/sign-in', ip: from, body: { email, password } });
const tokenFrom = (res: { headers: Headers }) => /concilia_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];

/** The owner's account, signed up (and so signed in) from `home`. */
async function owner(home: string) {
  const email = newEmail();
  const up = await call(signUpRoute, { method: 'POST', path: '/api/auth/sign-up', ip: home, body: { email, password: PASSWORD, name: 'Dona da Conta' } });
  expect(up.status).toBe(201);
  return { email, userId: up.json.user.id as string };
}

/** An attacker guessing from `addresses`, as many failures as the per-address rule lets through. */
async function guessFrom(email: string, addresses: string[]) {
  for (const a of addresses) {
    for (let i = 0; i < MAX_FAILURES_PER_PAIR; i++) {
      resetMemoryLimits(); // the attacker has budget to spare; this is about the failure counts
      const res = await signIn(email, `chute ${i} do atacante`, a);
      expect([401, 429]).toContain(res.status);
    }
  }
}

describe('an attacker cannot lock the owner out', () => {
  it('failures from other addresses do not lock the owner’s (the old rule: 5 per e-mail locked everyone for 15 min)', async () => {
    const home = ip();
    const acct = await owner(home);
    await guessFrom(acct.email, [ip()]);
    const attacker = await signIn(acct.email, 'mais um chute errado', ip());
    expect(attacker.status).toBe(401);
    const ownerIn = await signIn(acct.email, PASSWORD, ip());
    expect(ownerIn.status, JSON.stringify(ownerIn.json)).toBe(200);
  });

  it('a distributed guesser only earns a short progressive delay, which the owner’s usual address does not feel', async () => {
    const home = ip();
    const acct = await owner(home);
    await guessFrom(acct.email, [ip(), ip(), ip()]); // 15 failures: past EMAIL_DELAY_AFTER
    expect(3 * MAX_FAILURES_PER_PAIR).toBeGreaterThan(EMAIL_DELAY_AFTER);
    // A new address waits, briefly.
    const elsewhere = await signIn(acct.email, PASSWORD, ip());
    expect(elsewhere.status).toBe(429);
    expect(Number(elsewhere.headers.get('retry-after'))).toBeLessThanOrEqual(EMAIL_DELAY_MAX_MS / 1000);
    // The address the account signed in from gets in at once.
    const atHome = await signIn(acct.email, PASSWORD, home);
    expect(atHome.status, JSON.stringify(atHome.json)).toBe(200);
  });

  it('the delay grows 1 s, 2 s, 4 s … and stops at a minute', () => {
    expect(emailDelayMs(EMAIL_DELAY_AFTER - 1)).toBe(0);
    expect(emailDelayMs(EMAIL_DELAY_AFTER)).toBe(1000);
    expect(emailDelayMs(EMAIL_DELAY_AFTER + 2)).toBe(4000);
    expect(emailDelayMs(EMAIL_DELAY_AFTER + 30)).toBe(EMAIL_DELAY_MAX_MS);
  });
});

describe('the owner always has a way back in', () => {
  async function throttledMember() {
    const firm = await createFirm(db);
    const home = ip();
    const email = newEmail();
    const up = await call(signUpRoute, { method: 'POST', path: '/api/auth/sign-up', ip: home, body: { email, password: PASSWORD, name: 'Membro Travado' } });
    const tu = await db.tenantUser.create({ data: { tenantId: firm.tenantId, userId: up.json.user.id, email, role: 'MEMBER' } });
    await guessFrom(email, [ip(), ip(), ip(), home]);
    // Throttled everywhere now, the usual address included (its own pair is full).
    expect((await signIn(email, PASSWORD, home)).status).toBe(429);
    expect((await signIn(email, PASSWORD, ip())).status).toBe(429);
    return { firm, email, memberId: tu.id };
  }

  async function resetWith(link: string, from: string) {
    const token = new URL(link).searchParams.get('token')!;
    return call(resetRoute, { method: 'POST', path: '/api/auth/reset-password', ip: from, body: { token, password: NEW_PASSWORD } });
  }

  it('a link from a firm admin works while throttled, signs the member in, and sign-in works again', async () => {
    const { firm, email, memberId } = await throttledMember();
    const issued = await call(passwordLinkRoute, {
      method: 'POST',
      path: `/api/members/${memberId}/password-link`,
      params: { id: memberId },
      token: firm.users.ADMIN.token,
    });
    expect(issued.status, JSON.stringify(issued.json)).toBe(200);
    expect(issued.json.link).toMatch(/\/redefinir-senha\?token=/);
    const from = ip();
    const reset = await resetWith(issued.json.link, from);
    expect(reset.status, JSON.stringify(reset.json)).toBe(200);
    const session = tokenFrom(reset);
    expect(session).toBeTruthy();
    expect((await call(getMe, { path: '/api/me', token: session })).json.user.email).toBe(email);
    expect((await signIn(email, NEW_PASSWORD, ip())).status).toBe(200);
    const audit = await db.auditLog.findMany({ where: { tenantId: firm.tenantId, action: 'member.password_link_issued' } });
    expect(audit).toHaveLength(1);
  });

  it('the operator’s CLI prints a link that works the same way', async () => {
    const { email } = await throttledMember();
    const res = spawnSync(process.execPath, [join(process.cwd(), 'node_modules/tsx/dist/cli.mjs'), 'scripts/password-link.ts', email.toUpperCase()], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: inject('databaseUrl'), NODE_ENV: 'test' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(res.status, res.stderr).toBe(0);
    const link = res.stdout.trim();
    expect(link).toMatch(/^http:\/\/localhost:\d+\/redefinir-senha\?token=[A-Za-z0-9_-]{43}$/);
    expect((await resetWith(link, ip())).status).toBe(200);
    expect((await signIn(email, NEW_PASSWORD, ip())).status).toBe(200);
  });

  it('an admin’s link is only for an account of this firm alone, and an owner’s only from an owner', async () => {
    const firm = await createFirm(db);
    const other = await createFirm(db);
    // Firm's VIEWER also joins the other firm: a link would open that firm to this firm's admin.
    await db.tenantUser.create({ data: { tenantId: other.tenantId, userId: firm.users.VIEWER.userId, email: firm.users.VIEWER.email, role: 'VIEWER' } });
    const ask = (token: string, memberId: string) =>
      call(passwordLinkRoute, { method: 'POST', path: `/api/members/${memberId}/password-link`, params: { id: memberId }, token });
    const shared = await ask(firm.users.ADMIN.token, firm.users.VIEWER.tenantUserId);
    expect(shared.status).toBe(409);
    expect(expectErrorContract(shared.json).details).toEqual({ reason: 'member_of_other_firms' });
    expect((await ask(firm.users.ADMIN.token, firm.users.OWNER.tenantUserId)).status).toBe(403);
    expect((await ask(firm.users.OWNER.token, firm.users.OWNER.tenantUserId)).status).toBe(200);
    expect((await ask(firm.users.MEMBER.token, firm.users.VIEWER.tenantUserId)).status).toBe(403);
    expect((await ask(firm.users.OWNER.token, other.users.MEMBER.tenantUserId)).status).toBe(404);
    expect(await db.passwordResetToken.count({ where: { userId: firm.users.VIEWER.userId } })).toBe(0);
  });
});
