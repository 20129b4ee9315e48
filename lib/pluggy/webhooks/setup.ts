// POST /api/pluggy/webhooks/setup, GET /api/pluggy/webhooks and
// DELETE /api/pluggy/webhooks/[id]: the tenant's webhooks at Pluggy.
//
// Setup rotates the tenant's secret and registers every event we process
// at APP_URL with the new secret in the custom headers, then removes the
// webhooks registered before (new ones first: no gap in deliveries; the
// old secret stays valid for the grace period). The URL names the tenant
// (a client pair may be shared by several firms, and Pluggy refuses the
// same event + URL twice) and a short tag of the secret, so the new and
// old registrations differ.
import type { WebhookEvent } from 'pluggy-sdk';
import { ApiError, conflict, notFound } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit/write-audit';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { PluggyApiError, pluggyForTenant } from '@/lib/pluggy/client';
import { withPluggy } from '@/lib/pluggy/pluggy-errors';
import type { Db } from '@/lib/prisma';
import { forgetWebhookAuth, rotateWebhookSecret, secretHash, WEBHOOK_SECRET_HEADER } from './secret';

export const WEBHOOK_EVENTS = [
  'item/created',
  'item/updated',
  'item/error',
  'item/deleted',
  'item/waiting_user_input',
  'transactions/created',
  'transactions/updated',
  'transactions/deleted',
] as const satisfies readonly WebhookEvent[];

export const WEBHOOK_PATH = '/api/webhooks/pluggy';

export interface WebhookDto {
  id: string;
  pluggyWebhookId: string;
  event: string;
  url: string;
  createdAt: string;
}

/** Where Pluggy delivers this tenant's events (pure). */
export function webhookUrl(appUrl: string, tenantId: string, tag: string): string {
  const u = new URL(WEBHOOK_PATH, appUrl.endsWith('/') ? appUrl : `${appUrl}/`);
  u.searchParams.set('tenant', tenantId);
  u.searchParams.set('v', tag);
  return u.toString();
}

function appUrl(): string {
  const e = env();
  const url = e.APP_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  if (e.NODE_ENV === 'production' && !url.startsWith('https://')) {
    throw conflict('O Pluggy só entrega webhooks em um endereço HTTPS: configure APP_URL com https://.', { reason: 'webhook_url_not_https' });
  }
  return url;
}

const toDto = (r: { id: string; pluggyWebhookId: string; event: string; url: string; createdAt: Date }): WebhookDto => ({
  id: r.id,
  pluggyWebhookId: r.pluggyWebhookId,
  event: r.event,
  url: r.url,
  createdAt: r.createdAt.toISOString(),
});

export async function listWebhooks(db: Db, tenantId: string): Promise<{ webhooks: WebhookDto[] }> {
  const rows = await db.pluggyWebhook.findMany({ where: { tenantId, disabledAt: null }, orderBy: [{ event: 'asc' }, { createdAt: 'asc' }] });
  return { webhooks: rows.map(toDto) };
}

export async function setupWebhooks(db: Db, ctx: { tenantId: string; actorId: string; requestId?: string }): Promise<{ webhooks: WebhookDto[]; rotated: boolean }> {
  const { tenantId } = ctx;
  const base = appUrl();
  const api = await withPluggy(() => pluggyForTenant(db, tenantId, { policy: 'interactive' }));
  const hadSecret = !!(await db.tenantSettings.findUnique({ where: { tenantId }, select: { pluggyWebhookSecretEnc: true } }))?.pluggyWebhookSecretEnc;
  const secret = await db.$transaction((tx) => rotateWebhookSecret(tx, tenantId));
  // After the commit: a delivery between a drop inside the transaction and the commit would cache the old secrets.
  forgetWebhookAuth(tenantId);
  const hash = secretHash(secret);
  const url = webhookUrl(base, tenantId, hash.slice(0, 8));
  const old = await db.pluggyWebhook.findMany({ where: { tenantId, disabledAt: null } });

  const created: WebhookDto[] = [];
  await withPluggy(async () => {
    for (const event of WEBHOOK_EVENTS) {
      const w = await api.createWebhook(event, url, { [WEBHOOK_SECRET_HEADER]: secret });
      const row = await db.pluggyWebhook.upsert({
        where: { tenantId_pluggyWebhookId: { tenantId, pluggyWebhookId: w.id } },
        create: { tenantId, pluggyWebhookId: w.id, event, url, secretHash: hash },
        update: { event, url, secretHash: hash, disabledAt: null },
      });
      created.push(toDto(row));
    }
  });
  for (const w of old) await removeRemote(api, tenantId, w.pluggyWebhookId);
  if (old.length) await db.pluggyWebhook.updateMany({ where: { id: { in: old.map((w) => w.id) } }, data: { disabledAt: new Date() } });

  await db.$transaction((tx) =>
    writeAudit(tx, {
      tenantId,
      actorId: ctx.actorId,
      action: hadSecret ? 'pluggy_webhooks.rotated' : 'pluggy_webhooks.registered',
      entityType: 'pluggy_webhook',
      metadata: { events: WEBHOOK_EVENTS.length, replaced: old.length },
      requestId: ctx.requestId,
    }),
  );
  return { webhooks: created, rotated: hadSecret };
}

async function removeRemote(api: Awaited<ReturnType<typeof pluggyForTenant>>, tenantId: string, pluggyWebhookId: string): Promise<boolean> {
  try {
    await api.deleteWebhook(pluggyWebhookId);
    return true;
  } catch (err) {
    if (err instanceof PluggyApiError && err.status === 404) return true;
    log('warn', 'pluggy webhook not deleted at Pluggy', { tenantId, pluggyWebhookId, err });
    return false;
  }
}

export async function deleteWebhook(db: Db, ctx: { tenantId: string; actorId: string; requestId?: string; id: string }): Promise<{ id: string; deleted: true; remoteDeleted: boolean }> {
  const row = await db.pluggyWebhook.findFirst({ where: { id: ctx.id, tenantId: ctx.tenantId, disabledAt: null } });
  if (!row) throw notFound('Webhook não encontrado.');
  let remoteDeleted = false;
  try {
    const api = await pluggyForTenant(db, ctx.tenantId, { policy: 'interactive' });
    remoteDeleted = await removeRemote(api, ctx.tenantId, row.pluggyWebhookId);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    log('warn', 'pluggy webhook: no client to delete it remotely', { tenantId: ctx.tenantId, err });
  }
  await db.$transaction(async (tx) => {
    await tx.pluggyWebhook.update({ where: { id: row.id }, data: { disabledAt: new Date() } });
    await writeAudit(tx, {
      tenantId: ctx.tenantId,
      actorId: ctx.actorId,
      action: 'pluggy_webhook.deleted',
      entityType: 'pluggy_webhook',
      entityId: row.id,
      metadata: { event: row.event, remoteDeleted },
      requestId: ctx.requestId,
    });
  });
  return { id: row.id, deleted: true, remoteDeleted };
}
