// Runs the Advbox sandbox with one account loaded from the synthetic book:
//   npx tsx tools/advbox-sandbox/cli.ts [--customers 200] [--seed 1] [--anchor YYYY-MM-DD]
//        [--port 8078] [--token …] [--unlimited] [--repeat-every N]
// Prints the ADVBOX_API_URL and the token to put in the app (Configurações >
// Integrações). The same --seed/--customers/--anchor in the Pluggy sandbox
// give the bank credits that pay these receivables.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startAdvboxSandbox } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string', default: '200' },
      seed: { type: 'string', default: '1' },
      anchor: { type: 'string' },
      port: { type: 'string', default: process.env.ADVBOX_SANDBOX_PORT ?? '8078' },
      host: { type: 'string', default: '127.0.0.1' },
      token: { type: 'string', default: process.env.ADVBOX_SANDBOX_TOKEN },
      unlimited: { type: 'boolean', default: false },
      'repeat-every': { type: 'string', default: '0' },
    },
  });
  const int = (name: string, v: string | undefined, min: number, max: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  const token = values.token || randomBytes(30).toString('hex');
  const anchorDate = values.anchor ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(anchorDate)) throw new Error('--anchor must be YYYY-MM-DD');
  const sandbox = await startAdvboxSandbox({
    firms: {
      [token]: {
        bookOptions: { seed: int('seed', values.seed, 0, 2 ** 31), customers: int('customers', values.customers, 0, 200_000), anchorDate },
      },
    },
    port: int('port', values.port, 0, 65535),
    host: values.host,
    limits: values.unlimited ? { getsPerMinute: Infinity, putsPerDay: Infinity } : {},
    quirks: { repeatEvery: int('repeat-every', values['repeat-every'], 0, 1000) },
  });
  const firm = sandbox.firm(token);
  console.log(
    `Advbox sandbox listening (${firm.customers.length} customers, ${firm.transactions.length} transactions, anchor ${anchorDate}). Use:\n` +
      `ADVBOX_API_URL=${sandbox.url}\nADVBOX_TOKEN=${token}`,
  );
  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`[advbox-sandbox] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
