// Notifications through the real routes: who sees what (tenant-wide vs
// personal), per-user read state, read-all, filters and bounds; and
// createNotification: tenant preferences and a NOTIFY that leaves only when
// the transaction commits.
import type { Notification as PgNotification, PoolClient } from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/notifications/route';
import { PATCH } from '@/app/api/notifications/[id]/route';
import { POST as readAll } from '@/app/api/notifications/read-all/route';
import { EVENTS_CHANNEL } from '@/lib/events/publish';
import { createNotification } from '@/lib/notifications/create-notification';
import { resetMemoryLimits } from '@/lib/rate-limit';
import { call, expectErrorContract } from '@/test/api';
import { testDb } from '@/test/db';
import { createFirm, type FirmFixture } from '@/test/fixtures';

const { db, pool } = testDb();

beforeEach(() => resetMemoryLimits());

interface Item {
  id: string;
  title: string;
  read: boolean;
  scope: 'user' | 'tenant';
}
interface ListBody {
  items: Item[];
  unreadCount: number;
}

const list = (token: string, query?: Record<string, string>) =>
  call<ListBody>(GET, { method: 'GET', path: '/api/notifications', token, query });
const mark = (token: string, id: string, body: unknown = { read: true }) =>
  call(PATCH, { method: 'PATCH', path: `/api/notifications/${id}`, token, params: { id }, body });
const markAll = (token: string) => call(readAll, { method: 'POST', path: '/api/notifications/read-all', token });

describe('GET /api/notifications', () => {
  let firm: FirmFixture;
  let other: FirmFixture;
  beforeAll(async () => {
    firm = await createFirm(db);
    other = await createFirm(db);
  });

  it('shows tenant-wide plus the caller’s own notifications only', async () => {
    const [wide, personal] = firm.notificationIds as [string, string];
    const viewer = await list(firm.users.VIEWER.token);
    expect(viewer.status).toBe(200);
    expect(viewer.json.items.map((i) => i.id).sort()).toEqual([wide, personal].sort());
    expect(viewer.json.items.find((i) => i.id === personal)).toMatchObject({ scope: 'user', read: false, title: 'Aviso pessoal' });
    expect(viewer.json.items.find((i) => i.id === wide)).toMatchObject({ scope: 'tenant', read: false, title: 'Aviso geral' });
    expect(viewer.json.unreadCount).toBe(2);

    const member = await list(firm.users.MEMBER.token);
    expect(member.json.items.map((i) => i.id)).toEqual([wide]);
    expect(member.json.unreadCount).toBe(1);

    // Another firm's notifications never show up.
    const otherIds = new Set(other.notificationIds);
    expect(viewer.json.items.some((i) => otherIds.has(i.id))).toBe(false);
  });

  it('orders newest first', async () => {
    const f = await createFirm(db);
    const base = Date.UTC(2026, 0, 1);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const n = await db.notification.create({
        data: { tenantId: f.tenantId, type: 'info', title: `Ordem ${i}`, createdAt: new Date(base + i * 60_000) },
      });
      ids.push(n.id);
    }
    const res = await list(f.users.MEMBER.token);
    const mine = res.json.items.filter((i) => i.title.startsWith('Ordem')).map((i) => i.id);
    expect(mine).toEqual([...ids].reverse());
  });

  it('limit bounds: 0 and 101 are 422, 1 returns one item but the full unreadCount', async () => {
    for (const limit of ['0', '101', '-1', 'abc', '1.5']) {
      const res = await list(firm.users.VIEWER.token, { limit });
      expect(res.status, limit).toBe(422);
      expect(expectErrorContract(res.json).code).toBe('validation_failed');
    }
    const one = await list(firm.users.VIEWER.token, { limit: '1' });
    expect(one.status).toBe(200);
    expect(one.json.items).toHaveLength(1);
    expect(one.json.unreadCount).toBe(2);
    expect((await list(firm.users.VIEWER.token, { limit: '100' })).status).toBe(200);
  });

  it('rejects unknown query parameters and a bad unread flag', async () => {
    expect((await list(firm.users.VIEWER.token, { unread: 'yes' })).status).toBe(422);
    expect((await list(firm.users.VIEWER.token, { userId: firm.users.MEMBER.userId })).status).toBe(422);
  });
});

