// Membership management through the real routes (built-in auth mode):
// listing, inviting by e-mail (pending invitations), role changes and
// removal with the OWNER rules, loss of access after removal, and the audit
// trail. Accepting invitations and their privacy: test/security.
import { beforeEach, describe, expect, it } from 'vitest';
import { GET, POST } from '@/app/api/members/route';
import { DELETE, PATCH } from '@/app/api/members/[id]/route';
import { DELETE as revokeRoute } from '@/app/api/invitations/[id]/route';
import { hashToken } from '@/lib/auth/builtin/tokens';
import { GET as getSettings } from '@/app/api/settings/route';
import { changeMemberRole } from '@/lib/members/members';
import { resetMemoryLimits } from '@/lib/rate-limit';
import { call, expectErrorContract } from '@/test/api';
import { testDb, uniqueSlug } from '@/test/db';
import { createFirm } from '@/test/fixtures';

const { db } = testDb();

beforeEach(() => resetMemoryLimits());

const list = (token: string) => call(GET, { method: 'GET', path: '/api/members', token });
const invite = (token: string, body: unknown) => call(POST, { method: 'POST', path: '/api/members', token, body });
const patch = (token: string, id: string, body: unknown) =>
  call(PATCH, { method: 'PATCH', path: `/api/members/${id}`, token, params: { id }, body });
const remove = (token: string, id: string) => call(DELETE, { method: 'DELETE', path: `/api/members/${id}`, token, params: { id } });

const newEmail = () => `${uniqueSlug('convite')}@teste.concilia.local`;

async function auditOf(tenantId: string, action: string) {
  return db.auditLog.findMany({ where: { tenantId, action }, orderBy: { createdAt: 'asc' } });
}

describe('GET /api/members', () => {
  it('lists the firm’s members (any role may read), oldest first, and nobody else', async () => {
    const firm = await createFirm(db);
    const other = await createFirm(db);
    const res = await list(firm.users.VIEWER.token);
    expect(res.status).toBe(200);
    const members = res.json.members as { id: string; userId: string; email: string; role: string; createdAt: string }[];
    expect(members.map((m) => m.role)).toEqual(['OWNER', 'ADMIN', 'MEMBER', 'VIEWER']);
    expect(members.map((m) => m.id)).toEqual([
      firm.users.OWNER.tenantUserId,
      firm.users.ADMIN.tenantUserId,
      firm.users.MEMBER.tenantUserId,
      firm.users.VIEWER.tenantUserId,
    ]);
    expect(members.map((m) => m.email)).toEqual(
      (['OWNER', 'ADMIN', 'MEMBER', 'VIEWER'] as const).map((r) => firm.users[r].email),
    );
    const otherIds = Object.values(other.users).map((u) => u.userId);
    expect(members.some((m) => otherIds.includes(m.userId))).toBe(false);
  });
});

