// Applies prisma/migrations/* the way `prisma migrate deploy` does, without
// Prisma's native schema engine (which cannot be downloaded offline):
// same advisory lock, same `_prisma_migrations` table and rows (checksum =
// SHA-256 hex of the migration.sql bytes, applied_steps_count 1), same
// one-script-per-migration execution. Either tool can take over afterwards.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientBase } from 'pg';

/** Prisma's advisory lock key for migrations (shared with `migrate deploy`). */
export const PRISMA_MIGRATION_LOCK_KEY = 72707369;

export const DEFAULT_MIGRATIONS_DIR = join(/*turbopackIgnore: true*/ process.cwd(), 'prisma', 'migrations');

export interface LocalMigration {
  name: string;
  checksum: string;
  sql: string;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  failed: string[];
  /** Applied migrations whose file changed since (Prisma only warns). */
  modified: string[];
  /** Applied in the database but absent from the folder (a newer release ran). */
  unknown: string[];
}

export function checksumOf(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function readLocalMigrations(dir = DEFAULT_MIGRATIONS_DIR): LocalMigration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(dir, name, 'migration.sql'));
      return { name, checksum: checksumOf(bytes), sql: bytes.toString('utf8') };
    });
}

// Byte-for-byte the table Prisma's schema engine creates on PostgreSQL.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

async function appliedRows(client: ClientBase): Promise<AppliedRow[] | null> {
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('"_prisma_migrations"')::text AS t`);
  if (!exists.rows[0]?.t) return null;
  const res = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
  );
  return res.rows;
}

export function computeStatus(local: LocalMigration[], rows: AppliedRow[]): MigrationStatus {
  const live = rows.filter((r) => r.rolled_back_at === null);
  const done = new Map(live.filter((r) => r.finished_at !== null).map((r) => [r.migration_name, r]));
  const localNames = new Set(local.map((m) => m.name));
  return {
    applied: local.filter((m) => done.has(m.name)).map((m) => m.name),
    pending: local.filter((m) => !done.has(m.name)).map((m) => m.name),
    failed: live.filter((r) => r.finished_at === null).map((r) => r.migration_name),
    modified: local.filter((m) => done.has(m.name) && done.get(m.name)!.checksum !== m.checksum).map((m) => m.name),
    unknown: [...done.keys()].filter((n) => !localNames.has(n)),
  };
}

export async function migrationStatus(client: ClientBase, dir = DEFAULT_MIGRATIONS_DIR): Promise<MigrationStatus> {
  return computeStatus(readLocalMigrations(dir), (await appliedRows(client)) ?? []);
}

export class MigrationError extends Error {
  constructor(message: string, readonly migration?: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

/**
 * Applies every pending migration in folder-name order. Safe to call from
 * several processes at once: the advisory lock serialises them and the
 * latecomers find nothing pending. Returns the names it applied.
 */
export async function applyMigrations(
  client: ClientBase,
  { dir = DEFAULT_MIGRATIONS_DIR, log = (_: string) => {} }: { dir?: string; log?: (line: string) => void } = {},
): Promise<string[]> {
  const local = readLocalMigrations(dir);
  await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATION_LOCK_KEY]);
  try {
    await client.query(CREATE_MIGRATIONS_TABLE);
    const status = computeStatus(local, (await appliedRows(client)) ?? []);
    if (status.failed.length > 0) {
      throw new MigrationError(
        `Migration ${status.failed[0]} failed earlier and was not rolled back. Fix the database, then run ` +
          '`npx prisma migrate resolve --rolled-back <name>` (or --applied) before deploying again.',
        status.failed[0],
      );
    }
    for (const name of status.modified) log(`warning: migration ${name} was modified after it was applied`);
    const applied: string[] = [];
    for (const m of local.filter((l) => status.pending.includes(l.name))) {
      const id = randomUUID();
      await client.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), 0)`,
        [id, m.checksum, m.name],
      );
      try {
        // One simple-protocol script, exactly as Prisma sends it.
        await client.query(m.sql);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        await client.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, message]);
        throw new MigrationError(`Migration ${m.name} failed: ${message}`, m.name);
      }
      await client.query(
        `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
        [id],
      );
      log(`applied ${m.name}`);
      applied.push(m.name);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATION_LOCK_KEY]).catch(() => undefined);
  }
}
