// The dashboard in a real browser (Debian's Chromium through playwright-core):
// sign up → onboarding → Painel KPIs → Transações filter, CSV export and
// ignore → settings validation in pt-BR → a VIEWER sees no action buttons;
// axe-core on every page; screenshots (desktop + 390 px phone) to
// test-output/screenshots (git-ignored) for people to look at.
import AxeBuilder from '@axe-core/playwright';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page, type Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SESSION_COOKIE } from '@/lib/auth/builtin/cookie';
import { formatBRL, formatDateTime, fromCents, monthSP, toCents, todaySP } from '@/lib/format';
import { resetEnvCache } from '@/lib/env';
import { refreshKpiView } from '@/lib/kpi-view';
import { runReconciliationPrecompute } from '@/lib/reconciliation-worker';
import { updateSettings } from '@/lib/settings/settings';
import { startJobWorkers } from '@/lib/jobs';
import type { HealthReport } from '@/lib/health';
import { createNotification } from '@/lib/notifications/create-notification';
import { bulkConfirmJob } from '@/lib/reconciliation/bulk-confirm';
import { SANDBOX_CLIENT } from '@/lib/pluggy/client';
import { pluggySyncJob } from '@/lib/pluggy/sync/sync-job';
import { statementImportJob } from '@/lib/statements/jobs';
import { ofxSgml1252, truncatedOfx } from '@/test/statements/fixtures';
import { selectChromium } from '@/test/harness/chromium';
import { testDb } from '@/test/db';
import { createTestSession } from '@/test/sessions';
import { startApp, type AppServer } from '@/test/browser/server';
import { startBrowserPluggy, type BrowserPluggy } from '@/test/browser/pluggy';
import { bookCredits } from '@/test/advbox';
import type { ReconRowDto, ReconViewDto } from '@/lib/reconciliation/result';
import { generateBook } from '@/lib/synthetic/book';
import { startAdvboxSandbox, type AdvboxSandbox } from '@/tools/advbox-sandbox/server';
import { startPluggySandbox, type PluggySandbox } from '@/tools/pluggy-sandbox/server';

const chromiumChoice = selectChromium(); // throws under CI=true when there is none
if (!chromiumChoice.executablePath) console.warn(`\n[browser] SKIPPED: ${chromiumChoice.summary}\n`);
else console.log(chromiumChoice.summary);

const SHOTS = join(process.cwd(), 'test-output', 'screenshots');
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };
const nbsp = (s: string) => s.replace(/\u00a0/g, ' ');
// Pages compile on first visit in next dev: wait for conditions generously.
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 180_000, interval: 250 });