describe('read state', () => {
  it('PATCH read=true on a tenant-wide notification marks it for that user only', async () => {
    const firm = await createFirm(db);
    const [wide] = firm.notificationIds as [string, string];
    const res = await mark(firm.users.MEMBER.token, wide);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ id: wide, read: true });

    const member = await list(firm.users.MEMBER.token);
    expect(member.json.items.find((i) => i.id === wide)?.read).toBe(true);
    expect(member.json.unreadCount).toBe(0);

    const admin = await list(firm.users.ADMIN.token);
    expect(admin.json.items.find((i) => i.id === wide)?.read).toBe(false);
    expect(admin.json.unreadCount).toBe(1);
    const viewer = await list(firm.users.VIEWER.token);
    expect(viewer.json.unreadCount).toBe(2);

    // The shared row itself is untouched; the read is per user.
    expect((await db.notification.findUnique({ where: { id: wide } }))?.readAt).toBeNull();

    // Marking again is idempotent; read=false undoes it for that user only.
    expect((await mark(firm.users.MEMBER.token, wide)).status).toBe(200);
    expect((await mark(firm.users.ADMIN.token, wide)).status).toBe(200);
    expect((await mark(firm.users.MEMBER.token, wide, { read: false })).status).toBe(200);
    expect((await list(firm.users.MEMBER.token)).json.unreadCount).toBe(1);
    expect((await list(firm.users.ADMIN.token)).json.unreadCount).toBe(0);
  });

  it('PATCH on a personal notification marks it read, and read=false unmarks it', async () => {
    const firm = await createFirm(db);
    const [, personal] = firm.notificationIds as [string, string];
    expect((await mark(firm.users.VIEWER.token, personal)).status).toBe(200);
    let viewer = await list(firm.users.VIEWER.token);
    expect(viewer.json.items.find((i) => i.id === personal)?.read).toBe(true);
    expect(viewer.json.unreadCount).toBe(1);
    expect((await mark(firm.users.VIEWER.token, personal, { read: false })).status).toBe(200);
    viewer = await list(firm.users.VIEWER.token);
    expect(viewer.json.unreadCount).toBe(2);
  });

  it('PATCH on another user’s personal notification, or another firm’s, is 404 and changes nothing', async () => {
    const firm = await createFirm(db);
    const other = await createFirm(db);
    const [, personal] = firm.notificationIds as [string, string];
    for (const token of [firm.users.MEMBER.token, firm.users.OWNER.token]) {
      const res = await mark(token, personal);
      expect(res.status).toBe(404);
      expect(expectErrorContract(res.json).code).toBe('not_found');
    }
    const [otherWide] = other.notificationIds as [string, string];
    expect((await mark(firm.users.OWNER.token, otherWide)).status).toBe(404);
    expect((await db.notification.findUnique({ where: { id: personal } }))?.readAt).toBeNull();
    expect(await db.notificationRead.count({ where: { notificationId: otherWide } })).toBe(0);
    expect((await mark(firm.users.OWNER.token, 'nao-e-uuid')).status).toBe(422);
  });

  it('?unread=true lists only unread ones', async () => {
    const firm = await createFirm(db);
    const [wide, personal] = firm.notificationIds as [string, string];
    expect((await mark(firm.users.VIEWER.token, wide)).status).toBe(200);
    const unread = await list(firm.users.VIEWER.token, { unread: 'true' });
    expect(unread.json.items.map((i) => i.id)).toEqual([personal]);
    expect(unread.json.unreadCount).toBe(1);
    const all = await list(firm.users.VIEWER.token, { unread: 'false' });
    expect(all.json.items).toHaveLength(2);
  });

  it('read-all sets unreadCount to 0 for the caller only', async () => {
    const firm = await createFirm(db);
    const res = await markAll(firm.users.VIEWER.token);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ updated: 2 });
    const viewer = await list(firm.users.VIEWER.token);
    expect(viewer.json.unreadCount).toBe(0);
    expect(viewer.json.items.every((i) => i.read)).toBe(true);
    expect((await list(firm.users.VIEWER.token, { unread: 'true' })).json.items).toEqual([]);
    expect((await list(firm.users.MEMBER.token)).json.unreadCount).toBe(1);
    // Nothing left to mark.
    expect((await markAll(firm.users.VIEWER.token)).json).toEqual({ updated: 0 });
  });
});

