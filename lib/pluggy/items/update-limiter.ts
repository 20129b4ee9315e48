// Pluggy allows 20 PATCH /items a minute, counted per source IP — i.e. for
// this whole instance, across tenants. This window keeps the instance under
// it and gives no tenant more than half of it, so one firm's refresh button
// cannot lock the others out. (Per process: with several instances behind
// one egress IP the budget is shared and Pluggy's own 429 still applies,
// which the route passes on with its Retry-After.)
export const PLUGGY_ITEM_UPDATES_PER_MINUTE = 20;
export const TENANT_ITEM_UPDATES_PER_MINUTE = 10;
const WINDOW_MS = 60_000;

export type TakeResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export class ItemUpdateLimiter {
  private global: number[] = [];
  private readonly perTenant = new Map<string, number[]>();

  constructor(
    private readonly globalLimit = PLUGGY_ITEM_UPDATES_PER_MINUTE,
    private readonly tenantLimit = TENANT_ITEM_UPDATES_PER_MINUTE,
  ) {}

  /** Takes one update slot for the tenant, or says how long until one frees up. */
  take(tenantId: string, now = Date.now()): TakeResult {
    const since = now - WINDOW_MS;
    this.global = this.global.filter((t) => t > since);
    const mine = (this.perTenant.get(tenantId) ?? []).filter((t) => t > since);
    const full = this.global.length >= this.globalLimit ? this.global : mine.length >= this.tenantLimit ? mine : null;
    if (full) {
      this.perTenant.set(tenantId, mine);
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((full[0]! + WINDOW_MS - now) / 1000)) };
    }
    this.global.push(now);
    mine.push(now);
    this.perTenant.set(tenantId, mine);
    return { ok: true };
  }

  reset(): void {
    this.global = [];
    this.perTenant.clear();
  }
}

export const itemUpdateLimiter = new ItemUpdateLimiter();
