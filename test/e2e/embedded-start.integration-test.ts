// The README's start path on embedded defaults: no DATABASE_URL, so start
// runs its own PostgreSQL, migrates, creates the demo account, serves, and
// Ctrl-C (SIGINT) stops the app and the database. A second start reuses
// the data. Runs `npm run dev`'s path (next dev) to avoid a production build
// inside the test run.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, traversableBy } from '@/lib/db/embedded';
import { privateCheckout, resultOf } from '@/test/private-checkout';
import { RATE_LIMIT_POLICIES } from '@/lib/rate-limit/policies';
import { spoofedAddressesStillLimited, sweepForgedMarkers } from '@/test/security/real-server';

const dataDir = mkdtempSync(join(tmpdir(), 'concilia-start-'));
// Like a project folder: readable by others (the server runs as `postgres` when started by root).
chmodSync(dataDir, 0o755);
const children: ChildProcess[] = [];
const idOf = (flag: string) => Number(spawnSync('id', [flag, 'nobody'], { encoding: 'utf8' }).stdout.trim() || NaN);
const nobody = Number.isInteger(idOf('-u')) ? { uid: idOf('-u'), gid: idOf('-g') } : undefined;
// A test that fails midway must not leave next dev and the embedded
// PostgreSQL running: stop each start as Ctrl-C would, then kill its whole
// process group (each start leads its own) if it has not exited.
afterAll(async () => {
  await Promise.all(
    children
      .filter((c) => c.exitCode === null && c.signalCode === null)
      .map(async (c) => {
        const exited = new Promise<void>((r) => c.once('exit', () => r()));
        c.kill('SIGINT');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
        try {
          process.kill(-c.pid!, 'SIGKILL');
        } catch {
          // the group is already gone
        }
      }),
  );
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

function start(port: number, data = dataDir) {
  const env = { ...process.env, CONCILIA_DATA_DIR: data, PORT: String(port), NODE_ENV: 'development' } as NodeJS.ProcessEnv;
  delete env.DATABASE_URL;
  delete env.UPSTASH_REDIS_REST_URL;
  delete env.UPSTASH_REDIS_REST_TOKEN;
  for (const k of ['PLUGGY_API_URL', 'PLUGGY_CLIENT_ID', 'PLUGGY_CLIENT_SECRET', 'PLUGGY_SANDBOX_URL']) delete env[k];
  const child = spawn(process.execPath, [join(process.cwd(), 'node_modules/tsx/dist/cli.mjs'), 'scripts/start.ts', '--dev'], {
    cwd: process.cwd(),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

async function waitFor(what: string, fn: () => Promise<boolean> | boolean, timeoutMs: number, log: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}\n${log()}`);
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

async function stop(child: ChildProcess) {
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGINT');
  return exited;
}

describe('npm start on embedded defaults', () => {
  it('starts PostgreSQL, migrates, serves health 200, stops cleanly, and reuses the data', async () => {
    const port = await freePort();
    const first = start(port);
    await waitFor('the embedded database', () => /embedded PostgreSQL on 127\.0\.0\.1:\d+/.test(first.output()), 60_000, first.output);
    const pgPort = Number(/embedded PostgreSQL on 127\.0\.0\.1:(\d+)/.exec(first.output())![1]);
    await waitFor(
      'health 200',
      async () => {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/api/health`);
          return res.status === 200;
        } catch {
          return false;
        }
      },
      150_000,
      first.output,
    );
    const health = (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as { checks: { migrations: { ok: boolean } } };
    expect(health.checks.migrations.ok).toBe(true);
    expect(first.output()).toMatch(/applied \d+ migration/);
    // The background job workers run inside the server (instrumentation.ts).
    await waitFor('job workers', () => /"msg":"job workers started","mode":"web"/.test(first.output()), 60_000, first.output);
    expect(first.output()).toMatch(/demo@concilia\.local/);
    expect(readFileSync(join(dataDir, 'demo-credentials.txt'), 'utf8')).toMatch(/senha:/);

    // Through the real server, proxy.ts included: the demo account signs in,
    // and each API request spends exactly one unit of the 60/min budget.
    const creds = readFileSync(join(dataDir, 'demo-credentials.txt'), 'utf8');
    const password = /senha:\s*(\S+)/.exec(creds)![1]!;
    const base = `http://127.0.0.1:${port}`;
    const signIn = await fetch(`${base}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'demo@concilia.local', password }),
    });
    expect(signIn.status).toBe(200);
    const demoUserId = ((await signIn.json()) as { user: { id: string } }).user.id;
    const cookie = /concilia_session=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')![0];
    // The demo firm comes with synthetic bank data.
    const txns = await fetch(`${base}/api/pluggy/transactions?limit=5`, { headers: { cookie } });
    expect(txns.status).toBe(200);
    expect(((await txns.json()) as { items: unknown[] }).items).toHaveLength(5);
    // No Pluggy credentials anywhere: connecting a bank runs against the local sandbox.
    expect(first.output()).toMatch(/local Pluggy sandbox on http:\/\/127\.0\.0\.1:\d+/);
    const connect = await fetch(`${base}/api/pluggy/token`, { method: 'POST', headers: { cookie, origin: base } });
    expect(connect.status).toBe(200);
    const connectBody = (await connect.json()) as { mode: string; sandboxApiUrl: string; accessToken: string };
    expect(connectBody.mode).toBe('sandbox');
    const connectors = await fetch(`${connectBody.sandboxApiUrl}/connectors?sandbox=true`, { headers: { 'x-api-key': connectBody.accessToken } });
    expect(((await connectors.json()) as { results: { name: string }[] }).results.map((c) => c.name)).toContain('Pluggy Bank');
    const remaining: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${base}/api/settings`, {
        headers: { cookie, 'x-concilia-rate-limit': JSON.stringify({ policy: 'default', identifier: 'forged', headers: {} }) },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe('60');
      remaining.push(Number(res.headers.get('x-ratelimit-remaining')));
    }
    // Counted once each: remaining drops by 1 per request. The sliding window
    // may weigh one request of the previous minute away in between (then it
    // stays), so a step of 0 is allowed once; counting twice would show 2.
    const steps = [remaining[0]! - remaining[1]!, remaining[1]! - remaining[2]!];
    for (const step of steps) expect([0, 1]).toContain(step);
    expect(steps[0]! + steps[1]!).toBeGreaterThanOrEqual(1);
    // A state-changing request another site makes with the cookie is refused.
    const crossSite = await fetch(`${base}/api/notifications/read-all`, { method: 'POST', headers: { cookie, origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
    expect(((await crossSite.json()) as { error: { details: unknown } }).error.details).toEqual({ reason: 'cross_origin' });
    let last: Response | undefined;
    for (let i = 0; i < 60 && last?.status !== 429; i++) last = await fetch(`${base}/api/me`, { headers: { cookie } });
    expect(last!.status).toBe(429);
    expect(last!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await last!.json()) as { error: { code: string } }).error.code).toBe('rate_limited');

    // Session lookups are reused in process (lib/auth/auth-cache.ts), by
    // proxy.ts and the routes alike: a sign-out must hold on the very next
    // request (401, not the proxy's 429 for a still-known caller).
    const signOut = await fetch(`${base}/api/auth/sign-out`, { method: 'POST', headers: { cookie, origin: base } });
    expect(signOut.status).toBe(200);
    const afterSignOut = await fetch(`${base}/api/me`, { headers: { cookie } });
    expect(afterSignOut.status).toBe(401);
    // A marker forged by the client is stripped even where proxy.ts adds
    // none (no session): its identity must not sign anyone in.
    const forgedIdentity = await fetch(`${base}/api/me`, {
      headers: {
        'x-concilia-rate-limit': JSON.stringify({
          policy: 'default',
          identifier: `user:${demoUserId}`,
          headers: {},
          identity: { userId: demoUserId, mode: 'builtin', email: 'demo@concilia.local', name: null, sessionId: null },
        }),
      },
    });
    expect(forgedIdentity.status).toBe(401);
    // The same on every route pattern, with file-like suffixes, encodings,
    // trailing slashes and HEAD; and addresses a client claims do not reset
    // the per-address sign-in limit (test/security/real-server.ts).
    expect(await sweepForgedMarkers(base, demoUserId)).toBeGreaterThan(100);
    expect(await spoofedAddressesStillLimited(base, RATE_LIMIT_POLICIES['login-ip'].limit)).toBeGreaterThan(0);

    // 130 is the conventional status after Ctrl-C (tsx relays the signal); what matters is a clean stop.
    expect([0, 130]).toContain(await stop(first.child));
    expect(first.output()).toMatch(/embedded PostgreSQL stopped/);
    expect(first.output()).toMatch(/"msg":"job workers stopped"/);
    expect(await portOpen(pgPort)).toBe(false);
    expect(await portOpen(port)).toBe(false);

    const second = start(await freePort());
    await waitFor('the second start to serve', () => /serving on/.test(second.output()), 60_000, second.output);
    expect(second.output()).toMatch(/migrations are up to date/);
    expect(second.output()).not.toMatch(/Demo account created/);
    expect([0, 130]).toContain(await stop(second.child));
  }, 600_000);

  // Another user cannot use a checkout in a private folder at all (it cannot
  // read the sources), so from there this case has nothing to run.
  it.runIf(userInfo().uid === 0 && nobody !== undefined && traversableBy(process.cwd(), nobody.uid, nobody.gid))(
    'the embedded database also runs for a normal (non-root) user',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'concilia-nobody-'));
      chmodSync(dir, 0o777);
      const script = join(dir, 'check.mts');
      writeFileSync(
        script,
        `import { startEmbeddedPostgres } from '${join(process.cwd(), 'lib/db/embedded/index.ts')}';
import pg from '${join(process.cwd(), 'node_modules/pg/lib/index.js')}';
const e = await startEmbeddedPostgres({ baseDir: '${dir}/pg' });
const c = new pg.Client({ connectionString: e.url }); await c.connect();
const r = await c.query('select current_user as u'); console.log('ok', r.rows[0].u); await c.end(); await e.stop();\n`,
      );
      chmodSync(script, 0o644);
      const res = spawnSync(
        'runuser',
        ['-u', 'nobody', '--', process.execPath, join(process.cwd(), 'node_modules/tsx/dist/cli.mjs'), script],
        { cwd: process.cwd(), encoding: 'utf8', timeout: 90_000, env: { ...process.env, HOME: dir } },
      );
      rmSync(dir, { recursive: true, force: true });
      expect(res.stdout + res.stderr).toMatch(/ok postgres/);
      expect(existsSync(dir)).toBe(false);
    },
    120_000,
  );

  it('a failed embedded start exits with the cause and what to do, not an unhandled error', async () => {
    // A data folder left half-made (no PG_VERSION, not empty): initdb refuses it.
    const broken = mkdtempSync(join(tmpdir(), 'concilia-broken-'));
    chmodSync(broken, 0o755);
    mkdirSync(join(broken, 'postgres', 'data'), { recursive: true });
    writeFileSync(join(broken, 'postgres', 'data', 'stray-file'), 'x');
    try {
      const run = start(await freePort(), broken);
      const code = await new Promise<number | null>((r) => run.child.once('exit', (c) => r(c)));
      expect(code, run.output()).toBe(1);
      expect(run.output()).toMatch(
        /\[concilia\] The embedded PostgreSQL could not start: initdb exited with code 1 while creating \S+\/postgres\/data; its last output:\ninitdb: error: directory \S+ exists but is not empty\n[\s\S]*What to do: .*set DATABASE_URL/,
      );
      expect(run.output()).not.toMatch(/Unhandled|\n\s+at /);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  }, 30_000);

  // The server runs as `postgres`, which cannot enter a checkout in a private
  // folder such as /root: neither its data folder nor its node_modules.
  it.runIf(userInfo().uid === 0)(
    'as root, from a checkout in a folder only root can enter: runs as postgres from a reusable copy of the binaries',
    async () => {
      const checkout = privateCheckout();
      try {
        const { code, output } = await checkout.run(
          `import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '@/lib/db/embedded';
const rounds = [];
for (const round of [1, 2]) {
  const e = await startEmbeddedPostgres({ baseDir: join(process.cwd(), '.data', 'postgres') });
  const c = new pg.Client({ connectionString: e.url });
  await c.connect();
  const { rows } = await c.query('SELECT pg_backend_pid() AS pid');
  const uid = Number(/^Uid:\\s+(\\d+)/m.exec(readFileSync('/proc/' + rows[0].pid + '/status', 'utf8'))[1]);
  await c.end();
  await e.stop();
  rounds.push({ binariesDir: e.binariesDir, dataDir: e.dataDir, postgresInode: statSync(join(e.binariesDir, 'bin', 'postgres')).ino, serverUid: uid });
}
console.log('RESULT ' + JSON.stringify(rounds));
`,
          90_000,
        );
        type Round = { binariesDir: string; dataDir: string; postgresInode: number; serverUid: number };
        const rounds = resultOf<Round[]>(output);
        expect(rounds, output).toBeDefined();
        expect(code, output).toBe(0);
        const [first, second] = rounds!;
        const postgresUid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
        expect(first!.serverUid).toBe(postgresUid);
        expect(first!.binariesDir.startsWith(join(checkout.tmp, 'concilia-postgres-binaries') + '/')).toBe(true);
        expect(first!.dataDir.startsWith(checkout.tmp + '/')).toBe(true);
        expect(statSync(first!.binariesDir).mode & 0o777).toBe(0o755);
        expect(statSync(join(first!.binariesDir, 'bin', 'postgres')).mode & 0o777).toBe(0o755);
        expect(statSync(join(first!.binariesDir, 'bin', 'postgres')).uid).toBe(0);
        // The second start reuses the copy (same files) and the data.
        expect(second).toEqual(first);
        expect(output).toMatch(/running PostgreSQL from a new copy in[\s\S]*running PostgreSQL from the copy in/);
      } finally {
        checkout.remove();
      }
    },
    120_000,
  );
});