describe('POST /api/members (built-in invite)', () => {
  it('ADMIN invites by e-mail: 201 with a pending invitation and its link; no account, no membership yet', async () => {
    const firm = await createFirm(db);
    const email = newEmail();
    const res = await invite(firm.users.ADMIN.token, { email, name: 'Pessoa Convidada', role: 'MEMBER' });
    expect(res.status).toBe(201);
    expect(res.json.invitation).toMatchObject({ email, role: 'MEMBER', name: 'Pessoa Convidada', expired: false });
    expect(res.json.link).toMatch(/^http:\/\/localhost:\d+\/convite\?token=[A-Za-z0-9_-]{43}$/);
    expect(Object.keys(res.json).sort()).toEqual(['invitation', 'link']);

    expect(await db.user.findUnique({ where: { email } })).toBeNull();
    expect(await db.tenantUser.count({ where: { tenantId: firm.tenantId } })).toBe(4);
    const listed = (await list(firm.users.VIEWER.token)).json;
    expect(listed.members).toHaveLength(4);
    expect(listed.invitations.map((i: { email: string }) => i.email)).toContain(email);

    const audit = await auditOf(firm.tenantId, 'member.invited');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: firm.users.ADMIN.userId, entityId: res.json.invitation.id });
    expect(audit[0]!.metadata).toEqual({ email, role: 'MEMBER' });
  });

  it('normalises the e-mail; inviting again renews the link and role, and the old link stops working', async () => {
    const firm = await createFirm(db);
    const email = newEmail();
    const first = await invite(firm.users.ADMIN.token, { email: email.toUpperCase(), role: 'VIEWER' });
    expect(first.status).toBe(201);
    expect(first.json.invitation.email).toBe(email);
    const again = await invite(firm.users.ADMIN.token, { email, role: 'MEMBER' });
    expect(again.status).toBe(201);
    expect(again.json.invitation.id).toBe(first.json.invitation.id);
    expect(again.json.link).not.toBe(first.json.link);
    const rows = await db.tenantInvitation.findMany({ where: { tenantId: firm.tenantId, email } });
    expect(rows.map((r) => r.role)).toEqual(['MEMBER']);
    expect(rows[0]!.tokenHash).toBe(hashToken(new URL(again.json.link).searchParams.get('token')!));
  });

  it('inviting someone already in the firm is a 409', async () => {
    const firm = await createFirm(db);
    const again = await invite(firm.users.ADMIN.token, { email: firm.users.MEMBER.email, role: 'ADMIN' });
    expect(again.status).toBe(409);
    expect(expectErrorContract(again.json).message).toMatch(/já faz parte do escritório/);
    expect(await db.tenantInvitation.count({ where: { tenantId: firm.tenantId, email: firm.users.MEMBER.email } })).toBe(0);
  });

  it('rejects an invalid e-mail or role with 422', async () => {
    const firm = await createFirm(db);
    for (const body of [
      { email: 'nao-e-email', role: 'MEMBER' },
      { email: newEmail(), role: 'SUPERUSER' },
      { email: newEmail(), role: 'MEMBER', tenantId: firm.tenantId },
    ]) {
      const res = await invite(firm.users.ADMIN.token, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(expectErrorContract(res.json).code).toBe('validation_failed');
    }
  });

  it('MEMBER and VIEWER cannot invite (403)', async () => {
    const firm = await createFirm(db);
    for (const role of ['MEMBER', 'VIEWER'] as const) {
      const res = await invite(firm.users[role].token, { email: newEmail(), role: 'VIEWER' });
      expect(res.status).toBe(403);
    }
  });

  it('ADMIN cannot invite an OWNER (403) and leaves nothing behind; OWNER can', async () => {
    const firm = await createFirm(db);
    const email = newEmail();
    const denied = await invite(firm.users.ADMIN.token, { email, role: 'OWNER' });
    expect(denied.status).toBe(403);
    expect(expectErrorContract(denied.json).code).toBe('forbidden');
    expect(await db.tenantInvitation.count({ where: { tenantId: firm.tenantId, email } })).toBe(0);
    expect(await db.user.findUnique({ where: { email } })).toBeNull();

    const ok = await invite(firm.users.OWNER.token, { email, role: 'OWNER' });
    expect(ok.status).toBe(201);
    expect(ok.json.invitation.role).toBe('OWNER');
  });
});

describe('DELETE /api/invitations/[id]', () => {
  const revoke = (token: string, id: string) => call(revokeRoute, { method: 'DELETE', path: `/api/invitations/${id}`, token, params: { id } });

  it('ADMIN withdraws an invitation: its link stops working, one audit row', async () => {
    const firm = await createFirm(db);
    const res = await revoke(firm.users.ADMIN.token, firm.invitationId);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ id: firm.invitationId, revoked: true });
    expect(await db.tenantInvitation.findUnique({ where: { id: firm.invitationId } })).toBeNull();
    expect(await auditOf(firm.tenantId, 'member.invitation_revoked')).toHaveLength(1);
    expect((await revoke(firm.users.ADMIN.token, firm.invitationId)).status).toBe(404);
  });

  it('an invitation of another firm is not found; an OWNER invitation is an OWNER’s to withdraw', async () => {
    const firm = await createFirm(db);
    const other = await createFirm(db);
    expect((await revoke(firm.users.OWNER.token, other.invitationId)).status).toBe(404);
    expect(await db.tenantInvitation.findUnique({ where: { id: other.invitationId } })).not.toBeNull();
    const owner = await invite(firm.users.OWNER.token, { email: newEmail(), role: 'OWNER' });
    expect((await revoke(firm.users.ADMIN.token, owner.json.invitation.id)).status).toBe(403);
    expect((await revoke(firm.users.OWNER.token, owner.json.invitation.id)).status).toBe(200);
    expect((await revoke(firm.users.MEMBER.token, firm.invitationId)).status).toBe(403);
  });
});