describe('createNotification', () => {
  let listener: PoolClient;
  const received: PgNotification[] = [];

  beforeAll(async () => {
    listener = await pool.connect();
    listener.on('notification', (msg) => {
      if (msg.channel === EVENTS_CHANNEL) received.push(msg);
    });
    await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
  });
  afterAll(async () => {
    await listener.query(`UNLISTEN ${EVENTS_CHANNEL}`);
    listener.release();
  });

  // A relay flush NOTIFYs a JSON array of published hints (lib/events/wire.ts).
  const payloadsFor = (tenantId: string) =>
    received
      .flatMap((m) => JSON.parse(m.payload ?? '[]') as { type?: string; tenantId?: string; ids?: string[]; userId?: string | null }[])
      .filter((p) => p.tenantId === tenantId);

  async function waitFor(pred: () => boolean, ms = 2000) {
    const until = Date.now() + ms;
    while (!pred() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    return pred();
  }
  /** Lets any NOTIFY already sent reach the listener (a round trip on its connection). */
  const flush = () => listener.query('SELECT 1');

  it('respects the tenant preference: sync.completed with notifyOnSync=false returns null and creates nothing', async () => {
    const firm = await createFirm(db);
    await db.tenantSettings.update({ where: { tenantId: firm.tenantId }, data: { notifyOnSync: false } });
    const result = await db.$transaction((tx) =>
      createNotification(tx, { tenantId: firm.tenantId, type: 'sync.completed', title: 'Sincronização concluída' }),
    );
    expect(result).toBeNull();
    expect(await db.notification.count({ where: { tenantId: firm.tenantId, type: 'sync.completed' } })).toBe(0);
    await flush();
    expect(payloadsFor(firm.tenantId)).toEqual([]);

    // Types without a preference, and types whose preference is on, are created.
    const info = await db.$transaction((tx) => createNotification(tx, { tenantId: firm.tenantId, type: 'info', title: 'Aviso' }));
    expect(info).not.toBeNull();
    const failed = await db.$transaction((tx) =>
      createNotification(tx, { tenantId: firm.tenantId, type: 'sync.failed', title: 'Falha' }),
    );
    expect(failed).not.toBeNull();
  });

  it('notifyOnReconciled is off by default: reconciliation.confirmed is not created', async () => {
    const firm = await createFirm(db);
    const result = await db.$transaction((tx) =>
      createNotification(tx, { tenantId: firm.tenantId, type: 'reconciliation.confirmed', title: 'Conciliado' }),
    );
    expect(result).toBeNull();
  });

  it('publishes {type:"notification", tenantId, ids:[id]} on concilia_events only after commit', async () => {
    const firm = await createFirm(db);
    let createdId: string | undefined;
    let seenBeforeCommit = -1;
    await db.$transaction(async (tx) => {
      const row = await createNotification(tx, {
        tenantId: firm.tenantId,
        userId: firm.users.MEMBER.userId,
        type: 'sync.completed',
        title: 'Sincronização concluída',
      });
      createdId = row!.id;
      await flush();
      await new Promise((r) => setTimeout(r, 150));
      seenBeforeCommit = payloadsFor(firm.tenantId).length;
    });
    expect(seenBeforeCommit).toBe(0);
    expect(await waitFor(() => payloadsFor(firm.tenantId).length > 0)).toBe(true);
    const [payload] = payloadsFor(firm.tenantId);
    expect(payload).toMatchObject({ type: 'notification', tenantId: firm.tenantId, ids: [createdId] });
    expect(payload!.userId).toBe(firm.users.MEMBER.userId);

    // The member now sees it, unread.
    const res = await list(firm.users.MEMBER.token);
    expect(res.json.items.find((i) => i.id === createdId)).toMatchObject({ scope: 'user', read: false });
  });

  it('publishes nothing and creates nothing when the transaction rolls back', async () => {
    const firm = await createFirm(db);
    let createdId: string | undefined;
    await expect(
      db.$transaction(async (tx) => {
        const row = await createNotification(tx, { tenantId: firm.tenantId, type: 'info', title: 'Será desfeito' });
        createdId = row!.id;
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(createdId).toBeDefined();
    await flush();
    await new Promise((r) => setTimeout(r, 200));
    await flush();
    expect(payloadsFor(firm.tenantId)).toEqual([]);
    expect(await db.notification.findUnique({ where: { id: createdId! } })).toBeNull();

    // A later committed one on the same tenant does arrive (the listener works).
    const ok = await db.$transaction((tx) => createNotification(tx, { tenantId: firm.tenantId, type: 'info', title: 'Confirmada' }));
    expect(await waitFor(() => payloadsFor(firm.tenantId).length === 1)).toBe(true);
    expect(payloadsFor(firm.tenantId)[0]!.ids).toEqual([ok!.id]);
  });
});

describe('read state is audited', () => {
  it('PATCH and read-all each write one audit row for the reader', async () => {
    const f = await createFirm(db, 'Firma Auditoria Avisos');
    expect((await mark(f.users.MEMBER.token, f.notificationIds[0]!)).status).toBe(200);
    expect((await markAll(f.users.VIEWER.token)).status).toBe(200);
    const rows = await db.auditLog.findMany({
      where: { tenantId: f.tenantId, entityType: 'notification' },
      orderBy: { createdAt: 'asc' },
    });
    expect(rows.map((r) => [r.action, r.actorId])).toEqual([
      ['notification.read', f.users.MEMBER.userId],
      ['notification.read_all', f.users.VIEWER.userId],
    ]);
  });
});
