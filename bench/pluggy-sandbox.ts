// How fast the Pluggy sandbox serves one tenant's 100,000 transactions
// through our client (lib/pluggy/client: pluggy-sdk + our transport), with
// the wire itself as the reference: the same pages fetched with bare
// `fetch` + JSON.parse. The sandbox runs in a child process, as Pluggy is a
// separate service.
//   npm run bench:pluggy [-- --transactions 100000 --rounds 3]
import { parseArgs } from 'node:util';
import { createPluggyApi, SANDBOX_CLIENT } from '@/lib/pluggy/client';
import { cursorFromNext } from '@/lib/pluggy/client/query';
import { startSandboxProcess } from './lib/sandbox-process';
import { int, ms, table } from './lib/table';

interface Run {
  rows: number;
  pages: number;
  totalMs: number;
  pageMs: number[];
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};
const median = (xs: number[]) => quantile(xs, 0.5);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { transactions: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '3' } } });
  const total = Number(values.transactions);
  const rounds = Number(values.rounds);
  const sandbox = await startSandboxProcess({ transactions: total, updateDelayMs: 0 });
  try {
    const api = createPluggyApi({ baseUrl: sandbox.url, ...SANDBOX_CLIENT }, { policy: 'background' });
    const t0 = performance.now();
    const created = await api.createItem(0, { user: 'user-ok', password: 'password-ok' });
    let item = created;
    while (item.status === 'UPDATING') {
      await new Promise((r) => setTimeout(r, 20));
      item = await api.fetchItem(created.id);
    }
    // The first update builds the firm (book of ~20k clients) and its ledger.
    const firstUpdateMs = performance.now() - t0;
    const accounts = await api.fetchAccounts(item.id);
    const key = await api.transport.apiKey();

    const viaClient = async (): Promise<Run> => {
      const run: Run = { rows: 0, pages: 0, totalMs: 0, pageMs: [] };
      const start = performance.now();
      for (const a of accounts) {
        let last = performance.now();
        for await (const page of api.transactionPages(a.id)) {
          const now = performance.now();
          run.pageMs.push(now - last);
          run.rows += page.length;
          run.pages++;
          last = performance.now();
        }
      }
      run.totalMs = performance.now() - start;
      return run;
    };
    const viaFetch = async (): Promise<Run> => {
      const run: Run = { rows: 0, pages: 0, totalMs: 0, pageMs: [] };
      const start = performance.now();
      for (const a of accounts) {
        let after: string | null = null;
        do {
          const t = performance.now();
          const q = new URLSearchParams({ accountId: a.id, ...(after ? { after } : {}) });
          const res = await fetch(`${sandbox.url}/v2/transactions?${q}`, { headers: { 'x-api-key': key } });
          const body = JSON.parse(await res.text()) as { results: unknown[]; next: string | null };
          run.pageMs.push(performance.now() - t);
          run.rows += body.results.length;
          run.pages++;
          after = cursorFromNext(body.next);
        } while (after);
      }
      run.totalMs = performance.now() - start;
      return run;
    };

    const results: Record<string, Run[]> = { 'bare fetch + JSON.parse (reference)': [], 'our client (transactionPages)': [] };
    await viaFetch(); // warm-up: JIT and connections
    for (let r = 0; r < rounds; r++) {
      results['bare fetch + JSON.parse (reference)']!.push(await viaFetch());
      results['our client (transactionPages)']!.push(await viaClient());
    }

    const rowsOf = (runs: Run[]) => {
      const mid = [...runs].sort((a, b) => a.totalMs - b.totalMs)[Math.floor(runs.length / 2)]!;
      return { mid, pages: runs.flatMap((x) => x.pageMs) };
    };
    const ref = rowsOf(results['bare fetch + JSON.parse (reference)']!).mid;
    console.log(`\nPluggy sandbox, one tenant, ${int(total)} transactions over ${accounts.length} accounts, pages of 500 (median of ${rounds} rounds)`);
    console.log(`sandbox start ${ms(sandbox.startMs)}; first item update (builds the firm and its ledger) ${ms(firstUpdateMs)}\n`);
    console.log(
      table(
        ['path', 'rows', 'pages', 'total', 'rows/s', 'page p50', 'page p99', 'vs reference'],
        Object.entries(results).map(([name, runs]) => {
          const { mid, pages } = rowsOf(runs);
          return [name, int(mid.rows), int(mid.pages), ms(mid.totalMs), int(mid.rows / (mid.totalMs / 1000)), ms(median(pages)), ms(quantile(pages, 0.99)), `${(mid.totalMs / ref.totalMs).toFixed(2)}×`];
        }),
      ),
    );

    // Re-reading 500 rows by id, what a transactions/updated webhook costs.
    const someIds: string[] = [];
    for await (const page of api.transactionPages(accounts[0]!.id)) {
      someIds.push(...page.map((t) => t.id));
      if (someIds.length >= 5000) break;
    }
    const byIds: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      await api.fetchTransactionsByIds(accounts[0]!.id, someIds.slice(i * 500, i * 500 + 500));
      byIds.push(performance.now() - t);
    }
    console.log(`\nfetchTransactionsByIds, 500 ids per call: p50 ${ms(median(byIds))}, max ${ms(Math.max(...byIds))}`);
  } finally {
    await sandbox.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
