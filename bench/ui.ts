// npm run bench:ui — the dashboard's pages on the embedded demo, in Chromium,
// on a production build: time to the first meaningful content (KPI cards, a
// table's first row) on a cold visit (new browser context: no HTTP cache) and
// a warm one (the same context again), the JavaScript the page loaded, and
// the API requests it made in its first 10 s.
//
// It runs `npm start`'s own script (scripts/start.ts: embedded PostgreSQL,
// the Pluggy and Advbox sandboxes, the demo firm, `next build` when stale,
// `next start`) in a scratch data directory, signs in as the demo person
// through the sign-in page, waits for the demo's sync and precompute, then
// measures. Flags: --rounds N (warm visits per page, median; default 3),
// --keep (leave the data directory).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { freePort } from '@/lib/db/embedded';
import { readDemoCredentials } from '@/lib/demo/ensure-demo-data';
import { selectChromium } from '@/test/harness/chromium';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ROUNDS = flag('rounds', 3);
const KEEP = args.includes('--keep');
const FIRST_SECONDS = 10;

interface PageSpec {
  path: string;
  name: string;
  /** The first content a person can act on. */
  ready: (p: Page) => ReturnType<Page['locator']>;
}

const PAGES: PageSpec[] = [
  { path: '/', name: 'Painel', ready: (p) => p.getByText('Recebido no mês').first() },
  { path: '/transacoes', name: 'Transações', ready: (p) => p.locator('table[aria-label="Transações"] tbody tr').first() },
  { path: '/contas', name: 'Contas', ready: (p) => p.getByRole('heading', { name: 'Contas e cartões' }) },
  { path: '/conciliacao', name: 'Conciliação', ready: (p) => p.locator('table[aria-label^="Créditos"] tbody tr').first() },
  { path: '/cobrancas', name: 'Cobranças', ready: (p) => p.locator('table[aria-label="Cobranças em aberto"] tbody tr').first() },
  { path: '/notificacoes', name: 'Notificações', ready: (p) => p.locator('main ul li').first() },
  { path: '/auditoria', name: 'Auditoria', ready: (p) => p.locator('table[aria-label="Registros de auditoria"] tbody tr').first() },
  { path: '/configuracoes', name: 'Configurações', ready: (p) => p.getByRole('form', { name: 'Escritório e avisos' }) },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmtMs = (ms: number) => `${Math.round(ms).toLocaleString('en-US')} ms`;
const fmtKb = (b: number) => `${(b / 1024).toFixed(0)} KB`;

async function startDemo(dataDir: string, port: number): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, CONCILIA_DATA_DIR: dataDir, PORT: String(port), NEXT_TELEMETRY_DISABLED: '1' };
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'UPSTASH_REDIS_REST_URL', 'UPSTASH_REDIS_REST_TOKEN', 'CLERK_SECRET_KEY', 'NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY', 'PLUGGY_CLIENT_ID', 'PLUGGY_CLIENT_SECRET', 'ADVBOX_API_URL', 'NODE_ENV']) delete env[k];
  const child = spawn(process.execPath, [join(process.cwd(), 'node_modules/tsx/dist/cli.mjs'), 'scripts/start.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15 * 60_000; // a first `next build` on two cores
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode})\n${out}`);
    try {
      if ((await fetch(`${url}/api/ping`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the app did not answer in 15 min\n${out}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return { child, url, output: () => out };
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}

interface Visit {
  ms: number;
  /** Scripts the document loaded in its first FIRST_SECONDS: bytes over the wire, and as JavaScript (decoded). */
  scriptTransfer: number;
  scriptDecoded: number;
  apiRequests: number;
  eventStreams: number;
}

/** One visit: from navigation start to the ready locator; scripts and API requests counted for FIRST_SECONDS. */
async function visit(page: Page, url: string, spec: PageSpec): Promise<Visit> {
  let apiRequests = 0;
  let eventStreams = 0;
  const onRequest = (req: { url(): string }) => {
    const u = new URL(req.url());
    if (!u.pathname.startsWith('/api/')) return;
    if (u.pathname === '/api/events') eventStreams++;
    else apiRequests++;
  };
  page.on('request', onRequest);
  const t0 = performance.now();
  await page.goto(url + spec.path, { waitUntil: 'commit' });
  await spec.ready(page).waitFor({ state: 'visible', timeout: 60_000 });
  const ms = performance.now() - t0;
  const rest = FIRST_SECONDS * 1000 - (performance.now() - t0);
  if (rest > 0) await page.waitForTimeout(rest);
  page.off('request', onRequest);
  // The document's own resource timings: what it loaded, whatever the browser cache answered.
  const scripts = await page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js'))
      .reduce((a, e) => ({ transfer: a.transfer + e.transferSize, decoded: a.decoded + e.decodedBodySize }), { transfer: 0, decoded: 0 }),
  );
  return { ms, scriptTransfer: scripts.transfer, scriptDecoded: scripts.decoded, apiRequests, eventStreams };
}

async function signIn(browser: Browser, url: string, creds: { email: string; password: string }): Promise<{ cookies: Awaited<ReturnType<BrowserContext['cookies']>> }> {
  const ctx = await browser.newContext({ locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
  const page = await ctx.newPage();
  await page.goto(`${url}/entrar`);
  await page.getByLabel('E-mail').fill(creds.email);
  await page.getByLabel(/Senha/).fill(creds.password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/entrar'), { timeout: 120_000 });
  const cookies = await ctx.cookies();
  await ctx.close();
  return { cookies };
}

/** The demo's first sync and precompute run in the background after start: wait for rows on the pages that show them. */
async function waitForDemoData(browser: Browser, url: string, cookies: Awaited<ReturnType<BrowserContext['cookies']>>) {
  const ctx = await browser.newContext();
  await ctx.addCookies(cookies);
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    const [tx, recon] = await Promise.all([ctx.request.get(`${url}/api/pluggy/transactions?limit=1`), ctx.request.get(`${url}/api/reconciliation?limit=1`)]);
    const txItems = tx.ok() ? ((await tx.json()) as { items: unknown[] }).items.length : 0;
    const reconRows = recon.ok() ? ((await recon.json()) as { rows: unknown[] }).rows.length : 0;
    if (txItems > 0 && reconRows > 0) break;
    if (Date.now() > deadline) throw new Error(`the demo has no data after 5 min (transactions ${tx.status()}, reconciliation ${recon.status()}: ${(await recon.text()).slice(0, 300)})`);
    await new Promise((r) => setTimeout(r, 2000));
  }
  await ctx.close();
}

async function main() {
  const choice = selectChromium();
  if (!choice.executablePath) throw new Error(`bench:ui needs Chromium: ${choice.summary}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'concilia-bench-ui-'));
  const port = await freePort();
  console.log(`[bench:ui] starting the embedded demo (npm start's script) in ${dataDir} on port ${port}; builds first when stale…`);
  const t0 = performance.now();
  const app = await startDemo(dataDir, port);
  console.log(`[bench:ui] serving after ${fmtMs(performance.now() - t0)}`);
  const failed = (err: unknown) => {
    console.error(`[bench:ui] the app's last output:\n${app.output().split('\n').slice(-60).join('\n')}`);
    throw err;
  };
  const browser = await chromium.launch({ executablePath: choice.executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--lang=pt-BR'] });
  try {
    const creds = readDemoCredentials(dataDir);
    if (!creds) throw new Error(`no demo credentials in ${dataDir}\n${app.output()}`);
    const { cookies } = await signIn(browser, app.url, creds);
    await waitForDemoData(browser, app.url, cookies).catch(failed);

    const rows: string[][] = [];
    const warmAll: number[] = [];
    for (const spec of PAGES) {
      // Cold: a new context (empty HTTP cache, no client state) visiting the page first.
      const cold = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
      await cold.addCookies(cookies);
      const page = await cold.newPage();
      const c = await visit(page, app.url, spec);
      const warm: Visit[] = [];
      for (let i = 0; i < ROUNDS; i++) warm.push(await visit(page, app.url, spec));
      await cold.close();
      const w = median(warm.map((v) => v.ms));
      warmAll.push(w);
      rows.push([
        spec.name,
        fmtMs(c.ms),
        fmtMs(w),
        `${fmtKb(c.scriptDecoded)} (${fmtKb(c.scriptTransfer)} sent)`,
        fmtKb(median(warm.map((v) => v.scriptTransfer))),
        String(c.apiRequests),
        String(median(warm.map((v) => v.apiRequests))),
        String(c.eventStreams),
      ]);
      console.log(`[bench:ui] ${spec.name}: cold ${fmtMs(c.ms)}, warm median ${fmtMs(w)} (${warm.map((v) => Math.round(v.ms)).join(', ')} ms)`);
    }
    const header = ['page', 'cold → content', `warm → content (median of ${ROUNDS})`, 'JS loaded, cold (over the wire)', 'JS over the wire, warm', `API requests in ${FIRST_SECONDS} s (cold)`, 'API requests (warm)', 'event streams'];
    console.log('');
    console.log(`| ${header.join(' | ')} |`);
    console.log(`|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    console.log('');
    const slow = PAGES.filter((_, i) => warmAll[i]! >= 1000).map((p) => p.name);
    console.log(`target: warm pages usable under 1 s — ${slow.length ? `missed on ${slow.join(', ')}` : 'met on every page'}`);
  } finally {
    await browser.close();
    await stop(app.child);
    if (!KEEP) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