describe('PATCH /api/members/[id]', () => {
  it('ADMIN changes a MEMBER’s role, with an audit row from → to', async () => {
    const firm = await createFirm(db);
    const res = await patch(firm.users.ADMIN.token, firm.users.MEMBER.tenantUserId, { role: 'VIEWER' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: firm.users.MEMBER.tenantUserId, role: 'VIEWER' });
    const row = await db.tenantUser.findUnique({ where: { id: firm.users.MEMBER.tenantUserId } });
    expect(row?.role).toBe('VIEWER');
    const audit = await auditOf(firm.tenantId, 'member.role_changed');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: firm.users.ADMIN.userId, entityId: firm.users.MEMBER.tenantUserId });
    expect(audit[0]!.metadata).toEqual({ from: 'MEMBER', to: 'VIEWER' });
  });

  it('the new role takes effect at once (a demoted ADMIN can no longer invite)', async () => {
    const firm = await createFirm(db);
    expect((await patch(firm.users.OWNER.token, firm.users.ADMIN.tenantUserId, { role: 'MEMBER' })).status).toBe(200);
    expect((await invite(firm.users.ADMIN.token, { email: newEmail(), role: 'VIEWER' })).status).toBe(403);
  });

  it('ADMIN cannot promote to OWNER, nor change an OWNER (403); nothing changes', async () => {
    const firm = await createFirm(db);
    const promote = await patch(firm.users.ADMIN.token, firm.users.MEMBER.tenantUserId, { role: 'OWNER' });
    expect(promote.status).toBe(403);
    const demote = await patch(firm.users.ADMIN.token, firm.users.OWNER.tenantUserId, { role: 'ADMIN' });
    expect(demote.status).toBe(403);
    expectErrorContract(demote.json);
    const roles = await db.tenantUser.findMany({ where: { tenantId: firm.tenantId }, select: { id: true, role: true } });
    expect(roles.find((r) => r.id === firm.users.OWNER.tenantUserId)?.role).toBe('OWNER');
    expect(roles.find((r) => r.id === firm.users.MEMBER.tenantUserId)?.role).toBe('MEMBER');
    expect(await auditOf(firm.tenantId, 'member.role_changed')).toHaveLength(0);
  });

  it('the last OWNER cannot be demoted (409); with a second OWNER it can', async () => {
    const firm = await createFirm(db);
    const last = await patch(firm.users.OWNER.token, firm.users.OWNER.tenantUserId, { role: 'ADMIN' });
    expect(last.status).toBe(409);
    expect(expectErrorContract(last.json).message).toMatch(/pelo menos um proprietário/);

    expect((await patch(firm.users.OWNER.token, firm.users.ADMIN.tenantUserId, { role: 'OWNER' })).status).toBe(200);
    const now = await patch(firm.users.OWNER.token, firm.users.OWNER.tenantUserId, { role: 'ADMIN' });
    expect(now.status).toBe(200);
    expect(await db.tenantUser.count({ where: { tenantId: firm.tenantId, role: 'OWNER' } })).toBe(1);
  });

  it('a member of another firm is not found (404)', async () => {
    const firm = await createFirm(db);
    const other = await createFirm(db);
    const res = await patch(firm.users.OWNER.token, other.users.MEMBER.tenantUserId, { role: 'VIEWER' });
    expect(res.status).toBe(404);
    expect((await db.tenantUser.findUnique({ where: { id: other.users.MEMBER.tenantUserId } }))?.role).toBe('MEMBER');
  });

  it('rejects a non-uuid id and an unknown role with 422', async () => {
    const firm = await createFirm(db);
    expect((await patch(firm.users.OWNER.token, 'nao-e-uuid', { role: 'VIEWER' })).status).toBe(422);
    expect((await patch(firm.users.OWNER.token, firm.users.MEMBER.tenantUserId, { role: 'ROOT' })).status).toBe(422);
  });

  // BUG (race): changeMemberRole (lib/members/members.ts) counts owners in a
  // READ COMMITTED transaction without locking anything, so two OWNERs who
  // demote each other at the same time both see "2 owners" and both
  // succeed, leaving the firm with no OWNER. Called at the domain level with
  // both actors already authorised as OWNER, as two requests that passed the
  // route's role check at the same moment would be.
  it('two OWNERs demoting each other at the same time leave exactly one OWNER', async () => {
    const firm = await createFirm(db);
    const actor = (who: 'OWNER' | 'ADMIN') => ({ tenantId: firm.tenantId, userId: firm.users[who].userId, role: 'OWNER' as const });
    const ids = [firm.users.OWNER.tenantUserId, firm.users.ADMIN.tenantUserId];
    // The interleaving is timing-dependent, so try several rounds.
    for (let round = 0; round < 15; round++) {
      await db.tenantUser.updateMany({ where: { id: { in: ids } }, data: { role: 'OWNER' } });
      const results = await Promise.allSettled([
        changeMemberRole(db, actor('OWNER'), firm.users.ADMIN.tenantUserId, 'ADMIN'),
        changeMemberRole(db, actor('ADMIN'), firm.users.OWNER.tenantUserId, 'ADMIN'),
      ]);
      const owners = await db.tenantUser.count({ where: { tenantId: firm.tenantId, role: 'OWNER' } });
      expect(owners, `round ${round}`).toBe(1);
      expect(results.filter((r) => r.status === 'fulfilled'), `round ${round}`).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected');
      expect((rejected?.reason as { status?: number } | undefined)?.status).toBe(409);
    }
  });
});

