// Real time through real servers: two `next start` processes (one
// production build) on different ports sharing one scratch database, first
// with PostgreSQL LISTEN/NOTIFY between them, then with Redis pub/sub. A
// change made through instance A reaches a browser connected to B; a
// reconnecting browser gets what it missed from either instance; Next's
// compression (on by default) leaves the stream alone; a closed stream
// leaves nothing behind in the server. The same build's security headers are
// checked here too (the one production build npm test makes).
import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { ensureBuild, startNext, type NextApp } from '@/bench/lib/next-app';
import { securityHeaders } from '@/bench/lib/security-headers';
import { openSse, type RawFrame, type SseConnection } from '@/bench/lib/sse-client';
import { createScratchDatabase } from '@/lib/db/test-database';
import { publishEvent } from '@/lib/events/publish';
import { createPrismaClient, type Db } from '@/lib/prisma';
import { createFirm, type FirmFixture } from '@/test/fixtures';

const REDIS_URL = `${process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'}/14`;

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let client: { db: Db; pool: { end(): Promise<void> } };
let a: FirmFixture;
let b: FirmFixture;
const apps: NextApp[] = [];
const streams: SseConnection[] = [];

const json = (f: RawFrame) => (f.data ? (JSON.parse(f.data) as { type: string; entity?: string; ids?: string[] }) : null);
const ofType = (type: string) => (f: RawFrame) => json(f)?.type === type;

async function stream(app: NextApp, token: string, headers: Record<string, string> = {}) {
  const s = await openSse(`${app.baseUrl}/api/events`, { authorization: `Bearer ${token}`, ...headers });
  streams.push(s);
  return s;
}

async function health(app: NextApp) {
  const res = await fetch(`${app.baseUrl}/api/health`);
  return ((await res.json()) as { checks: { realtime?: { streams: number; subscribers: number; heartbeatTimers: number; transport: string } } })
    .checks.realtime!;
}

