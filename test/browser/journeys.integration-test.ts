// The dashboard in a real browser (Debian's Chromium through playwright-core):
// sign up → onboarding → Painel KPIs → Transações filter, CSV export and
// ignore → settings validation in pt-BR → a VIEWER sees no action buttons;
// axe-core on every page; screenshots (desktop + 390 px phone) to
// test-output/screenshots (git-ignored) for people to look at.
import AxeBuilder from '@axe-core/playwright';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SESSION_COOKIE } from '@/lib/auth/builtin/cookie';
import { formatBRL, fromCents, monthSP, toCents, todaySP } from '@/lib/format';
import { resetEnvCache } from '@/lib/env';
import { refreshKpiView } from '@/lib/kpi-view';
import { runReconciliationPrecompute } from '@/lib/reconciliation-worker';
import { updateSettings } from '@/lib/settings/settings';
import { startJobWorkers } from '@/lib/jobs';
import { statementImportJob } from '@/lib/statements/jobs';
import { ofxSgml1252, truncatedOfx } from '@/test/statements/fixtures';
import { selectChromium } from '@/test/harness/chromium';
import { testDb } from '@/test/db';
import { createTestSession } from '@/test/sessions';
import { startApp, type AppServer } from '@/test/browser/server';
import { bookCredits } from '@/test/advbox';
import type { ReconRowDto, ReconViewDto } from '@/lib/reconciliation/result';
import { generateBook } from '@/lib/synthetic/book';
import { startAdvboxSandbox, type AdvboxSandbox } from '@/tools/advbox-sandbox/server';
import { pluggySyncJob } from '@/lib/pluggy/sync/sync-job';
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

  it('signs up, creates the firm from its name alone, and lands on the Painel', async () => {
    // Another "Silva Advogados" already exists: onboarding must still succeed.
    await db.tenant.create({ data: { name: firmName, slug: 'silva-advogados', settings: { create: {} } } }).catch(() => undefined);

    await page.goto(`${app.url}/cadastro`);
    await audit(page, 'cadastro');
    await shoot(page, 'cadastro');
    await page.getByLabel('Seu nome').fill('Maria Silva');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel(/Senha/).fill('senha-bem-segura-123');
    await page.getByRole('button', { name: 'Criar conta' }).click();
    await page.waitForURL(/\/onboarding$/);
    await audit(page, 'onboarding');
    await shoot(page, 'onboarding');
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
    await poll(() => page.getByText('Transação ignorada').isVisible()).toBe(true);
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
      const tenant = await db.tenant.create({ data: { name: 'Conciliação Navegador', slug: `recon-browser-${randomBytes(3).toString('hex')}`, settings: { create: {} } } });
      firm = tenant.id;
      const owner = await db.user.create({ data: { email: `recon-${randomBytes(4).toString('hex')}@teste.concilia.local`, name: 'Ana Financeiro' } });
      await db.tenantUser.create({ data: { tenantId: firm, userId: owner.id, email: owner.email, role: 'OWNER' } });
      const viewer = await db.user.create({ data: { email: `recon-leitor-${randomBytes(4).toString('hex')}@teste.concilia.local`, name: 'Leitor' } });
      await db.tenantUser.create({ data: { tenantId: firm, userId: viewer.id, email: viewer.email, role: 'VIEWER' } });
      viewerCookie = await createTestSession(db, viewer.id);
      await updateSettings(db, { tenantId: firm, actorId: 'test', input: { advboxToken: token } });
      advbox.addFirm(token, { book });
      const item = await db.pluggyItem.create({ data: { tenantId: firm, pluggyItemId: randomUUID(), connectorId: 1, connectorName: 'Banco do Brasil', status: 'UPDATED', lastSyncedAt: new Date() } });
      const account = await db.pluggyAccount.create({ data: { tenantId: firm, pluggyItemDbId: item.id, pluggyAccountId: randomUUID(), type: 'BANK', subtype: 'CHECKING_ACCOUNT', name: 'Conta Recebimentos', balance: '1000.00' } });
      const since = new Date(Date.now() - 300 * 86_400_000).toISOString().slice(0, 10);
      await db.pluggyTransaction.createMany({ data: bookCredits(book, { tenantId: firm, accountId: account.id, since }) });
      const pre = await runReconciliationPrecompute(db, firm);
      expect(pre.skipped).toBeUndefined();
      const ctx = await browser.newContext({ viewport: DESKTOP, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
      await ctx.addCookies([{ name: SESSION_COOKIE, value: await createTestSession(db, owner.id), url: app.url }]);
      recon = await ctx.newPage();
      recon.setDefaultTimeout(240_000);
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
