// npm run secrets:reencrypt [-- --dry-run]: after rotating ENCRYPTION_KEY
// (old key moved to ENCRYPTION_KEYS_OLD), re-encrypts stored secrets.
import { reencryptSecrets } from '@/lib/crypto';
import { getPrisma } from '@/lib/prisma';

const dryRun = process.argv.includes('--dry-run');
const result = await reencryptSecrets(getPrisma(), { dryRun });
console.log(`${dryRun ? '[dry run] would re-encrypt' : 're-encrypted'} ${result.secrets} secret(s) of ${result.tenants} tenant(s)`);
await getPrisma().$disconnect();