async function saveSettings(app: NextApp, token: string, companyName: string) {
  const res = await fetch(`${app.baseUrl}/api/settings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ companyName }),
  });
  expect(res.status).toBe(200);
}

async function pair(env: Record<string, string>): Promise<[NextApp, NextApp]> {
  const started = await Promise.all([0, 1].map(() => startNext({ DATABASE_URL: scratch.url, SSE_HEARTBEAT_MS: '300', ...env }, '/api/health', 90_000)));
  apps.push(...started);
  return started as [NextApp, NextApp];
}

beforeAll(async () => {
  const [, db] = await Promise.all([
    ensureBuild((line) => console.log(`[sse e2e] ${line}`), 8 * 60_000),
    createScratchDatabase(inject('adminDatabaseUrl'), { prefix: 'concilia_sse' }),
  ]);
  scratch = db;
  client = createPrismaClient(scratch.url, 3);
  a = await createFirm(client.db, 'Firma Tempo Real A');
  b = await createFirm(client.db, 'Firma Tempo Real B');
}, 10 * 60_000);

afterAll(async () => {
  for (const s of streams) s.close();
  await Promise.all(apps.map((app) => app.stop()));
  await client?.pool.end();
  await scratch?.drop();
}, 60_000);

describe('two next start instances over PostgreSQL LISTEN/NOTIFY', () => {
  let A: NextApp;
  let B: NextApp;
  beforeAll(async () => {
    // Behind one trusted proxy, as in production: its X-Forwarded-Proto decides HSTS.
    [A, B] = await pair({ EVENTS_TRANSPORT: 'postgres', TRUSTED_PROXIES: '1' });
  }, 120_000);

  it('sends the production security headers: a per-response nonce on every <script>, no unsafe-eval, HSTS only behind https', async () => {
    const checks = await securityHeaders(A.baseUrl);
    expect(checks.length).toBeGreaterThan(10);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    const nonceOf = async () => /'nonce-([^']+)'/.exec((await fetch(`${A.baseUrl}/entrar`)).headers.get('content-security-policy') ?? '')?.[1];
    const [n1, n2] = [await nonceOf(), await nonceOf()];
    expect(n1).toBeTruthy();
    expect(n1).not.toBe(n2);
  });

  it('streams uncompressed through next start (which compresses other responses): first event and heartbeat on time', async () => {
    // The control: an ordinary response (the sign-in page) is gzipped by Next.
    const page = await new Promise<string | undefined>((resolve, reject) => {
      get(`${A.baseUrl}/entrar`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        res.resume();
        resolve(res.headers['content-encoding']);
      }).on('error', reject);
    });
    expect(page).toBe('gzip');

    const t0 = performance.now();
    const s = await stream(A, a.users.VIEWER.token, { 'accept-encoding': 'gzip, deflate, br' });
    expect(s.status).toBe(200);
    expect(s.headers['content-encoding']).toBeUndefined();
    expect(s.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(s.headers['cache-control']).toBe('no-cache, no-transform');
    expect(s.headers['x-accel-buffering']).toBe('no');
    const ready = await s.waitFor(ofType('ready'), 3000);
    expect(ready.at - t0).toBeLessThan(3000);
    expect(s.raw().startsWith('retry: 3000\n\n')).toBe(true);
    await s.waitFor((f) => f.comment === 'hb', 2000);
    s.close();
  });

  it('a change made through A reaches browsers on B and on A, and only those of its tenant', async () => {
    const onB = await stream(B, a.users.VIEWER.token);
    const onA = await stream(A, a.users.MEMBER.token);
    const otherOnB = await stream(B, b.users.OWNER.token);
    await Promise.all([onB, onA, otherOnB].map((s) => s.waitFor(ofType('ready'))));

    await saveSettings(A, a.users.OWNER.token, 'Escritório Atualizado A');
    const t0 = performance.now();
    const got = await onB.waitFor(ofType('settings'), 3000);
    expect(got.at - t0).toBeLessThan(3000);
    await onA.waitFor(ofType('settings'), 3000);

    // B's own change comes after A's in seq order: once B's browser sees
    // it, A's would have arrived before it.
    await saveSettings(A, b.users.OWNER.token, 'Escritório Atualizado B');
    await otherOnB.waitFor(ofType('settings'), 3000);
    expect(otherOnB.frames.filter((f) => f.data).map((f) => json(f)!.type)).toEqual(['ready', 'settings']);
    expect(onB.frames.filter(ofType('settings'))).toHaveLength(1);
    for (const s of [onB, onA, otherOnB]) s.close();
  });

  it('relays an outbox row written by another process (here: this test) to both instances', async () => {
    const onA = await stream(A, a.users.VIEWER.token);
    const onB = await stream(B, a.users.VIEWER.token);
    await Promise.all([onA, onB].map((s) => s.waitFor(ofType('ready'))));
    await client.db.$transaction((tx) => publishEvent(tx, { type: 'sync_complete', tenantId: a.tenantId, ids: ['from-a-worker'] }));
    for (const s of [onA, onB]) expect(json(await s.waitFor(ofType('sync_complete'), 5000))!.ids).toEqual(['from-a-worker']);
    onA.close();
    onB.close();
  });

  it('replays what a browser missed, from either instance, after Last-Event-ID', async () => {
    const first = await stream(A, a.users.VIEWER.token);
    const ready = await first.waitFor(ofType('ready'));
    first.close();
    await saveSettings(B, a.users.OWNER.token, 'Enquanto desconectado');
    // Give the flush time to commit before reconnecting (it would be replayed or delivered live either way).
    await new Promise((r) => setTimeout(r, 300));
    for (const app of [A, B]) {
      const again = await stream(app, a.users.VIEWER.token, { 'last-event-id': ready.id! });
      const missed = await again.waitFor(ofType('settings'), 3000);
      expect(Number(missed.id)).toBeGreaterThan(Number(ready.id));
      expect(again.frames.some(ofType('ready'))).toBe(false);
      again.close();
    }
  });

  it('a closed stream leaves no stream, subscriber or heartbeat timer in the server', async () => {
    const s = await stream(B, a.users.VIEWER.token);
    await s.waitFor(ofType('ready'));
    expect(await health(B)).toMatchObject({ streams: 1, subscribers: 1, heartbeatTimers: 1, transport: 'postgres' });
    s.close();
    await s.closed;
    let after = await health(B);
    for (let i = 0; i < 50 && after.streams > 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = await health(B);
    }
    expect(after).toMatchObject({ streams: 0, subscribers: 0, heartbeatTimers: 0 });
  });
});

describe('two next start instances over Redis pub/sub', () => {
  let A: NextApp;
  let B: NextApp;
  beforeAll(async () => {
    [A, B] = await pair({ EVENTS_TRANSPORT: 'redis', REDIS_URL });
  }, 120_000);

  it('a change made through A reaches a browser on B', async () => {
    const onB = await stream(B, a.users.MEMBER.token);
    await onB.waitFor(ofType('ready'));
    expect((await health(B)).transport).toBe('redis');
    await saveSettings(A, a.users.OWNER.token, 'Escritório via Redis');
    expect(json(await onB.waitFor(ofType('settings'), 3000))!.entity).toBe('settings');
    onB.close();
  });
});
