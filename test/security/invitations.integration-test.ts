// Invitation privacy and squatting (issue 17, item 4), through the real
// routes: an invitation tells the inviter nothing about the e-mail, creates
// no account, changes nobody's active firm, and its link is never logged;
// only the link's holder, with the invited e-mail, joins the firm.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { POST as acceptRoute } from '@/app/api/invitations/accept/route';
import { GET as getMe } from '@/app/api/me/route';
import { GET as listMembers, POST as inviteRoute } from '@/app/api/members/route';
import { GET as getSettings } from '@/app/api/settings/route';
import { POST as signInRoute } from '@/app/api/auth/sign-in/route';
import { POST as signUpRoute } from '@/app/api/auth/sign-up/route';
import { signUp } from '@/lib/auth/builtin';
import { resetMemoryLimits } from '@/lib/rate-limit';
import { call, expectErrorContract } from '@/test/api';
import { testDb } from '@/test/db';
import { createFirm, type FirmFixture } from '@/test/fixtures';
import { createTestSession } from '@/test/sessions';

const { db } = testDb();
const PASSWORD = 'uma senha bem longa 42';
const newEmail = () => `convite-${randomBytes(5).toString('hex')}@teste.concilia.local`;

beforeEach(() => resetMemoryLimits());

const invite = (f: FirmFixture, body: Record<string, unknown>) =>
  call(inviteRoute, { method: 'POST', path: '/api/members', token: f.users.ADMIN.token, body });
const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

/** An account of someone else's, with a real name and no firm. */
async function strangerAccount() {
  const email = newEmail();
  const user = await signUp(db, { email, password: PASSWORD, name: 'Nome Verdadeiro Secreto' });
  return { ...user, token: await createTestSession(db, user.id) };
}

describe('inviting tells the inviter nothing and creates nothing', () => {
  it('answers alike for an e-mail with an account and one without: what the inviter typed, nothing else', async () => {
    const firm = await createFirm(db);
    const stranger = await strangerAccount();
    const known = await invite(firm, { email: stranger.email, role: 'MEMBER' });
    const unknown = await invite(firm, { email: newEmail(), role: 'MEMBER' });
    expect(known.status).toBe(201);
    expect(unknown.status).toBe(201);
    const shape = (r: typeof known) => ({
      keys: Object.keys(r.json).sort(),
      invitation: { ...r.json.invitation, id: 'id', email: 'email', createdAt: 'c', expiresAt: 'e' },
    });
    expect(shape(known)).toEqual(shape(unknown));
    expect(known.json.invitation).toMatchObject({ email: stranger.email, name: null, role: 'MEMBER' });
    const text = JSON.stringify(known.json);
    expect(text).not.toContain(stranger.id);
    expect(text).not.toContain('Nome Verdadeiro Secreto');
    expect(text).not.toContain('passwordLinkLogged');
    // Nor does the firm's member list.
    const listed = JSON.stringify((await call(listMembers, { path: '/api/members', token: firm.users.VIEWER.token })).json);
    expect(listed).not.toContain(stranger.id);
    expect(listed).not.toContain('Nome Verdadeiro Secreto');
  });

  it('makes no account for an unknown e-mail, so its owner can still sign up (with the same answer as anyone)', async () => {
    const firm = await createFirm(db);
    const email = newEmail();
    expect((await invite(firm, { email, role: 'VIEWER' })).status).toBe(201);
    expect(await db.user.count({ where: { email } })).toBe(0);
    const up = await call(signUpRoute, { method: 'POST', path: '/api/auth/sign-up', body: { email, password: PASSWORD, name: 'Dona do E-mail' } });
    expect(up.status, JSON.stringify(up.json)).toBe(201);
  });

  it('changes nobody’s firm: an invited account without a firm still has none until it accepts', async () => {
    const firm = await createFirm(db);
    const stranger = await strangerAccount();
    expect((await invite(firm, { email: stranger.email, role: 'ADMIN' })).status).toBe(201);
    const me = await call(getMe, { path: '/api/me', token: stranger.token });
    expect(me.json.activeTenant).toBeNull();
    const settings = await call(getSettings, { path: '/api/settings', token: stranger.token });
    expect(settings.status).toBe(403);
    expect(expectErrorContract(settings.json).details).toEqual({ reason: 'no_tenant' });
    expect(await db.tenantUser.count({ where: { userId: stranger.id } })).toBe(0);
  });

  describe('the link', () => {
    const savedLevel = process.env.LOG_LEVEL;
    afterEach(() => {
      if (savedLevel === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = savedLevel;
      vi.restoreAllMocks();
    });

    it('is shown once to the inviting admin and never written to the log, at any level', async () => {
      process.env.LOG_LEVEL = 'debug';
      const lines: string[] = [];
      const capture = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
      for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, m).mockImplementation(capture);
      const firm = await createFirm(db);
      const stranger = await strangerAccount();
      const responses = [await invite(firm, { email: stranger.email, role: 'MEMBER' }), await invite(firm, { email: newEmail(), role: 'MEMBER' })];
      // No token-bearing link in any log line, whatever the flow wrote.
      expect(lines.join('\n')).not.toMatch(/token=[A-Za-z0-9_%-]{20,}/);
      for (const res of responses) {
        expect(res.status).toBe(201);
        const token = tokenOf(res.json.link);
        expect(lines.join('\n')).not.toContain(token);
        // Listing shows the invitation, never its link.
        const listed = JSON.stringify((await call(listMembers, { path: '/api/members', token: firm.users.ADMIN.token })).json);
        expect(listed).not.toContain(token);
        expect(listed).not.toContain('/convite');
      }
      // Only the token's hash is stored.
      const stored = JSON.stringify(await db.tenantInvitation.findMany({ where: { tenantId: firm.tenantId } }));
      for (const res of responses) expect(stored).not.toContain(tokenOf(res.json.link));
    });
  });
});

