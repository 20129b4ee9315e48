// The driving API over HTTP, for a sandbox run as a CLI (the demo, manual
// tests): JSON in, JSON out, under /_sandbox. Not part of Pluggy's API.
import type { SandboxControl } from './control';
import type { FaultSpec } from './faults';
import { badRequest } from './http';
import type { ItemStatus } from './logins';

type Body = Record<string, unknown>;

export async function handleControl(control: SandboxControl, method: string, seg: string[], body: () => Promise<Body>): Promise<unknown | null> {
  const [a, id, b] = seg;
  if (method === 'GET' && a === 'deliveries') return { deliveries: control.deliveries };
  if (method === 'POST' && a === 'logins') {
    const x = await body();
    control.addLogin(String(x.user ?? ''), String(x.password ?? ''), x.firm as never);
    return { ok: true };
  }
  if (method === 'POST' && a === 'items' && !id) return control.createItem((await body()) as never);
  if (a === 'items' && id) {
    if (method === 'GET' && !b) return { item: control.getItem(id), accounts: control.accounts(id) };
    if (method === 'POST' && b === 'status') {
      const x = await body();
      return control.setItemStatus(id, x.status as ItemStatus, x as never);
    }
    if (method === 'POST' && b === 'firm') {
      control.setItemFirm(id, (await body()) as never);
      return { item: control.getItem(id), accounts: control.accounts(id) };
    }
    if (method === 'POST' && b === 'complete') return control.completeUpdate(id);
    if (method === 'POST' && b === 'auto-sync') return control.autoSync(id);
    if (method === 'POST' && b === 'pay-open-receivables') {
      const x = await body();
      return { payments: control.payOpenReceivables(id, Number(x.count ?? 1), x as never) };
    }
  }
  if (a === 'accounts' && id && b === 'transactions') {
    if (method === 'GET') return { transactions: control.transactions(id) };
    if (method === 'POST') {
      const x = await body();
      if (!Array.isArray(x.transactions)) throw badRequest('transactions must be an array');
      return { transactions: control.addTransactions(id, x.transactions as never, x as never) };
    }
  }
  if (method === 'PATCH' && a === 'transactions') {
    const x = await body();
    if (!Array.isArray(x.updates)) throw badRequest('updates must be an array');
    return { transactions: control.updateTransactions(x.updates as never, x as never) };
  }
  if (method === 'DELETE' && a === 'transactions') {
    const x = await body();
    if (!Array.isArray(x.ids)) throw badRequest('ids must be an array');
    return { deleted: control.deleteTransactions(x.ids as string[], x as never) };
  }
  if (a === 'faults') {
    if (method === 'POST') {
      const x = await body();
      control.failNext({ ...(x as unknown as FaultSpec), path: typeof x.path === 'string' && x.path.startsWith('^') ? new RegExp(x.path) : (x.path as string | undefined) });
      return { ok: true };
    }
    if (method === 'DELETE') {
      control.clearFaults();
      return { ok: true };
    }
  }
  if (method === 'POST' && a === 'webhooks' && id === 'deliver') {
    const x = await body();
    const payloads = Array.isArray(x.payloads)
      ? (x.payloads as Body[]).map((p) => control.payload(String(p.event), p))
      : typeof x.itemId === 'string'
        ? [control.itemEvent(String(x.event), x.itemId, (x.fields as Body) ?? {})]
        : [control.payload(String(x.event), (x.fields as Body) ?? {})];
    return { deliveries: await control.deliver(payloads, x as never) };
  }
  if (method === 'POST' && a === 'revoke-api-keys') {
    control.revokeApiKeys();
    return { ok: true };
  }
  return null;
}