describe.skipIf(!chromiumChoice.executablePath)('dashboard in the browser', { timeout: 600_000 }, () => {
  const { db, pool } = testDb();
  let app: AppServer;
  let browser: Browser;
  let owner: BrowserContext;
  let page: Page;
  let tenantId = '';
  const email = `dono-${randomBytes(4).toString('hex')}@teste.concilia.local`;
  const firmName = 'Silva Advogados';
  let expectedCredits = '0.00';

  // Conciliação: the app (a child process) reaches this Advbox sandbox, so it must exist before the app starts.
  let advbox: AdvboxSandbox;
  beforeAll(async () => {
    advbox = await startAdvboxSandbox({ firms: {} });
    process.env.ADVBOX_API_URL = advbox.url;
    resetEnvCache();
  });
  afterAll(async () => {
    await advbox?.close();
  });

  // Contas › Conectar banco: firms without Pluggy credentials use this local sandbox (the embedded demo's set-up),
  // from the app (token, binding) and from the browser (the connect dialog); the test process works the sync.
  let pluggy: PluggySandbox;
  beforeAll(async () => {
    pluggy = await startPluggySandbox({ defaultFirm: { seed: 13, customers: 8 }, updateDelayMs: 300 });
    process.env.PLUGGY_SANDBOX_URL = pluggy.url;
    resetEnvCache();
  });
  afterAll(async () => {
    await pluggy?.close();
  });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = await startApp(inject('databaseUrl'));
    browser = await chromium.launch({
      executablePath: chromiumChoice.executablePath!,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--lang=pt-BR'],
    });
    owner = await browser.newContext({ viewport: DESKTOP, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo', acceptDownloads: true });
    page = await owner.newPage();
    page.setDefaultTimeout(240_000); // first visits compile the page in next dev (slow under a full, parallel run)
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function audit(p: Page, name: string) {
    // next dev may reload a page once after compiling it (seen under a loaded full
    // run): axe then loses its context, so wait for the load and analyse again.
    let result: Awaited<ReturnType<AxeBuilder['analyze']>> | undefined;
    for (let attempt = 0; !result; attempt++) {
      await p.waitForLoadState('load');
      try {
        result = await new AxeBuilder({ page: p }).analyze();
      } catch (err) {
        if (attempt >= 4 || !/Execution context was destroyed|navigat/i.test(String(err))) throw err;
      }
    }
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([]);
  }

  async function shoot(p: Page, name: string) {
    await p.screenshot({ path: join(SHOTS, `${name}-desktop.png`), fullPage: true });
    const size = p.viewportSize();
    await p.setViewportSize(PHONE);
    await p.waitForTimeout(150); // layout settles after the resize (a picture, not an assertion)
    await p.screenshot({ path: join(SHOTS, `${name}-phone.png`), fullPage: true });
    if (size) await p.setViewportSize(size);
  }

  /** Waits until React has hydrated the element: typed into before that, a controlled field is reset by hydration. */
  async function hydrated(target: Locator) {
    await target.waitFor();
    // Short attempts: next dev may reload the page once after compiling it, which ends an attempt.
    await poll(() => target.evaluate((el) => Object.keys(el).some((k) => k.startsWith('__reactProps')), undefined, { timeout: 5_000 }).catch(() => false)).toBe(true);
  }

  it('signs up, creates the firm from its name alone, and lands on the Painel', async () => {
    // Another "Silva Advogados" already exists: onboarding must still succeed.
    await db.tenant.create({ data: { name: firmName, slug: 'silva-advogados', settings: { create: {} } } }).catch(() => undefined);

    await page.goto(`${app.url}/cadastro`);
    await audit(page, 'cadastro');
    await shoot(page, 'cadastro');
    await hydrated(page.getByRole('button', { name: 'Criar conta' }));
    await page.getByLabel('Seu nome').fill('Maria Silva');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel(/Senha/).fill('senha-bem-segura-123');
    await page.getByRole('button', { name: 'Criar conta' }).click();
    await page.waitForURL(/\/onboarding$/);
    await audit(page, 'onboarding');
    await shoot(page, 'onboarding');
    await hydrated(page.getByRole('button', { name: 'Criar escritório' }));
    await page.getByLabel('Nome do escritório').fill(firmName);
    await page.getByRole('button', { name: 'Criar escritório' }).click();
    await page.waitForURL(`${app.url}/`);
    await poll(() => page.getByTestId('kpi-cards').isVisible()).toBe(true);

    const user = await db.user.findUniqueOrThrow({ where: { email } });
    const membership = await db.tenantUser.findFirstOrThrow({ where: { userId: user.id }, include: { tenant: true } });
    tenantId = membership.tenantId;
    // The name's slug was taken: a suffixed one was picked, no 409 (other suites may hold -2 too).
    expect(membership.tenant.slug).toMatch(/^silva-advogados-\d+$/);
    expect(membership.role).toBe('OWNER');
  });

  it('shows the firm’s KPIs, chart and what needs attention', async () => {
    expectedCredits = await seedBank(tenantId);
    await refreshKpiView(pool);
    await page.goto(`${app.url}/`);
    const cards = page.getByTestId('kpi-cards');
    await poll(async () => nbsp(await cards.innerText())).toContain(nbsp(formatBRL(expectedCredits)));
    expect(nbsp(await cards.innerText())).toContain('R$ 15.234,56'); // the account's balance
    expect(await page.getByTestId('attention').innerText()).toContain('Erro de login');
    // Advbox is not connected yet: the sync card says so beside the bank's last sync.
    expect(await page.getByTestId('advbox-sync').innerText()).toBe('Advbox: nenhuma leitura ainda.');
    await poll(() => page.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    await audit(page, 'painel');
    await shoot(page, 'painel');
  });

  it('filters Transações in the URL, with totals, and exports the whole filter as CSV', async () => {
    await page.goto(`${app.url}/transacoes`);
    await poll(() => page.getByTestId('txn-row').count()).toBe(6);
    await audit(page, 'transacoes');
    await shoot(page, 'transacoes');

    await page.getByLabel('Busca').fill('pereira');
    await page.getByRole('button', { name: 'Filtrar' }).click();
    await page.waitForURL(/q=pereira/);
    await poll(() => page.getByTestId('txn-row').count()).toBe(2);
    expect(nbsp(await page.getByTestId('totals').innerText())).toContain('R$ 1.700,75');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Exportar CSV' }).click();
    const file = await download;
    const chunks: Buffer[] = [];
    for await (const c of (await file.createReadStream())!) chunks.push(c as Buffer);
    const bytes = Buffer.concat(chunks);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n').filter(Boolean);
    expect(lines[0]!.split(';')[0]).toBe('Data');
    expect(lines).toHaveLength(3); // header + the two rows of the filter
    expect(lines.some((l) => l.includes(';700,25;'))).toBe(true);
    expect(lines.some((l) => l.includes(`"'=HYPERLINK(""http://exemplo"")"`))).toBe(true);
  });

  it('ignores a row and reactivates it', async () => {
    await page.goto(`${app.url}/transacoes?type=CREDIT&q=maria`);
    const row = page.getByTestId('txn-row').first();
    await row.getByRole('button', { name: /^Ignorar/ }).click();
    await poll(() => row.innerText()).toContain('Ignorada');
    await poll(async () => (await db.pluggyTransaction.findFirstOrThrow({ where: { tenantId, payerName: 'MARIA SOUZA' } })).ignored).toBe(true);
    await row.getByRole('button', { name: /^Reativar/ }).click();
    await poll(async () => (await db.pluggyTransaction.findFirstOrThrow({ where: { tenantId, payerName: 'MARIA SOUZA' } })).ignored).toBe(false);
  });

  it('shows settings validation errors in pt-BR next to the fields', async () => {
    await page.goto(`${app.url}/configuracoes`);
    await hydrated(page.getByLabel('Nome do escritório'));
    await page.getByLabel('Nome do escritório').fill('A');
    await page.getByRole('form', { name: 'Escritório e avisos' }).getByRole('button', { name: 'Salvar' }).click();
    await poll(() => page.getByText('Informe o nome (mín. 2 caracteres).').isVisible()).toBe(true);
    await audit(page, 'configuracoes');
    await shoot(page, 'configuracoes');

    await page.getByRole('tab', { name: 'Conciliação' }).click();
    const matching = page.getByRole('form', { name: 'Pesos e limites da conciliação' });
    // Moving one weight rebalances the others: the sum stays 100.
    await matching.getByRole('slider', { name: /CPF\/CNPJ/ }).fill('60');
    const shown = async () => (await matching.locator('output').allTextContents()).map((t) => Number(t.replace('%', '')));
    await poll(shown).toEqual([60, 17, 3, 13, 7]);
    await matching.getByLabel('Limite médio (sugestão, %)').fill('90');
    await matching.getByRole('button', { name: 'Salvar' }).click();
    await poll(() => matching.getByText('O limite médio deve ser menor que o alto.').isVisible()).toBe(true);
    // The preview needs Advbox: this firm has no token yet, and says so.
    await matching.getByLabel('Limite médio (sugestão, %)').fill('60');
    // The error was about the value sent: editing the field clears it.
    await poll(() => matching.getByText('O limite médio deve ser menor que o alto.').isVisible()).toBe(false);
    await matching.getByRole('button', { name: 'Ver efeito' }).click();
    await poll(() => matching.getByText('Informe o token do Advbox em Configurações > Integrações antes de continuar.').isVisible()).toBe(true);
    await shoot(page, 'configuracoes-conciliacao');
  });

  it('Contas, Notificações and Auditoria render with real data and pass axe', async () => {
    await page.goto(`${app.url}/contas`);
    await poll(() => page.getByText('Conta Movimento').isVisible()).toBe(true);
    expect(await page.getByText('Erro de login').isVisible()).toBe(true);
    await audit(page, 'contas');
    await shoot(page, 'contas');

    await page.goto(`${app.url}/notificacoes`);
    await poll(() => page.getByText('Sincronização concluída').isVisible()).toBe(true);
    expect(await page.getByTestId('unread-count').innerText()).toBe('1');
    await audit(page, 'notificacoes');
    await shoot(page, 'notificacoes');
    await page.getByRole('button', { name: 'Marcar todas como lidas' }).click();
    await poll(() => page.getByTestId('unread-count').count()).toBe(0);

    await page.goto(`${app.url}/auditoria`);
    // A cell: the action filter's hidden native <select> (Radix) may list the same words as an option.
    await poll(() => page.getByRole('cell', { name: 'Transação ignorada' }).first().isVisible()).toBe(true);
    await audit(page, 'auditoria');
    await shoot(page, 'auditoria');
  });

  it('Cobranças: buckets with counts and amounts, the reminder and a WhatsApp link carrying it encoded', async () => {
    // The firm's Advbox account in the sandbox; the precompute crawls it here (the app only reads the snapshot).
    const sandbox = await startAdvboxSandbox({ firms: {} });
    const previousUrl = process.env.ADVBOX_API_URL;
    process.env.ADVBOX_API_URL = sandbox.url;
    resetEnvCache();
    try {
      const token = `browser-${tenantId}`;
      await updateSettings(db, { tenantId, actorId: 'test', input: { advboxToken: token } });
      const acc = sandbox.addFirm(token);
      const day = (n: number) => new Date(Date.parse(`${todaySP()}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
      const ana = acc.addCustomer({ name: 'Ana Beatriz Costa', document: '52998224725', cellphone: '(11) 98765-4321', email: 'ana@exemplo.com.br' });
      const bruno = acc.addCustomer({ name: 'Bruno Lima', document: '11144477735' });
      const ids = [
        acc.addReceivable(ana.id, { amount: 1500, date_due: day(-12), description: 'Honorários parcela 2/6' }),
        acc.addReceivable(bruno.id, { amount: 250.4, date_due: day(0), description: 'Custas' }),
        acc.addReceivable(ana.id, { amount: 1500, date_due: day(5), description: 'Honorários parcela 3/6' }),
      ].map((t) => String(t.id));
      // Sandbox receivable ids restart in every sandbox: one an earlier journey confirmed in its own may carry one of these.
      await db.reconciliationRecord.updateMany({ where: { tenantId, status: 'CONFIRMED', advboxTransactionId: { in: ids } }, data: { status: 'UNDONE', undoneBy: 'test', undoneAt: new Date() } });
      await runReconciliationPrecompute(db, tenantId);
    } finally {
      if (previousUrl === undefined) delete process.env.ADVBOX_API_URL;
      else process.env.ADVBOX_API_URL = previousUrl;
      resetEnvCache();
      await sandbox.close();
    }

    await page.goto(`${app.url}/cobrancas`);
    const tabs = page.getByRole('tablist', { name: 'Situação do vencimento' });
    await poll(async () => nbsp(await tabs.innerText())).toContain('Vencidas (1)');
    expect(nbsp(await tabs.innerText())).toMatch(/Vencem hoje \(1\)\s*R\$ 250,40/);
    expect(nbsp(await tabs.innerText())).toContain('Próximos 7 dias (1)');
    const wa = page.getByRole('link', { name: 'WhatsApp para Ana Beatriz Costa' });
    const href = (await wa.getAttribute('href'))!;
    expect(href.startsWith('https://wa.me/5511987654321?text=Ol%C3%A1%2C%20Ana!')).toBe(true);
    const text = new URL(href).searchParams.get('text')!;
    expect(text).toContain('R$ 1.500,00');
    expect(text).toContain('Silva Advogados');
    expect(text).toContain(new Date(Date.parse(`${todaySP()}T12:00:00Z`) - 12 * 86_400_000).toISOString().slice(0, 10).split('-').reverse().join('/'));
    expect(await page.getByRole('link', { name: 'E-mail para Ana Beatriz Costa' }).getAttribute('href')).toMatch(/^mailto:ana@exemplo\.com\.br\?subject=/);
    await audit(page, 'cobrancas');
    await shoot(page, 'cobrancas');

    await page.getByRole('tab', { name: /Vencem hoje/ }).click();
    await page.waitForURL(/bucket=today/);
    await poll(() => page.getByText('Bruno Lima').isVisible()).toBe(true);
    // No phone, no e-mail in Advbox: the hand-offs stay visible, disabled, saying why.
    expect(await page.getByRole('button', { name: /WhatsApp indisponível: Bruno Lima/ }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: /E-mail indisponível: Bruno Lima/ }).isDisabled()).toBe(true);
  });

  it('Contas: a bad statement file names the line; an OFX file shows its preview, imports on confirm, and lists in the history', async () => {
    // The app runs no workers here (JOBS_IN_WEB=false): this process works the import jobs (setup-env stops them after the file).
    await startJobWorkers({ jobs: [statementImportJob], pollingIntervalSeconds: 0.5 });
    await page.goto(`${app.url}/contas`);
    await page.getByRole('button', { name: 'Cadastrar conta' }).click();
    const form = page.getByRole('form', { name: 'Cadastrar conta manual' });
    await form.getByLabel('Nome', { exact: true }).fill('Conta Cooperativa');
    await form.getByLabel('Banco', { exact: true }).fill('Sicoob');
    await form.getByLabel('Agência', { exact: true }).fill('1234');
    await form.getByLabel('Conta', { exact: true }).fill('56789-0'); // the generated file's BANKACCTFROM
    await form.getByRole('button', { name: 'Salvar conta' }).click();
    await poll(() => page.getByLabel('Conta do extrato').innerText()).toContain('Conta Cooperativa — Sicoob ag. 1234 c/c 56789-0');

    const input = page.getByTestId('statement-file');
    await input.setInputFiles({ name: 'extrato-cortado.ofx', mimeType: 'application/x-ofx', buffer: Buffer.from(truncatedOfx()) });
    await poll(() => page.getByRole('alert').filter({ hasText: /linha \d+/ }).count()).toBe(1);

    await input.setInputFiles({ name: 'extrato-marco.ofx', mimeType: 'application/x-ofx', buffer: Buffer.from(ofxSgml1252()) });
    const preview = page.getByTestId('import-preview');
    await poll(async () => nbsp(await preview.innerText())).toContain('01/03/2026 a 05/03/2026'); // the statement's DTSTART–DTEND
    const text = nbsp(await preview.innerText());
    expect(text).toMatch(/Novos\s*4/);
    expect(text).toMatch(/Já existentes\s*0/);
    expect(text).toContain('R$ 3.845,67'); // credits: 1.500,00 + 2.345,67
    expect(await page.getByRole('alert').filter({ hasText: /linha \d+/ }).count()).toBe(0); // the good file cleared the bad one's message
    await audit(page, 'contas-import');
    await shoot(page, 'contas-import');

    await page.getByRole('button', { name: 'Importar 4 lançamentos' }).click();
    await poll(() => page.getByTestId('import-row').filter({ hasText: 'Importado' }).count()).toBe(1);
    expect(nbsp(await page.getByTestId('import-row').first().innerText())).toContain('4 de 4');
    const account = await db.pluggyAccount.findFirstOrThrow({ where: { tenantId, source: 'manual', name: 'Conta Cooperativa' } });
    expect(await db.pluggyTransaction.count({ where: { tenantId, pluggyAccountDbId: account.id, deletedAt: null } })).toBe(4);
    // The account and its rows are bank data like any other: listed with the synced ones.
    await poll(() => page.getByRole('region', { name: 'Contas e cartões' }).getByText('Conta Cooperativa').count()).toBeGreaterThan(0);

    // Undone as a whole from the history (which also leaves the firm's six rows for the VIEWER journey).
    await page.getByRole('button', { name: 'Desfazer a importação de extrato-marco.ofx' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Desfazer importação' }).click();
    await poll(async () => (await db.statementImport.findFirstOrThrow({ where: { tenantId, fileName: 'extrato-marco.ofx', status: { not: 'PREVIEW' } } })).status).toBe('UNDONE');
    // In place, as the person sees it (this once failed in full runs: a `next build` beside the suite emptied
    // .next, this server's dist dir then; on a failure the page and the server say what they saw).
    try {
      await poll(() => page.getByTestId('import-row').filter({ hasText: 'Desfeito' }).count()).toBe(1);
    } catch (e) {
      console.log('[contas undo]', nbsp(await page.locator('body').innerText().catch((x: unknown) => String(x))).slice(0, 3000), app.output().slice(-4000));
      throw e;
    }
    // And it stays so after a reload.
    await page.reload();
    await poll(() => page.getByTestId('import-row').filter({ hasText: 'Desfeito' }).count()).toBe(1);
    expect(await db.pluggyTransaction.count({ where: { tenantId, pluggyAccountDbId: account.id, deletedAt: null } })).toBe(0);
  });

  describe('Conciliação', () => {
    // A firm of its own (the first firm's six transactions are counted by other tests), with an
    // Advbox account in the sandbox and the credits of the same synthetic book, precomputed.
    const token = `browser-recon-${randomBytes(4).toString('hex')}`;
    const book = generateBook({ seed: 7, customers: 15, anchorDate: todaySP(), openWindowDays: 400 });
    let firm = '';
    let recon: Page;
    let viewerCookie = '';
    const rowsOf = async (status: string) =>
      ((await (await recon.request.get(`${app.url}/api/reconciliation?status=${status}&limit=100`)).json()) as ReconViewDto).rows;
    const rowOf = (t: ReconRowDto) => recon.locator(`[data-testid="recon-row"][data-transaction-id="${t.transaction.id}"]`);

    beforeAll(async () => {
      ({ firm, page: recon } = await reconFirm('Conciliação Navegador', token, book));
      const viewer = await db.user.create({ data: { email: `recon-leitor-${randomBytes(4).toString('hex')}@teste.concilia.local`, name: 'Leitor' } });
      await db.tenantUser.create({ data: { tenantId: firm, userId: viewer.id, email: viewer.email, role: 'VIEWER' } });
      viewerCookie = await createTestSession(db, viewer.id);
    }, 120_000);

    afterAll(async () => {
      await recon?.context().close();
    });

    it('explains a match, confirms it from the keyboard (paid in Advbox), shows it in Conciliado and undoes it', async () => {
      await recon.goto(`${app.url}/conciliacao`);
      await poll(() => recon.getByTestId('recon-row').count()).toBeGreaterThan(1);
      const auto = await rowsOf('auto');
      expect(auto.length).toBeGreaterThan(1);
      // The tab shows the summary's count and amount (R$, pt-BR).
      const autoTotal = fromCents(auto.reduce((sum, r) => sum + toCents(r.transaction.amount), 0n));
      await poll(async () => nbsp(await recon.getByTestId('tab-auto').innerText())).toContain(nbsp(formatBRL(autoTotal)));
      expect(nbsp(await recon.getByTestId('tab-auto').innerText())).toContain(String(auto.length));
      expect(await recon.getByTestId('shortcuts').isVisible()).toBe(true);
      await audit(recon, 'conciliacao');
      await shoot(recon, 'conciliacao');
      await recon.setViewportSize({ width: 1440, height: 900 }); // the width people mostly work at
      await recon.screenshot({ path: join(SHOTS, 'conciliacao-1440.png'), fullPage: true });
      await recon.setViewportSize(DESKTOP);

      // The queue from the keyboard: j → second row, k → back to the first, d → its explanation.
      const rows = recon.getByTestId('recon-row');
      await recon.locator('h1').click();
      await recon.keyboard.press('j');
      await poll(() => rows.nth(1).getAttribute('data-active')).toBe('true');
      await recon.keyboard.press('k');
      await poll(() => rows.nth(0).getAttribute('data-active')).toBe('true');
      await recon.keyboard.press('d');
      const details = recon.getByRole('dialog');
      await details.waitFor();
      const first = auto[0]!;
      const criteria = details.getByTestId('criteria');
      for (const reason of first.reasons) expect(nbsp(await criteria.innerText())).toContain(nbsp(reason.message));
      expect(await criteria.getByRole('row').count()).toBe(first.reasons.length + 1);
      await audit(recon, 'conciliacao-detalhes');
      await shoot(recon, 'conciliacao-detalhes');
      // Shortcuts are off while a dialog is open: c here must not confirm.
      await recon.keyboard.press('c');
      await recon.keyboard.press('Escape');
      await details.waitFor({ state: 'detached' });
      expect(await db.reconciliationRecord.count({ where: { tenantId: firm } })).toBe(0);

      // Enter confirms the active row: the receivable is paid in the Advbox sandbox.
      await recon.keyboard.press('Enter');
      const receivableId = Number(first.receivables[0]!.id);
      await poll(() => advbox.firm(token).isPaid(receivableId)).toBe(true);
      await poll(() => db.reconciliationRecord.count({ where: { tenantId: firm, pluggyTransactionDbId: first.transaction.id, status: 'CONFIRMED' } })).toBe(first.receivables.length);
      await poll(() => rowOf(first).count()).toBe(0);

      await recon.getByRole('link', { name: /^Conciliado/ }).click();
      await recon.waitForURL(/tab=confirmed/);
      const done = recon.locator(`[data-testid="recon-confirmed-row"][data-transaction-id="${first.transaction.id}"]`);
      await poll(() => done.count()).toBe(1);
      expect(nbsp(await done.innerText())).toContain(nbsp(formatBRL(first.transaction.amount)));
      expect(await done.innerText()).toContain(first.receivables[0]!.id);
      await audit(recon, 'conciliacao-conciliado');
      await shoot(recon, 'conciliacao-conciliado');

      // The Painel counts the confirmed credit as reconciled money; proposals are still work waiting.
      await recon.goto(`${app.url}/`);
      const reconCards = recon.getByTestId('recon-cards');
      const cardsText = async () => nbsp(await reconCards.innerText()).replace(/\n+/g, '\n');
      await poll(cardsText).toContain(nbsp(`Conciliado\n${formatBRL(first.transaction.amount)}\n1 crédito`));
      const summary = ((await (await recon.request.get(`${app.url}/api/reconciliation?limit=1`)).json()) as ReconViewDto).summary;
      expect(summary.confirmed.count).toBe(1);
      const waiting = summary.auto.count + summary.suggested.count;
      expect(await cardsText()).toContain(`Aguardando confirmação\n${waiting} ${waiting === 1 ? 'crédito' : 'créditos'}`);
      expect(await cardsText()).toContain(`Sem cliente identificado\n${summary.unmatched.count} `);
      await shoot(recon, 'painel-conciliacao');
      await recon.goto(`${app.url}/conciliacao?tab=confirmed`);
      await poll(() => done.count()).toBe(1);
      await done.getByRole('button', { name: 'Desfazer' }).click();
      await poll(() => advbox.firm(token).isPaid(receivableId)).toBe(false);
      await poll(() => done.count()).toBe(0);
      // Advbox is reopened first, the records marked UNDONE after it (and the row leaves optimistically): wait for the write.
      await poll(() => db.reconciliationRecord.count({ where: { tenantId: firm, pluggyTransactionDbId: first.transaction.id, status: 'UNDONE' } })).toBe(first.receivables.length);
    });

    it('links an unmatched payer to a client found by the search, and rejects a suggestion', async () => {
      const unmatched = (await rowsOf('unmatched')).find((r) => r.transaction.payerDocument)!;
      expect(unmatched, 'the book has an unmatched credit with a document').toBeDefined();
      const credit = await db.pluggyTransaction.findUniqueOrThrow({ where: { id: unmatched.transaction.id } });
      // A client as the firm's Advbox lists it (the sandbox, like Advbox, hides a few from listings).
      const listed = ((await (await recon.request.get(`${app.url}/api/advbox/customers?limit=50`)).json()) as { items: { id: string; name: string }[] }).items;
      const client = listed.find((c) => /[À-ÿ]/.test(c.name)) ?? listed[0]!;
      await recon.getByRole('link', { name: /^Sem match/ }).click();
      await recon.waitForURL(/tab=unmatched/);
      await rowOf(unmatched).getByRole('button', { name: 'Vincular pagador' }).click();
      const dialog = recon.getByRole('dialog');
      await dialog.getByLabel('CPF/CNPJ do pagador').fill('111.444.777-35'); // not this payer's: refused before sending
      await dialog.getByRole('button', { name: 'Vincular' }).click();
      await poll(() => dialog.getByText(/não confere com o do extrato/).isVisible()).toBe(true);
      await dialog.getByLabel('CPF/CNPJ do pagador').fill(credit.payerDocument!);
      // Typed without accents and in lower case, as people search.
      await dialog.getByLabel('Buscar cliente por nome ou CPF/CNPJ').fill(client.name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase());
      await expect.poll(() => dialog.innerText(), { timeout: 60_000 }).toContain(client.name);
      await dialog.getByRole('radio', { name: new RegExp(client.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).check();
      await audit(recon, 'conciliacao-vincular');
      await shoot(recon, 'conciliacao-vincular');
      await dialog.getByRole('button', { name: 'Vincular' }).click();
      await poll(async () => (await db.clientMapping.findFirst({ where: { tenantId: firm, payerDocument: credit.payerDocument! } }))?.advboxCustomerId).toBe(client.id);
      await dialog.waitFor({ state: 'detached' });

      const suggestion = (await rowsOf('suggested')).find((r) => r.customer) ?? (await rowsOf('auto')).find((r) => r.customer)!;
      await recon.getByRole('link', { name: suggestion.status === 'suggested' ? /^Sugerido/ : /^Automático/ }).click();
      await recon.waitForURL(suggestion.status === 'suggested' ? /tab=suggested/ : /conciliacao$/);
      await rowOf(suggestion).getByRole('button', { name: 'Rejeitar' }).click();
      await recon.getByRole('dialog').getByRole('button', { name: 'Rejeitar' }).click();
      await poll(() => db.reconciliationRejection.count({ where: { tenantId: firm, pluggyTransactionDbId: suggestion.transaction.id, advboxCustomerId: suggestion.customer!.id } })).toBe(1);
      await poll(() => rowOf(suggestion).count()).toBe(0);
    });

    it('a VIEWER reads the queue but has no action buttons or shortcuts', async () => {
      const ctx = await browser.newContext({ viewport: DESKTOP, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
      await ctx.addCookies([{ name: SESSION_COOKIE, value: viewerCookie, url: app.url }]);
      const p = await ctx.newPage();
      p.setDefaultTimeout(240_000);
      await p.goto(`${app.url}/conciliacao`);
      await poll(() => p.getByTestId('recon-row').count()).toBeGreaterThan(0);
      for (const name of ['Confirmar', 'Rejeitar', 'Vincular pagador', 'Confirmar selecionados']) expect(await p.getByRole('button', { name, exact: true }).count()).toBe(0);
      expect(await p.getByRole('checkbox').count()).toBe(0);
      expect(await p.getByTestId('shortcuts').count()).toBe(0);
      await p.getByRole('button', { name: 'Detalhes' }).first().click();
      expect(await p.getByRole('dialog').getByRole('button', { name: /Confirmar|Rejeitar/ }).count()).toBe(0);
      await p.keyboard.press('Escape');
      await p.getByRole('link', { name: /^Conciliado/ }).click();
      await p.waitForURL(/tab=confirmed/);
      expect(await p.getByRole('button', { name: 'Desfazer' }).count()).toBe(0);
      await ctx.close();
    });
  });

  /** A firm whose Advbox account (in the sandbox) holds `book`, with the book's credits in its bank and the matches precomputed; an OWNER's page. */
  async function reconFirm(name: string, token: string, book: ReturnType<typeof generateBook>): Promise<{ firm: string; page: Page }> {
    const tenant = await db.tenant.create({ data: { name, slug: `recon-browser-${randomBytes(3).toString('hex')}`, settings: { create: {} } } });
    const owner = await db.user.create({ data: { email: `recon-${randomBytes(4).toString('hex')}@teste.concilia.local`, name: 'Ana Financeiro' } });
    await db.tenantUser.create({ data: { tenantId: tenant.id, userId: owner.id, email: owner.email, role: 'OWNER' } });
    await updateSettings(db, { tenantId: tenant.id, actorId: 'test', input: { advboxToken: token } });
    advbox.addFirm(token, { book });
    const item = await db.pluggyItem.create({ data: { tenantId: tenant.id, pluggyItemId: randomUUID(), connectorId: 1, connectorName: 'Banco do Brasil', status: 'UPDATED', lastSyncedAt: new Date() } });
    const account = await db.pluggyAccount.create({ data: { tenantId: tenant.id, pluggyItemDbId: item.id, pluggyAccountId: randomUUID(), type: 'BANK', subtype: 'CHECKING_ACCOUNT', name: 'Conta Recebimentos', balance: '1000.00' } });
    const since = new Date(Date.now() - 300 * 86_400_000).toISOString().slice(0, 10);
    await db.pluggyTransaction.createMany({ data: bookCredits(book, { tenantId: tenant.id, accountId: account.id, since }) });
    const pre = await runReconciliationPrecompute(db, tenant.id);
    expect(pre.skipped).toBeUndefined();
    const ctx = await browser.newContext({ viewport: DESKTOP, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
    await ctx.addCookies([{ name: SESSION_COOKIE, value: await createTestSession(db, owner.id), url: app.url }]);
    const p = await ctx.newPage();
    p.setDefaultTimeout(240_000);
    return { firm: tenant.id, page: p };
  }

  describe('Conciliação em lote', () => {
    // A firm of its own: the single-confirm journey above counts its firm's rows and records.
    const token = `browser-bulk-${randomBytes(4).toString('hex')}`;
    const book = generateBook({ seed: 11, customers: 15, anchorDate: todaySP(), openWindowDays: 400 });
    let firm = '';
    let p: Page;
    const rowsOf = async (status: string) => ((await (await p.request.get(`${app.url}/api/reconciliation?status=${status}&limit=100`)).json()) as ReconViewDto).rows;

    beforeAll(async () => {
      ({ firm, page: p } = await reconFirm('Lote Navegador', token, book));
      // The app runs no workers (JOBS_IN_WEB=false): this process works the bulk-confirm jobs (setup-env stops them after the file).
      await startJobWorkers({ jobs: [bulkConfirmJob], pollingIntervalSeconds: 0.5 });
    }, 120_000);

    afterAll(async () => {
      advbox.clearFaults();
      await p?.context().close();
    });

    it('the Painel’s sync card says when Advbox was last read, in São Paulo time', async () => {
      const snapshot = await db.advboxReceivableSnapshot.findUniqueOrThrow({ where: { tenantId: firm } });
      await p.goto(`${app.url}/`);
      const card = p.getByTestId('sync-status');
      await poll(async () => nbsp(await card.innerText())).toContain(nbsp(`Advbox: última leitura`));
      expect(nbsp(await p.getByTestId('advbox-sync').innerText())).toContain(nbsp(formatDateTime(snapshot.fetchedAt)));
      expect(nbsp(await card.innerText())).toMatch(/Última sincronização: /); // the bank's, beside it
      await audit(p, 'painel-sincronizacao');
      await shoot(p, 'painel-sincronizacao');
    });

    it('confirms several Automático rows in one go: each item’s outcome, the rows in Conciliado, the receivables paid in Advbox', async () => {
      await p.goto(`${app.url}/conciliacao`);
      await poll(() => p.getByTestId('recon-row').count()).toBeGreaterThan(3);
      const auto = (await rowsOf('auto')).filter((r) => r.receivables.length === 1);
      expect(auto.length, 'the book has at least four single-receivable automatic matches').toBeGreaterThanOrEqual(4);
      const picked = auto.slice(0, 4);
      const [failing, ...good] = [picked[3]!, picked[0]!, picked[1]!, picked[2]!];
      // Advbox refuses one of them every time (the client's retries included): that item fails, the others go through.
      advbox.inject({ fault: 500, method: 'PUT', path: new RegExp(`^/transactions/${failing.receivables[0]!.id}$`), times: 10 });
      const rowOf = (t: ReconRowDto) => p.locator(`[data-testid="recon-row"][data-transaction-id="${t.transaction.id}"]`);
      for (const r of picked) await rowOf(r).getByRole('checkbox').check();
      const selection = p.getByRole('region', { name: 'Seleção' });
      await poll(async () => nbsp(await selection.innerText())).toContain(nbsp(formatBRL(fromCents(picked.reduce((sum, r) => sum + toCents(r.transaction.amount), 0n)))));
      expect(await selection.innerText()).toMatch(/4\s+selecionados/);
      await selection.getByRole('button', { name: 'Confirmar selecionados' }).click();

      const panel = p.getByTestId('bulk-panel');
      await poll(() => panel.getByRole('status').innerText()).toBe('Lote concluído: 3 confirmados, 1 com falha.');
      const results = panel.getByTestId('bulk-results').getByRole('listitem');
      expect(await results.count()).toBe(4);
      const lines = (await results.allInnerTexts()).map(nbsp);
      for (const r of good) {
        expect(lines.some((l) => l.includes(nbsp(formatBRL(r.transaction.amount))) && l.includes('Confirmado'))).toBe(true);
        expect(advbox.firm(token).isPaid(Number(r.receivables[0]!.id))).toBe(true);
      }
      const bad = results.filter({ hasText: 'Falhou' });
      expect(await bad.count()).toBe(1);
      expect(nbsp(await bad.innerText())).toContain(nbsp(formatBRL(failing.transaction.amount)));
      expect(advbox.firm(token).isPaid(Number(failing.receivables[0]!.id))).toBe(false);
      await audit(p, 'conciliacao-lote');
      await shoot(p, 'conciliacao-lote');

      // The confirmed rows leave the queue without a reload; the failed one stays, to be tried again.
      for (const r of good) await poll(() => rowOf(r).count()).toBe(0);
      expect(await rowOf(failing).count()).toBe(1);
      expect(await db.reconciliationRecord.count({ where: { tenantId: firm, status: 'CONFIRMED' } })).toBe(3);
      await p.getByRole('link', { name: /^Conciliado/ }).click();
      await p.waitForURL(/tab=confirmed/);
      for (const r of good) await poll(() => p.locator(`[data-testid="recon-confirmed-row"][data-transaction-id="${r.transaction.id}"]`).count()).toBe(1);
      expect(await p.locator(`[data-testid="recon-confirmed-row"][data-transaction-id="${failing.transaction.id}"]`).count()).toBe(0);
    });
  });

  describe('Abas: um só fluxo de eventos', () => {
    it('seven tabs share one event stream, all get its events (one that was still loading too), and closing the leader hands the stream to another tab', async () => {
      const tenant = await db.tenant.create({ data: { name: 'Sete Abas', slug: `abas-${randomBytes(3).toString('hex')}`, settings: { create: {} } } });
      const user = await db.user.create({ data: { email: `abas-${randomBytes(4).toString('hex')}@teste.concilia.local`, name: 'Bia Abas' } });
      await db.tenantUser.create({ data: { tenantId: tenant.id, userId: user.id, email: user.email, role: 'OWNER' } });
      const ctx = await browser.newContext({ viewport: DESKTOP, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
      try {
        await ctx.addCookies([{ name: SESSION_COOKIE, value: await createTestSession(db, user.id), url: app.url }]);
        // Every GET /api/events of this browser, in order (a reconnect would show up as another one).
        const streams: Request[] = [];
        ctx.on('request', (r) => {
          if (new URL(r.url()).pathname === '/api/events') streams.push(r);
        });
        const opener = (r: Request) => r.frame().page();
        const t0 = Date.now();
        const trace: string[] = [];
        const tabs: Page[] = [];
        const later = ['/transacoes', '/contas', '/conciliacao', '/notificacoes', '/auditoria'];
        ctx.on('requestfailed', (r) => {
          if (new URL(r.url()).pathname === '/api/events') trace.push(`${Date.now() - t0} ms: stream of tab ${tabs.indexOf(opener(r))} ended (${r.failure()?.errorText})`);
        });
        const why = (i: number) => [`tab ${i}`, ...streams.map((r) => `stream by tab ${tabs.indexOf(opener(r))}`), ...trace].join('; ');
        const serverStreams = async () => ((await (await ctx.request.get(`${app.url}/api/health`)).json()) as HealthReport).checks.realtime!.streams;
        const notify = (title: string) => db.$transaction((tx) => createNotification(tx, { tenantId: tenant.id, type: 'test.abas', title }));
        const bell = (t: Page, i: number, count: string) =>
          expect
            .poll(async () => (await t.getByTestId('unread-count').isVisible()) && (await t.getByTestId('unread-count').innerText()), { timeout: 60_000, interval: 250 })
            .toBe(count)
            .catch((err: unknown) => {
              throw new Error(`${why(i)}: ${String(err)}`);
            });
        const newTab = async () => {
          const t = await ctx.newPage();
          t.setDefaultTimeout(240_000);
          return t;
        };
        const open = async (path: string) => {
          const t = await newTab();
          await t.goto(`${app.url}${path}`);
          // Hydrated, so its listener is on the tabs' channel (the bell is in the server's HTML before that).
          await hydrated(t.getByRole('link', { name: /^Notificações/ }).first());
          return t;
        };
        // Every page compiled first: next dev reloads open pages after compiling another one, which would
        // open streams of its own and hide what this journey looks at (the full run has them compiled already).
        await Promise.all(['/', ...later, '/configuracoes'].map(async (path) => expect((await ctx.request.get(`${app.url}${path}`)).ok()).toBe(true)));
        tabs.push(await open('/'));
        await poll(() => streams.length).toBe(1);
        await streams[0]!.response(); // the server has the stream: events from now on reach it
        const withOne = await serverStreams(); // this tab's stream, plus those other journeys' pages still hold
        // Five more at once (each waits for its own hydration).
        tabs.push(...(await Promise.all(later.map(open))));
        trace.push(`${Date.now() - t0} ms: six tabs hydrated`);

        // The seventh is still loading when the event comes: its page was rendered before the event,
        // its scripts are held back until the six others show it. Its listener starts after the leader
        // relayed the event, so it must learn of it from the id its page was rendered at.
        const seventh = await newTab();
        let release!: () => void;
        const held = new Promise<void>((r) => (release = r));
        await seventh.route(/\/_next\/static\/.+\.js(\?|$)/, async (route) => {
          await held;
          await route.continue().catch(() => undefined); // its document may be gone by then
        });
        // A reload would render the page after the event and prove nothing: the seventh must load once
        // (counted by document requests: the router's replaceState is a navigation too, without one).
        let loads = 0;
        seventh.on('request', (r) => {
          if (r.isNavigationRequest() && r.frame() === seventh.mainFrame()) {
            loads += 1;
            trace.push(`${Date.now() - t0} ms: seventh loads ${r.url()}`);
          }
        });
        await seventh.goto(`${app.url}/configuracoes`, { waitUntil: 'commit' });
        await seventh.getByRole('link', { name: /^Notificações/ }).first().waitFor(); // the server's HTML: rendered
        tabs.push(seventh);
        expect(await seventh.getByTestId('unread-count').count()).toBe(0);

        // One event: the six listening tabs' bells update without a reload, over the one stream.
        await notify('Primeiro aviso');
        trace.push(`${Date.now() - t0} ms: first notification`);
        for (const [i, t] of tabs.slice(0, 6).entries()) await bell(t, i, '1');
        trace.push(`${Date.now() - t0} ms: six bells at 1`);
        // Now the seventh's scripts: it hydrates, joins the channel, and gets the event it was rendered before.
        release();
        await hydrated(seventh.getByRole('link', { name: /^Notificações/ }).first());
        await bell(seventh, 6, '1');
        trace.push(`${Date.now() - t0} ms: seventh bell at 1`);
        expect(loads, why(6)).toBe(1);
        expect(tabs).toHaveLength(7);
        expect(streams, why(6)).toHaveLength(1);
        expect(opener(streams[0]!)).toBe(tabs[0]);
        expect(await serverStreams()).toBe(withOne);

        // The leader goes away: another tab takes the stream over, still one for the browser.
        await tabs[0]!.close();
        await poll(() => streams.length).toBe(2);
        await streams[1]!.response();
        expect(tabs.slice(1)).toContain(opener(streams[1]!));
        await poll(serverStreams).toBe(withOne);
        await notify('Segundo aviso');
        trace.push(`${Date.now() - t0} ms: second notification`);
        for (const [i, t] of tabs.entries()) if (i > 0) await bell(t, i, '2');
        expect(streams).toHaveLength(2);
        expect(await serverStreams()).toBe(withOne);
        console.log(`[abas] ${trace.join('; ')}`);
      } finally {
        await ctx.close();
      }
    });
  });

  describe('Período dd/mm/aaaa', () => {
    it('on an English system the period is typed and shown as dd/mm/aaaa, and the URL keeps ISO (Transações, Auditoria)', async () => {
      // A firm of its own with the six rows of the first one (two of them in January 2026).
      const tenant = await db.tenant.create({ data: { name: 'Período Navegador', slug: `periodo-${randomBytes(3).toString('hex')}`, settings: { create: {} } } });
      const user = await db.user.create({ data: { email: `periodo-${randomBytes(4).toString('hex')}@teste.concilia.local`, name: 'Rui Período' } });
      await db.tenantUser.create({ data: { tenantId: tenant.id, userId: user.id, email: user.email, role: 'OWNER' } });
      await seedBank(tenant.id);
      // An English OS: a native date input would show and expect mm/dd/yyyy here.
      const ctx = await browser.newContext({ viewport: DESKTOP, locale: 'en-US', timezoneId: 'America/Sao_Paulo' });
      try {
        await ctx.addCookies([{ name: SESSION_COOKIE, value: await createTestSession(db, user.id), url: app.url }]);
        const p = await ctx.newPage();
        p.setDefaultTimeout(240_000);
        await p.goto(`${app.url}/transacoes`);
        await poll(() => p.getByTestId('txn-row').count()).toBe(6);
        const from = p.getByLabel('De', { exact: true });
        const to = p.getByLabel('Até', { exact: true });
        await hydrated(to);
        await from.pressSequentially('15012026'); // digits only: the slashes come by themselves
        expect(await from.inputValue()).toBe('15/01/2026');
        await to.pressSequentially('31/01/2026');
        expect(await to.inputValue()).toBe('31/01/2026');
        await p.getByRole('button', { name: 'Filtrar' }).click();
        await p.waitForURL(/to=2026-01-31/);
        const query = new URL(p.url()).searchParams;
        expect([query.get('from'), query.get('to')]).toEqual(['2026-01-15', '2026-01-31']);
        await poll(() => p.getByTestId('txn-row').count()).toBe(2); // 15/01 and 20/01
        await audit(p, 'transacoes-periodo');
        await shoot(p, 'transacoes-periodo');

        // A bookmarked URL shows its period as dd/mm/aaaa; an impossible day is refused in pt-BR and the filter stays.
        await p.reload();
        await poll(() => from.inputValue()).toBe('15/01/2026');
        await from.fill('31/02/2026');
        await p.getByRole('button', { name: 'Filtrar' }).click();
        await poll(() => p.getByRole('alert').filter({ hasText: 'Data inválida: use dd/mm/aaaa.' }).isVisible()).toBe(true);
        expect(await from.getAttribute('aria-invalid')).toBe('true');
        expect(new URL(p.url()).searchParams.get('from')).toBe('2026-01-15');
        await shoot(p, 'transacoes-periodo-invalido');

        await p.goto(`${app.url}/auditoria?from=2026-01-01`);
        const auditFrom = p.getByLabel('De', { exact: true });
        await poll(() => auditFrom.inputValue()).toBe('01/01/2026');
        await hydrated(p.getByLabel('Até', { exact: true }));
        await p.getByLabel('Até', { exact: true }).pressSequentially('31122026');
        await p.getByRole('button', { name: 'Filtrar' }).click();
        await p.waitForURL(/to=2026-12-31/);
        expect(new URL(p.url()).searchParams.get('from')).toBe('2026-01-01');
        await audit(p, 'auditoria-periodo');
        await shoot(p, 'auditoria-periodo');
      } finally {
        await ctx.close();
      }
    });
  });

  describe('Sincronização ao vivo', () => {
    // Pluggy's side is the sandbox; the syncs run in this process's workers (the app server has none).
    // A sandbox of its own, not the connect journey's: its own bank data (anchored today, so the rows are in
    // Transações' default period) and fast updates; another sandbox costs ~3 ms to start, sharing would couple the two.
    let pluggy: BrowserPluggy;
    let ctx: BrowserContext | undefined;

    beforeAll(async () => {
      pluggy = await startBrowserPluggy({ defaultFirm: { seed: 23, anchorDate: todaySP(), customers: 6 } });
      await startJobWorkers({ jobs: [pluggySyncJob], pollingIntervalSeconds: 0.5 });
    });

    afterAll(async () => {
      await ctx?.close();
      await pluggy?.stop();
    });

    it('"Sincronizar agora" on the Painel: the progress bar runs live, and the transactions appear in an open Transações tab without a reload', async () => {
      const tenant = await db.tenant.create({ data: { name: 'Sincroniza Navegador', slug: `sync-browser-${randomBytes(3).toString('hex')}`, settings: { create: {} } } });
      const user = await db.user.create({ data: { email: `sync-${randomBytes(4).toString('hex')}@teste.concilia.local`, name: 'Caio Sync' } });
      await db.tenantUser.create({ data: { tenantId: tenant.id, userId: user.id, email: user.email, role: 'OWNER' } });
      await updateSettings(db, { tenantId: tenant.id, actorId: 'test', input: { pluggyClientId: SANDBOX_CLIENT.clientId, pluggyClientSecret: SANDBOX_CLIENT.clientSecret } });
      // A bank connected at Pluggy and bound to the firm, never synced: nothing of it stored yet.
      const remote = pluggy.sandbox.control.createItem({ user: 'user-ok', password: 'password-ok', clientUserId: user.id });
      await pluggy.sandbox.control.waitForItem(remote.id);
      await db.pluggyItem.create({ data: { tenantId: tenant.id, pluggyItemId: remote.id, connectorId: 1, connectorName: 'Banco do Brasil', status: 'UPDATED' } });

      ctx = await browser.newContext({ viewport: DESKTOP, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
      await ctx.addCookies([{ name: SESSION_COOKIE, value: await createTestSession(db, user.id), url: app.url }]);
      const txns = await ctx.newPage();
      txns.setDefaultTimeout(240_000);
      await txns.goto(`${app.url}/transacoes`);
      await poll(() => txns.getByText('Conecte um banco para ver as transações.').isVisible()).toBe(true);
      const painel = await ctx.newPage();
      painel.setDefaultTimeout(240_000);
      await painel.goto(`${app.url}/`);
      const card = painel.getByTestId('sync-status');
      await poll(() => card.innerText()).toContain('Nenhuma sincronização concluída ainda.');
      // Neither page may reload: a mark on each window survives only without one. Every state
      // the card goes through is recorded, so the bar is seen moving however fast the sync is.
      for (const t of [txns, painel]) await t.evaluate(() => ((window as unknown as { __kept: boolean }).__kept = true));
      await painel.evaluate(() => {
        const seen: string[] = ((window as unknown as { __sync: string[] }).__sync = []);
        const el = document.querySelector('[data-testid="sync-status"]')!;
        const record = () => {
          const bar = el.querySelector('[role="progressbar"]');
          const state = `${el.querySelector('[aria-live]')?.textContent ?? ''} | ${bar ? (bar.getAttribute('aria-valuetext') ?? '') : 'sem barra'}`;
          if (seen.at(-1) !== state) seen.push(state);
        };
        new MutationObserver(record).observe(el, { subtree: true, childList: true, characterData: true, attributes: true });
        record();
      });
      // Pluggy asks the sync to wait once (429 with Retry-After) on the first transactions page: the bar stays up a while.
      pluggy.sandbox.control.failNext({ status: 429, retryAfter: 2, path: '/v2/transactions', count: 1 });

      await card.getByRole('button', { name: 'Sincronizar agora' }).click();
      await poll(() => card.getByRole('progressbar', { name: 'Progresso da sincronização' }).isVisible()).toBe(true);
      await audit(painel, 'painel-sincronizando');
      await shoot(painel, 'painel-sincronizando');
      await poll(() => card.innerText()).toMatch(/Última sincronização: /);
      expect(await card.getByRole('progressbar').count()).toBe(0);
      const seen = await painel.evaluate(() => (window as unknown as { __sync: string[] }).__sync);
      const running = seen.filter((s) => !s.endsWith('sem barra'));
      expect(running.length, seen.join('\n')).toBeGreaterThanOrEqual(2); // queued, then what the stream announced
      expect(running.some((s) => /^(Consultando os bancos|Lendo as contas|Baixando as transações|Finalizando)/.test(s)), seen.join('\n')).toBe(true);
      // The bar agrees with the stage and never goes back: "Finalizando" is near the end.
      const pcts = running.map((s) => Number(/\| (\d+)%$/.exec(s)?.[1] ?? NaN)).filter((n) => !Number.isNaN(n));
      for (let i = 1; i < pcts.length; i++) expect(pcts[i], seen.join('\n')).toBeGreaterThanOrEqual(pcts[i - 1]!);
      for (const s of running.filter((r) => r.startsWith('Finalizando'))) expect(Number(/\| (\d+)%$/.exec(s)?.[1]), seen.join('\n')).toBeGreaterThanOrEqual(90);
      await shoot(painel, 'painel-sincronizado');

      const stored = await db.pluggyTransaction.count({ where: { tenantId: tenant.id, deletedAt: null } });
      expect(stored).toBeGreaterThan(0);
      await poll(() => txns.getByTestId('txn-row').count()).toBeGreaterThan(0);
      expect(await txns.getByText('Conecte um banco para ver as transações.').count()).toBe(0);
      for (const t of [txns, painel]) expect(await t.evaluate(() => (window as unknown as { __kept?: boolean }).__kept)).toBe(true);
      await shoot(txns, 'transacoes-apos-sincronizar');
    });
  });

  it('a VIEWER sees the data but no action buttons', async () => {
    const viewer = await db.user.create({ data: { email: `leitor-${randomBytes(4).toString('hex')}@teste.concilia.local`, name: 'Leitor' } });
    await db.tenantUser.create({ data: { tenantId, userId: viewer.id, email: viewer.email, role: 'VIEWER' } });
    const ctx = await browser.newContext({ viewport: DESKTOP, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
    await ctx.addCookies([{ name: SESSION_COOKIE, value: await createTestSession(db, viewer.id), url: app.url }]);
    const p = await ctx.newPage();
    p.setDefaultTimeout(240_000);
    await p.goto(`${app.url}/transacoes`);
    await poll(() => p.getByTestId('txn-row').count()).toBe(6);
    expect(await p.getByRole('button', { name: /^(Ignorar|Reativar)/ }).count()).toBe(0);
    await p.goto(`${app.url}/contas`);
    await poll(() => p.getByText('Conta Movimento').isVisible()).toBe(true);
    for (const name of [/Atualizar/, /Remover/, /Renomear/]) expect(await p.getByRole('button', { name }).count()).toBe(0);
    await p.goto(`${app.url}/configuracoes`);
    await poll(() => p.getByText(/Somente administradores/).isVisible()).toBe(true);
    expect(await p.getByRole('button', { name: 'Salvar' }).count()).toBe(0);
    expect(await p.getByRole('tab', { name: 'Trabalhos' }).count()).toBe(0);
    await ctx.close();
  });

  it('the sign-in page matches the app and passes axe', async () => {
    const ctx = await browser.newContext({ viewport: DESKTOP, locale: 'pt-BR' });
    const p = await ctx.newPage();
    p.setDefaultTimeout(240_000);
    await p.goto(`${app.url}/entrar`);
    await p.getByRole('button', { name: 'Entrar' }).waitFor();
    await audit(p, 'entrar');
    await shoot(p, 'entrar');
    await ctx.close();
  });

  /** A bank connection with an account, a failing second connection, six transactions and a notification; returns this month's credits. */
  async function seedBank(tenant: string): Promise<string> {
    const item = await db.pluggyItem.create({ data: { tenantId: tenant, pluggyItemId: randomUUID(), connectorId: 1, connectorName: 'Banco do Brasil', status: 'UPDATED', lastSyncedAt: new Date() } });
    await db.pluggyItem.create({ data: { tenantId: tenant, pluggyItemId: randomUUID(), connectorId: 2, connectorName: 'Itaú', status: 'LOGIN_ERROR', errorCode: 'INVALID_CREDENTIALS', errorMessage: 'Senha inválida' } });
    const account = await db.pluggyAccount.create({
      data: { tenantId: tenant, pluggyItemDbId: item.id, pluggyAccountId: randomUUID(), type: 'BANK', subtype: 'CHECKING_ACCOUNT', name: 'Conta Movimento', balance: '15234.56' },
    });
    const today = todaySP();
    const month = monthSP();
    const rows: [string, string, string, string | null][] = [
      [today, '1000.50', 'PIX RECEBIDO JOÃO PEREIRA', 'JOÃO PEREIRA'],
      [`${month}-01`, '700.25', '=HYPERLINK("http://exemplo")', 'JOAO PEREIRA'],
      [`${month}-01`, '2500.00', 'TED RECEBIDA', 'MARIA SOUZA'],
      [`${month}-01`, '-320.10', 'PAGAMENTO ALUGUEL', null],
      ['2026-01-15', '4200.00', 'PIX RECEBIDO HONORÁRIOS', 'EMPRESA XYZ LTDA'],
      ['2026-01-20', '-1200.00', 'FOLHA DE PAGAMENTO', null],
    ];
    let credits = 0n;
    for (const [date, amount, description, payerName] of rows) {
      await db.pluggyTransaction.create({
        data: {
          tenantId: tenant,
          pluggyAccountDbId: account.id,
          pluggyTransactionId: randomUUID(),
          date: new Date(`${date}T00:00:00Z`),
          description,
          type: amount.startsWith('-') ? 'DEBIT' : 'CREDIT',
          amount,
          paymentMethod: 'PIX',
          payerName,
          payerDocument: payerName ? '12345678909' : null,
        },
      });
      if (date.startsWith(month) && !amount.startsWith('-')) credits += toCents(amount);
    }
    await db.notification.create({ data: { tenantId: tenant, type: 'sync_complete', title: 'Sincronização concluída', body: '6 transações novas.' } });
    return fromCents(credits);
  }

  describe('Contas: conectar banco', () => {
    // A firm of its own with no bank yet: the empty state's call to action is the way in.
    let firm = '';
    let p: Page;
    const cookies: Partial<Record<'MEMBER' | 'VIEWER', string>> = {};

    beforeAll(async () => {
      const tenant = await db.tenant.create({ data: { name: 'Conexão Bancária', slug: `connect-browser-${randomBytes(3).toString('hex')}`, settings: { create: {} } } });
      firm = tenant.id;
      const users = {} as Record<'OWNER' | 'MEMBER' | 'VIEWER', string>;
      for (const role of ['OWNER', 'MEMBER', 'VIEWER'] as const) {
        const u = await db.user.create({ data: { email: `connect-${role.toLowerCase()}-${randomBytes(4).toString('hex')}@teste.concilia.local`, name: `Pessoa ${role}` } });
        await db.tenantUser.create({ data: { tenantId: firm, userId: u.id, email: u.email, role } });
        users[role] = await createTestSession(db, u.id);
      }
      cookies.MEMBER = users.MEMBER;
      cookies.VIEWER = users.VIEWER;
      const ctx = await browser.newContext({ viewport: DESKTOP, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
      await ctx.addCookies([{ name: SESSION_COOKIE, value: users.OWNER, url: app.url }]);
      p = await ctx.newPage();
      p.setDefaultTimeout(240_000);
    }, 120_000);

    afterAll(async () => {
      await p?.context().close();
    });

    /** Clicks until the dialog opens: a click before the freshly compiled page hydrates does nothing. */
    async function openDialog(button: ReturnType<Page['getByRole']>, dialog: ReturnType<Page['getByRole']>) {
      await poll(async () => {
        if ((await dialog.count()) === 0 && (await button.isEnabled())) await button.click();
        return dialog.count();
      }).toBeGreaterThan(0);
    }

    it('picks the sandbox bank, explains a wrong password in pt-BR, then connects: the item, its accounts and its first sync arrive', async () => {
      // The app runs no workers (JOBS_IN_WEB=false): this process works the sync that binding the item starts.
      await startJobWorkers({ jobs: [pluggySyncJob], pollingIntervalSeconds: 0.5 });
      const itemsBefore = pluggy.requests.filter((r) => r.method === 'POST' && r.path === '/items').length;
      await p.goto(`${app.url}/contas`);
      await p.getByText('Nenhum banco conectado.').waitFor();
      const dialog = p.getByRole('dialog', { name: 'Conectar banco' });
      await openDialog(p.getByRole('button', { name: 'Conectar banco' }), dialog);
      const banks = dialog.getByRole('list', { name: 'Bancos disponíveis' });
      await poll(() => banks.getByRole('button').count()).toBeGreaterThan(1);
      await audit(p, 'contas-conectar');
      await shoot(p, 'contas-conectar');

      // Accent-insensitive search, then Pluggy's sandbox bank.
      await dialog.getByLabel('Buscar banco').fill('economica');
      await poll(() => banks.getByRole('button').count()).toBe(1);
      expect(await banks.getByRole('button').innerText()).toContain('Caixa Econômica Federal');
      await dialog.getByLabel('Buscar banco').fill('');
      await banks.getByRole('button', { name: /Pluggy Bank/ }).click();
      const login = dialog.getByRole('form', { name: 'Acesso ao Pluggy Bank' });
      await login.getByLabel('Usuário').fill('user-ok');
      await login.getByLabel('Senha').fill('senha-errada');
      await login.getByRole('button', { name: 'Conectar', exact: true }).click();
      await poll(() => dialog.getByRole('alert').innerText()).toBe('Usuário ou senha incorretos. Confira os dados de acesso ao internet banking e tente de novo.');
      expect(await db.pluggyItem.count({ where: { tenantId: firm } })).toBe(0); // nothing bound for a failed login
      await audit(p, 'contas-conectar-erro');
      await shoot(p, 'contas-conectar-erro');

      expect(await login.getByLabel('Usuário').inputValue()).toBe('user-ok'); // kept for the retry; the password is not
      expect(await login.getByLabel('Senha').inputValue()).toBe('');
      await login.getByLabel('Senha').fill('password-ok');
      await login.getByRole('button', { name: 'Conectar', exact: true }).click();
      // The dialog closes once the connection is saved; while open, its text says where it stands (a failure's message).
      await poll(async () => ((await dialog.count()) === 0 ? 'closed' : await dialog.innerText().catch(() => 'closed'))).toBe('closed');
      await poll(() => p.getByText('Pluggy Bank conectado.').count()).toBeGreaterThan(0);
      const item = await db.pluggyItem.findFirstOrThrow({ where: { tenantId: firm } });
      expect(item).toMatchObject({ connectorName: 'Pluggy Bank', status: 'UPDATED', clientUserId: expect.any(String) });
      // The retry sent new credentials to the same item: one item at Pluggy, none left in error.
      expect(pluggy.requests.filter((r) => r.method === 'POST' && r.path === '/items').length - itemsBefore).toBe(1);

      const connections = p.getByRole('region', { name: 'Conexões bancárias' });
      await poll(() => connections.getByText('Pluggy Bank').count()).toBeGreaterThan(0);
      const remote = pluggy.control.accounts(item.pluggyItemId);
      const accounts = p.getByRole('region', { name: 'Contas e cartões' });
      for (const a of remote) await poll(() => accounts.getByText(a.name, { exact: true }).count()).toBeGreaterThan(0);
      // The first sync ran (started by the binding): every transaction Pluggy lists is stored, and the page says when.
      const expected = remote.reduce((n, a) => n + pluggy.control.transactions(a.id).length, 0);
      expect(expected).toBeGreaterThan(0);
      await poll(() => db.pluggyTransaction.count({ where: { tenantId: firm, deletedAt: null } })).toBe(expected);
      await poll(() => p.getByTestId('sync-status').innerText()).toContain('Última sincronização');
      await audit(p, 'contas-conectado');
      await shoot(p, 'contas-conectado');
    });

    it('an item whose password stopped working offers Atualizar credenciais, which logs in again through the bank’s code', async () => {
      const item = await db.pluggyItem.findFirstOrThrow({ where: { tenantId: firm } });
      await db.pluggyItem.update({ where: { id: item.id }, data: { status: 'LOGIN_ERROR', errorCode: 'INVALID_CREDENTIALS', errorMessage: 'Invalid credentials' } });
      pluggy.control.setItemStatus(item.pluggyItemId, 'LOGIN_ERROR', { notify: false });
      await p.goto(`${app.url}/contas`);
      const dialog = p.getByRole('dialog', { name: /^Atualizar credenciais/ });
      await openDialog(p.getByRole('button', { name: 'Atualizar credenciais: Pluggy Bank' }), dialog);
      await poll(() => dialog.getByRole('heading').innerText()).toBe('Atualizar credenciais — Pluggy Bank');
      const login = dialog.getByRole('form', { name: 'Acesso ao Pluggy Bank' });
      await login.getByLabel('Usuário').fill('user-mfa');
      await login.getByLabel('Senha').fill('password-ok');
      await login.getByRole('button', { name: 'Atualizar credenciais' }).click();
      const mfa = dialog.getByRole('form', { name: 'Código de confirmação' });
      await mfa.getByLabel('Código de confirmação').fill('123456');
      await audit(p, 'contas-conectar-mfa');
      await shoot(p, 'contas-conectar-mfa');
      await mfa.getByRole('button', { name: 'Enviar código' }).click();
      await poll(async () => ((await dialog.count()) === 0 ? 'closed' : await dialog.innerText().catch(() => 'closed'))).toBe('closed');
      await poll(() => p.getByText('Pluggy Bank: credenciais atualizadas.').count()).toBeGreaterThan(0);
      await poll(async () => (await db.pluggyItem.findUniqueOrThrow({ where: { id: item.id } })).status).toBe('UPDATED');
      expect(await db.pluggyItem.count({ where: { tenantId: firm } })).toBe(1);
      await poll(() => p.getByRole('button', { name: 'Atualizar credenciais: Pluggy Bank' }).count()).toBe(0);
    });

    it('connecting is for administrators: a MEMBER and a VIEWER see the accounts but no Conectar banco', async () => {
      for (const role of ['MEMBER', 'VIEWER'] as const) {
        const ctx = await browser.newContext({ viewport: DESKTOP, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
        await ctx.addCookies([{ name: SESSION_COOKIE, value: cookies[role]!, url: app.url }]);
        const q = await ctx.newPage();
        q.setDefaultTimeout(240_000);
        await q.goto(`${app.url}/contas`);
        await poll(() => q.getByRole('region', { name: 'Conexões bancárias' }).getByText('Pluggy Bank').count()).toBeGreaterThan(0);
        expect(await q.getByRole('button', { name: /Conectar banco|Atualizar credenciais|Reconectar/ }).count()).toBe(0);
        await ctx.close();
      }
    });
  });
});