describe('accepting needs the link, with the invited e-mail', () => {
  it('a new person signs up through the link and joins with the invited role; the link is then spent', async () => {
    const firm = await createFirm(db);
    const email = newEmail();
    const { link } = (await invite(firm, { email, role: 'MEMBER' })).json;
    const up = await call(signUpRoute, {
      method: 'POST',
      path: '/api/auth/sign-up',
      body: { email, password: PASSWORD, name: 'Pessoa Nova', invitationToken: tokenOf(link) },
    });
    expect(up.status, JSON.stringify(up.json)).toBe(201);
    expect(up.json.invitation).toMatchObject({ tenant: { id: firm.tenantId }, role: 'MEMBER' });
    const token = /concilia_session=([^;]+)/.exec(up.headers.get('set-cookie')!)![1]!;
    const me = await call(getMe, { path: '/api/me', token });
    expect(me.json.activeTenant).toMatchObject({ id: firm.tenantId, role: 'MEMBER' });
    expect(await db.tenantInvitation.count({ where: { tenantId: firm.tenantId, email } })).toBe(0);
    const audit = await db.auditLog.findMany({ where: { tenantId: firm.tenantId, action: 'member.invitation_accepted' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBe(up.json.user.id);

    const replay = await call(signUpRoute, {
      method: 'POST',
      path: '/api/auth/sign-up',
      body: { email: newEmail(), password: PASSWORD, name: 'Outra', invitationToken: tokenOf(link) },
    });
    expect(replay.status).toBe(400);
    expect(expectErrorContract(replay.json).details).toEqual({ reason: 'invalid_invitation' });
  });

  it('an existing account signs in through the link and joins; the firm becomes its active one', async () => {
    const firm = await createFirm(db);
    const stranger = await strangerAccount();
    const { link } = (await invite(firm, { email: stranger.email, role: 'VIEWER' })).json;
    const res = await call(signInRoute, {
      method: 'POST',
      path: '/api/auth/sign-in',
      body: { email: stranger.email, password: PASSWORD, invitationToken: tokenOf(link) },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.invitation).toMatchObject({ tenant: { id: firm.tenantId }, role: 'VIEWER' });
    const me = await call(getMe, { path: '/api/me', token: stranger.token });
    expect(me.json.activeTenant).toMatchObject({ id: firm.tenantId, role: 'VIEWER' });
  });

  it('a signed-in invitee accepts from the invitation page; someone else signed in cannot', async () => {
    const firm = await createFirm(db);
    const invitee = await strangerAccount();
    const other = await strangerAccount();
    const { link } = (await invite(firm, { email: invitee.email, role: 'MEMBER' })).json;
    const accept = (token: string) => call(acceptRoute, { method: 'POST', path: '/api/invitations/accept', token, body: { token: tokenOf(link) } });
    const wrong = await accept(other.token);
    expect(wrong.status).toBe(403);
    expect(expectErrorContract(wrong.json).details).toEqual({ reason: 'invitation_for_someone_else' });
    expect(await db.tenantUser.count({ where: { userId: other.id } })).toBe(0);
    const ok = await accept(invitee.token);
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect(ok.json).toMatchObject({ tenant: { id: firm.tenantId, name: expect.any(String) }, role: 'MEMBER' });
    expect((await accept(invitee.token)).status).toBe(400);
  });

  it('signing up with the invited e-mail but without the link joins nothing (sign-up does not prove the e-mail)', async () => {
    const firm = await createFirm(db);
    const email = newEmail();
    expect((await invite(firm, { email, role: 'ADMIN' })).status).toBe(201);
    const squatter = await call(signUpRoute, { method: 'POST', path: '/api/auth/sign-up', body: { email, password: PASSWORD, name: 'Intrusa' } });
    expect(squatter.status).toBe(201);
    expect(squatter.json.invitation).toBeNull();
    expect(await db.tenantUser.count({ where: { tenantId: firm.tenantId, userId: squatter.json.user.id } })).toBe(0);
    expect(await db.tenantInvitation.count({ where: { tenantId: firm.tenantId, email } })).toBe(1);
  });

  it('a link used with another e-mail, or expired, is refused before any account is made', async () => {
    const firm = await createFirm(db);
    const email = newEmail();
    const { link } = (await invite(firm, { email, role: 'MEMBER' })).json;
    const otherEmail = newEmail();
    const mismatch = await call(signUpRoute, {
      method: 'POST',
      path: '/api/auth/sign-up',
      body: { email: otherEmail, password: PASSWORD, name: 'Outra Pessoa', invitationToken: tokenOf(link) },
    });
    expect(mismatch.status).toBe(403);
    expect(await db.user.count({ where: { email: otherEmail } })).toBe(0);

    await db.tenantInvitation.updateMany({ where: { tenantId: firm.tenantId, email }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await call(signUpRoute, {
      method: 'POST',
      path: '/api/auth/sign-up',
      body: { email, password: PASSWORD, name: 'Atrasada', invitationToken: tokenOf(link) },
    });
    expect(expired.status).toBe(400);
    expect(await db.user.count({ where: { email } })).toBe(0);
    const listed = (await call(listMembers, { path: '/api/members', token: firm.users.ADMIN.token })).json;
    expect(listed.invitations.find((i: { email: string }) => i.email === email)?.expired).toBe(true);
  });
});
