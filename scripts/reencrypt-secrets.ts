// npx tsx scripts/reencrypt-secrets.ts [--dry-run] [--tenant <id>]...
//
// After rotating ENCRYPTION_KEY (the previous key moved to ENCRYPTION_KEYS_OLD),
// re-seals every tenant secret with the current key; see lib/crypto/reencrypt.ts.
// Exits 1 when some secret could not be decrypted, so a rotation is not
// declared done while an old key is still needed.
import { parseArgs } from 'node:util';
import { reencryptSecrets } from '@/lib/crypto/reencrypt';
import { getPool, getPrisma } from '@/lib/prisma';

const USAGE = `Usage: npx tsx scripts/reencrypt-secrets.ts [--dry-run] [--tenant ID]...

Re-encrypts tenant integration secrets whose key id is not the current
ENCRYPTION_KEY's. Needs DATABASE_URL, ENCRYPTION_KEY and, for the keys being
retired, ENCRYPTION_KEYS_OLD. Safe to re-run.

Options:
  --dry-run      count what would change, write nothing
  --tenant ID    only this tenant (repeatable)
  -h, --help     show this help
`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'dry-run': { type: 'boolean' },
      tenant: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const db = getPrisma();
  try {
    const report = await reencryptSecrets(db, { dryRun: values['dry-run'] ?? false, tenantIds: values.tenant });
    const verb = report.dryRun ? 'would re-encrypt' : 're-encrypted';
    console.log(
      `${report.dryRun ? '[dry run] ' : ''}tenants scanned: ${report.tenantsScanned}, ` +
        `tenants ${report.dryRun ? 'to update' : 'updated'}: ${report.tenantsUpdated}, ` +
        `fields ${verb}: ${report.fieldsReencrypted}, already current: ${report.fieldsAlreadyCurrent}, ` +
        `failed: ${report.failures.length}`,
    );
    for (const f of report.failures) console.error(`  tenant ${f.tenantId} ${f.field}: ${f.reason}`);
    return report.failures.length > 0 ? 1 : 0;
  } finally {
    await db.$disconnect();
    await getPool()?.end();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
