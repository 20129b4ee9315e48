// npm run db:seed:synthetic -- --tenants 200 --transactions 1000000 [--seed 42] [--database-url URL]
//
// Fills a migrated database with synthetic law firms and bank transactions
// (see lib/synthetic/seed.ts). Each run adds a new set of tenants; it never
// updates or deletes existing data, so run it against a disposable database.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { seedSynthetic } from '@/lib/synthetic/seed';

const USAGE = `Usage: npm run db:seed:synthetic -- --tenants N --transactions N [options]

Loads synthetic law firms (tenants, settings, Pluggy items/accounts) and
bank transactions over the last two years, then runs ANALYZE and refreshes
mv_tenant_kpis. Every run adds a new set of tenants (unique slugs).

Options:
  --tenants N          number of firms (required, 1–100000)
  --transactions N     total transactions, spread unevenly (required, 0–100000000)
  --seed N             random seed for reproducible content (default 42)
  --database-url URL   target database (default: $DATABASE_URL)
  --concurrency N      parallel COPY connections (default 2)
  -h, --help           show this help
`;

const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);

const argsSchema = z.object({
  tenants: positiveInt(100_000),
  transactions: z.coerce.number().int().min(0).max(100_000_000),
  seed: z.coerce.number().int().min(0).max(0xffffffff).default(42),
  databaseUrl: z
    .string()
    .trim()
    .refine((v) => v !== '', 'no database: pass --database-url or set DATABASE_URL')
    .refine((v) => v === '' || /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// or postgresql:// URL'),
  concurrency: positiveInt(16).default(2),
});

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      tenants: { type: 'string' },
      transactions: { type: 'string' },
      seed: { type: 'string' },
      'database-url': { type: 'string' },
      concurrency: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help' as const;
  return argsSchema.safeParse({
    tenants: values.tenants,
    transactions: values.transactions,
    seed: values.seed,
    databaseUrl: values['database-url'] ?? process.env.DATABASE_URL ?? '',
    concurrency: values.concurrency,
  });
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(process.argv.slice(2));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  if (parsed === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  --${i.path.join('.').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${i.message}`);
    console.error(`Invalid arguments:\n${problems.join('\n')}\n\n${USAGE}`);
    return 2;
  }
  const { databaseUrl, ...rest } = parsed.data;
  const stats = await seedSynthetic({
    connectionString: databaseUrl,
    ...rest,
    log: (line) => console.log(`[seed] ${line}`),
  });
  console.log(
    `[seed] ${stats.tenants} tenants (run ${stats.runTag}), ${stats.transactions} transactions at ${stats.rowsPerSecond} rows/s, total ${(stats.totalMs / 1000).toFixed(1)} s`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[seed] failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
