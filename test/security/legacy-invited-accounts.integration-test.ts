// The migration that introduces pending invitations also releases the
// accounts the earlier invitation flow created without a password (issue 17,
// item 4c): each of their memberships becomes an expired invitation the firm
// can renew, the account goes, and its e-mail can sign up again.
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { applyMigrations, DEFAULT_MIGRATIONS_DIR } from '@/lib/db/migrations';
import { createScratchDatabase } from '@/lib/db/test-database';

const MIGRATION = '20261201000300_tenant_invitations';
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(drops.map((d) => d()));
});

describe(`migration ${MIGRATION}`, () => {
  it('turns password-less invited accounts into expired invitations and removes them; real accounts stay', async () => {
    const scratch = await createScratchDatabase(inject('adminDatabaseUrl'), { prefix: 'concilia_legacy', migrate: false });
    drops.push(scratch.drop);
    const before = mkdtempSync(join(tmpdir(), 'concilia-mig-'));
    for (const name of readdirSync(DEFAULT_MIGRATIONS_DIR)) {
      if (name < MIGRATION) cpSync(join(DEFAULT_MIGRATIONS_DIR, name), join(before, name), { recursive: true });
    }
    const c = new pg.Client({ connectionString: scratch.url });
    await c.connect();
    try {
      await applyMigrations(c, { dir: before });
      const tenant = (await c.query(`INSERT INTO tenants (id, name, slug, updated_at) VALUES (gen_random_uuid(), 'Firma Antiga', 'firma-antiga', now()) RETURNING id`)).rows[0].id;
      const insertUser = async (email: string, hash: string | null) =>
        (await c.query(`INSERT INTO users (id, email, name, password_hash, updated_at) VALUES (gen_random_uuid(), $1, 'Nome', $2, now()) RETURNING id`, [email, hash])).rows[0].id;
      const squatted = await insertUser('convidada@teste.concilia.local', null);
      const real = await insertUser('dona@teste.concilia.local', 'scrypt$32768$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA');
      for (const [userId, email, role] of [[squatted, 'convidada@teste.concilia.local', 'MEMBER'], [real, 'dona@teste.concilia.local', 'OWNER']]) {
        await c.query(`INSERT INTO tenant_users (id, tenant_id, user_id, email, name, role, updated_at) VALUES (gen_random_uuid(), $1, $2, $3, 'Pessoa', $4, now())`, [tenant, userId, email, role]);
      }
      await c.query(`INSERT INTO password_reset_tokens (id, user_id, token_hash, expires_at) VALUES (gen_random_uuid(), $1, $2, now() + interval '1 hour')`, [squatted, 'a'.repeat(64)]);

      await applyMigrations(c);

      const users = (await c.query('SELECT email FROM users ORDER BY email')).rows.map((r) => r.email);
      expect(users).toEqual(['dona@teste.concilia.local']);
      const members = (await c.query('SELECT user_id FROM tenant_users')).rows.map((r) => r.user_id);
      expect(members).toEqual([real]);
      const invitations = (await c.query('SELECT tenant_id, email, role, expires_at <= now() AS expired, length(token_hash) AS len FROM tenant_invitations')).rows;
      expect(invitations).toEqual([{ tenant_id: tenant, email: 'convidada@teste.concilia.local', role: 'MEMBER', expired: true, len: 64 }]);
      expect((await c.query('SELECT count(*)::int AS n FROM password_reset_tokens')).rows[0].n).toBe(0);
    } finally {
      await c.end();
    }
  });
});
