// Database access for integration tests: a Prisma client and a pg pool on the
// run's scratch database, plus small fixtures.
import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { inject } from 'vitest';
import { createPrismaClient, type Db } from '@/lib/prisma';

let shared: { db: Db; pool: Pool } | undefined;

export function testDb(): { db: Db; pool: Pool } {
  shared ??= createPrismaClient(inject('databaseUrl'), 5);
  return shared;
}

export function uniqueSlug(prefix = 't'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

export async function createTenant(db: Db, name = 'Escritório Teste') {
  return db.tenant.create({ data: { name, slug: uniqueSlug('firm'), settings: { create: {} } } });
}