describe('DELETE /api/members/[id]', () => {
  it('removes a member, who then has no access (403 no_tenant), with an audit row', async () => {
    const firm = await createFirm(db);
    const before = await call(getSettings, { method: 'GET', path: '/api/settings', token: firm.users.MEMBER.token });
    expect(before.status).toBe(200);

    const res = await remove(firm.users.ADMIN.token, firm.users.MEMBER.tenantUserId);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ id: firm.users.MEMBER.tenantUserId, removed: true });

    const after = await call(getSettings, { method: 'GET', path: '/api/settings', token: firm.users.MEMBER.token });
    expect(after.status).toBe(403);
    const err = expectErrorContract(after.json);
    expect(err.code).toBe('forbidden');
    expect(err.details).toEqual({ reason: 'no_tenant' });

    const members = (await list(firm.users.OWNER.token)).json.members as { id: string }[];
    expect(members.map((m) => m.id)).not.toContain(firm.users.MEMBER.tenantUserId);

    const audit = await auditOf(firm.tenantId, 'member.removed');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: firm.users.ADMIN.userId, entityId: firm.users.MEMBER.tenantUserId });
    expect(audit[0]!.metadata).toEqual({ email: firm.users.MEMBER.email, role: 'MEMBER' });
  });

  it('removing twice: 404 the second time', async () => {
    const firm = await createFirm(db);
    expect((await remove(firm.users.ADMIN.token, firm.users.VIEWER.tenantUserId)).status).toBe(200);
    expect((await remove(firm.users.ADMIN.token, firm.users.VIEWER.tenantUserId)).status).toBe(404);
  });

  it('ADMIN cannot remove an OWNER (403)', async () => {
    const firm = await createFirm(db);
    const res = await remove(firm.users.ADMIN.token, firm.users.OWNER.tenantUserId);
    expect(res.status).toBe(403);
    expect(await db.tenantUser.findUnique({ where: { id: firm.users.OWNER.tenantUserId } })).not.toBeNull();
    expect(await auditOf(firm.tenantId, 'member.removed')).toHaveLength(0);
  });

  it('the last OWNER cannot be removed (409); a second OWNER can be', async () => {
    const firm = await createFirm(db);
    const res = await remove(firm.users.OWNER.token, firm.users.OWNER.tenantUserId);
    expect(res.status).toBe(409);
    expect(expectErrorContract(res.json).code).toBe('conflict');
    expect(await db.tenantUser.findUnique({ where: { id: firm.users.OWNER.tenantUserId } })).not.toBeNull();

    expect((await patch(firm.users.OWNER.token, firm.users.ADMIN.tenantUserId, { role: 'OWNER' })).status).toBe(200);
    expect((await remove(firm.users.OWNER.token, firm.users.ADMIN.tenantUserId)).status).toBe(200);
    expect(await db.tenantUser.count({ where: { tenantId: firm.tenantId, role: 'OWNER' } })).toBe(1);
  });

  it('MEMBER cannot remove anyone (403)', async () => {
    const firm = await createFirm(db);
    expect((await remove(firm.users.MEMBER.token, firm.users.VIEWER.tenantUserId)).status).toBe(403);
  });

  it('a member of another firm is not found (404) and stays', async () => {
    const firm = await createFirm(db);
    const other = await createFirm(db);
    expect((await remove(firm.users.OWNER.token, other.users.VIEWER.tenantUserId)).status).toBe(404);
    expect(await db.tenantUser.findUnique({ where: { id: other.users.VIEWER.tenantUserId } })).not.toBeNull();
  });
});
