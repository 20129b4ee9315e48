// A client cannot pick its own address (issue 17, item 2), through the real
// routes: with a new X-Forwarded-For value on every request, the per-address
// limits still add up (sign-in failures, the login policies, the public
// policy), sessions record the real peer, and sign-in, sign-up and reset use
// the login policy. Behind TRUSTED_PROXIES proxies, what they saw counts and
// what the client prepended does not. (The server side of the stamp:
// lib/http/peer-stamp.test.ts and test/e2e.)
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GET as getHealth } from '@/app/api/health/route';
import { POST as resetRoute } from '@/app/api/auth/reset-password/route';
import { POST as signInRoute } from '@/app/api/auth/sign-in/route';
import { POST as signUpRoute } from '@/app/api/auth/sign-up/route';
import { ROUTE_TABLE } from '@/lib/api/route-table';
import { MAX_FAILURES_PER_IP } from '@/lib/auth/builtin';
import { RATE_LIMIT_POLICIES, resetMemoryLimits } from '@/lib/rate-limit';
import { call, withEnv } from '@/test/api';
import { freezeOneSecondIntoNextMinute } from '@/test/clock';
import { testDb } from '@/test/db';

const { db } = testDb();
const octet = () => randomBytes(1)[0]!;
// Distinct peers for every call of this file (one random /16 of 100.64/10, a counter below it).
const net = randomBytes(1)[0]! % 64;
let peers = 0;
const peer = () => `100.${64 + net}.${++peers >> 8}.${peers & 255}`;
const spoofed = () => `${1 + (octet() % 200)}.${octet()}.${octet()}.${octet()}`;
const newEmail = () => `xff-${randomBytes(5).toString('hex')}@teste.concilia.local`;

// Counting up to a limit must not straddle a minute (the sliding window
// would weigh part of the count away): Date frozen 1 s into a minute.
beforeEach(() => {
  freezeOneSecondIntoNextMinute();
  resetMemoryLimits();
});
afterEach(() => vi.useRealTimers());

describe('X-Forwarded-For does not reset per-address limits (TRUSTED_PROXIES unset)', () => {
  it('sign-in failures from one peer add up whatever X-Forwarded-For says', async () => {
    const from = peer();
    await db.loginAttempt.deleteMany({ where: { ip: from } });
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) {
      resetMemoryLimits();
      const res = await call(signInRoute, {
        method: 'POST',
        path: '/api/auth/sign-in',
        ip: from,
        headers: { 'x-forwarded-for': spoofed() },
        body: { email: newEmail(), password: 'senha errada demais' },
      });
      expect(res.status).toBe(401);
    }
    resetMemoryLimits();
    const blocked = await call(signInRoute, {
      method: 'POST',
      path: '/api/auth/sign-in',
      ip: from,
      headers: { 'x-forwarded-for': spoofed() },
      body: { email: newEmail(), password: 'senha errada demais' },
    });
    expect(blocked.status).toBe(429);
    expect(await db.loginAttempt.count({ where: { ip: from } })).toBe(MAX_FAILURES_PER_IP);
  });

  it('the login policies: sign-in, sign-up and reset count per address, before and after reading the body', async () => {
    for (const key of ['POST /api/auth/sign-in', 'POST /api/auth/sign-up', 'POST /api/auth/reset-password'] as const) {
      expect(ROUTE_TABLE[key].rateLimit, key).toBe('login');
    }
    const perIp = RATE_LIMIT_POLICIES['login-ip'].limit;
    const from = peer();
    const handlers = [signInRoute, signUpRoute, resetRoute];
    // Invalid bodies: no password hashed, but every request counts against the address.
    let last;
    for (let i = 0; i <= perIp; i++) {
      last = await call(handlers[i % 3]!, { method: 'POST', path: '/api/auth/x', ip: from, headers: { 'x-forwarded-for': spoofed() }, body: {} });
      if (i < perIp) expect(last.status, `request ${i + 1}`).toBe(422);
    }
    expect(last!.status).toBe(429);
    expect(last!.headers.get('retry-after')).toMatch(/^\d+$/);
    // Another peer is unaffected.
    expect((await call(signInRoute, { method: 'POST', path: '/api/auth/x', ip: peer(), body: {} })).status).toBe(422);
  });

  it('the public policy (health) counts per peer', async () => {
    const from = peer();
    const limit = RATE_LIMIT_POLICIES.public.limit;
    for (let i = 0; i < limit; i++) {
      const res = await call(getHealth, { path: '/api/health', ip: from, headers: { 'x-forwarded-for': spoofed() } });
      expect(res.status).toBe(200);
    }
    const blocked = await call(getHealth, { path: '/api/health', ip: from, headers: { 'x-forwarded-for': spoofed() } });
    expect(blocked.status).toBe(429);
  });

  it('sessions record the real peer', async () => {
    const from = peer();
    const up = await call(signUpRoute, {
      method: 'POST',
      path: '/api/auth/sign-up',
      ip: from,
      headers: { 'x-forwarded-for': '6.6.6.6', 'x-real-ip': '7.7.7.7' },
      body: { email: newEmail(), password: 'uma senha bem longa', name: 'Pessoa Real' },
    });
    expect(up.status).toBe(201);
    const session = await db.session.findFirstOrThrow({ where: { userId: up.json.user.id } });
    expect(session.ip).toBe(from);
  });
});

describe('behind trusted proxies (TRUSTED_PROXIES=1)', () => {
  it('the address the proxy saw counts; what the client prepended does not', async () => {
    await withEnv({ TRUSTED_PROXIES: '1' }, async () => {
      const proxy = '10.0.0.2';
      const client = `198.51.100.${octet()}`;
      const limit = RATE_LIMIT_POLICIES.public.limit;
      for (let i = 0; i < limit; i++) {
        const res = await call(getHealth, { path: '/api/health', ip: proxy, headers: { 'x-forwarded-for': `${spoofed()}, ${client}` } });
        expect(res.status).toBe(200);
      }
      expect((await call(getHealth, { path: '/api/health', ip: proxy, headers: { 'x-forwarded-for': `${spoofed()}, ${client}` } })).status).toBe(429);
      // Another client through the same proxy has a budget of its own.
      expect((await call(getHealth, { path: '/api/health', ip: proxy, headers: { 'x-forwarded-for': '203.0.113.77' } })).status).toBe(200);
    });
  });
});
