// npm run auth:password-link -- <e-mail> [--hours N]
//
// Prints a one-time password link for a built-in account: the way back in
// for someone who forgot their password or whose sign-in is throttled (the
// link works either way and clears the throttle). For the operator of the
// installation, who can reach its database; firm admins issue links for
// their own members in the app. The link is a credential: hand it to the
// account's owner only. Nothing is logged.
//
// Uses DATABASE_URL; without it, the embedded database of `npm start`
// (CONCILIA_DATA_DIR, default ./.data), which must not be running then.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { issuePasswordLink, normalizeEmail } from '@/lib/auth/builtin';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@/lib/db/embedded';
import { createPrismaClient } from '@/lib/prisma';

const USAGE = `Usage: npm run auth:password-link -- <e-mail> [--hours N]

Prints a one-time link that sets a new password for the account with that
e-mail (valid N hours, default 1; at most 72). Earlier links stop working.
Needs DATABASE_URL, or the embedded database of npm start while it is stopped.`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { hours: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help || positionals.length !== 1) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const hours = values.hours === undefined ? 1 : Number(values.hours);
  if (!Number.isInteger(hours) || hours < 1 || hours > 72) {
    console.error('--hours must be a whole number from 1 to 72');
    return 2;
  }
  let embedded: EmbeddedPostgres | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    const dataDir = process.env.CONCILIA_DATA_DIR || join(process.cwd(), '.data');
    try {
      embedded = await startEmbeddedPostgres({ baseDir: join(dataDir, 'postgres') });
    } catch (err) {
      console.error(`Could not open the embedded database (is npm start running? stop it, or set DATABASE_URL): ${(err as Error).message}`);
      return 1;
    }
    url = embedded.url;
  }
  const { db, pool } = createPrismaClient(url, 1);
  try {
    const email = normalizeEmail(positionals[0]!);
    const user = await db.user.findUnique({ where: { email }, select: { id: true } });
    if (!user) {
      console.error(`No built-in account with the e-mail ${email}.`);
      return 1;
    }
    const { link, expiresAt } = await issuePasswordLink(db, user.id, { ttlMs: hours * 60 * 60 * 1000 });
    console.log(link);
    console.error(`valid until ${expiresAt.toISOString()}; hand it to the account's owner only`);
    return 0;
  } finally {
    await db.$disconnect();
    await pool.end();
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
