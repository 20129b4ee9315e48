// The active membership has two definitions that must agree: Prisma's ORDER
// (activeMembership, listMemberships) and the SQL of activeMembershipSql
// (activeRole, and the session query that primes the in-process lookup).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifySession } from '@/lib/auth/builtin';
import { activeMembership, activeRole } from '@/lib/tenants/membership';
import { createTenant, testDb } from '@/test/db';
import { createTestSession } from '@/test/sessions';

const { db } = testDb();

async function newUser() {
  const email = `membership-${randomBytes(4).toString('hex')}@teste.concilia.local`;
  const user = await db.user.create({ data: { email } });
  return { user, token: await createTestSession(db, user.id) };
}

async function expectAgreement(userId: string, token: string, expectedTenantId: string | null) {
  const viaPrisma = await activeMembership(db, userId);
  const viaSql = await activeRole(db, userId);
  const viaSession = (await verifySession(db, token))?.activeRole;
  expect(viaPrisma?.tenantId ?? null).toBe(expectedTenantId);
  expect(viaSql).toEqual(viaPrisma ? { tenantUserId: viaPrisma.tenantUserId, tenantId: viaPrisma.tenantId, role: viaPrisma.role } : null);
  expect(viaSession).toEqual(viaSql);
}

describe('active membership: Prisma, SQL and the session query agree', () => {
  it('no membership, then the oldest, then the selected one, then a fallback when it is deleted', async () => {
    const { user, token } = await newUser();
    await expectAgreement(user.id, token, null);

    const [a, b, c] = [await createTenant(db), await createTenant(db), await createTenant(db)];
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    await db.tenantUser.create({ data: { tenantId: b.id, userId: user.id, role: 'MEMBER', createdAt: at(2) } });
    await db.tenantUser.create({ data: { tenantId: a.id, userId: user.id, role: 'ADMIN', createdAt: at(1) } });
    await db.tenantUser.create({ data: { tenantId: c.id, userId: user.id, role: 'VIEWER', createdAt: at(1) } });
    // Never selected: the oldest; a tie on created_at goes to the lowest id.
    const tied = [a.id, c.id].sort();
    const lowestOfTie = (await db.tenantUser.findMany({ where: { userId: user.id, tenantId: { in: tied } }, orderBy: { id: 'asc' } }))[0]!;
    await expectAgreement(user.id, token, lowestOfTie.tenantId);

    await db.tenantUser.update({ where: { tenantId_userId: { tenantId: b.id, userId: user.id } }, data: { lastSelectedAt: at(10) } });
    await expectAgreement(user.id, token, b.id);

    await db.tenant.update({ where: { id: b.id }, data: { deletedAt: new Date() } });
    await expectAgreement(user.id, token, lowestOfTie.tenantId);
  });
});
