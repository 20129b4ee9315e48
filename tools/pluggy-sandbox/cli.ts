// Runs the Pluggy sandbox on its own:
//   npx tsx tools/pluggy-sandbox/cli.ts [--port 4010] [--seed 1] [--customers 60 | --transactions 100000]
//     [--anchor YYYY-MM-DD] [--update-delay-ms 1500] [--page-size 500] [--pluggy-url-rules] [--no-rate-limits]
// and prints the variables that point the app (or pluggy-sdk) at it.
import { parseArgs } from 'node:util';
import { SANDBOX_CLIENT } from '@/lib/pluggy/client/sandbox-credentials';
import { startPluggySandbox } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string', default: '1' },
      customers: { type: 'string' },
      transactions: { type: 'string' },
      anchor: { type: 'string' },
      'update-delay-ms': { type: 'string', default: '1500' },
      'page-size': { type: 'string', default: '500' },
      'pluggy-url-rules': { type: 'boolean', default: false },
      'no-rate-limits': { type: 'boolean', default: false },
    },
  });
  const int = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw new Error(`--${name} must be a non-negative integer`);
    return Number(v);
  };
  const sandbox = await startPluggySandbox({
    port: int('port', values.port),
    host: values.host,
    defaultFirm: { seed: int('seed', values.seed)!, customers: int('customers', values.customers), transactions: int('transactions', values.transactions), anchorDate: values.anchor },
    updateDelayMs: int('update-delay-ms', values['update-delay-ms']),
    pageSize: int('page-size', values['page-size']),
    webhookUrlRules: values['pluggy-url-rules'] ? 'pluggy' : 'local',
    rateLimits: values['no-rate-limits'] ? false : undefined,
  });
  console.log(
    [
      `Pluggy sandbox listening on ${sandbox.url}`,
      '',
      'As the embedded default (tenants without credentials use it):',
      `  PLUGGY_SANDBOX_URL=${sandbox.url}`,
      'Or as "real" Pluggy (app-wide pair; also what pluggy-sdk reads):',
      `  PLUGGY_API_URL=${sandbox.url}`,
      `  PLUGGY_CLIENT_ID=${SANDBOX_CLIENT.clientId}`,
      `  PLUGGY_CLIENT_SECRET=${SANDBOX_CLIENT.clientSecret}`,
      '',
      'Bank logins (connector 0 "Pluggy Bank" and the others): user-ok / password-ok;',
      'user-locked, user-error, user-mfa (token 123456), … fail as documented. Driving API under /_sandbox.',
    ].join('\n'),
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
  console.error(`[pluggy-sandbox] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
