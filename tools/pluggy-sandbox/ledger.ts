// One account's transactions, kept in two sorted arrays — by (date, seq) and
// by (createdAt, seq) — so a page of /v2/transactions is a binary search
// plus the page itself, whatever the account's size. Mutations (rare:
// the driving API) splice and recompute running balances.
import type { RowTemplate } from './dataset';
import { forgetTransactionWire } from './wire';

export interface Row extends RowTemplate {
  id: string;
  accountId: string;
  /** Insertion order; breaks ties within a date or an ingestion instant. */
  seq: number;
  /** Epoch ms Pluggy ingested / last changed the row. */
  createdAt: number;
  updatedAt: number;
  balanceCents: number | null;
}

function lowerBound<T>(arr: readonly T[], before: (x: T) => boolean): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(arr[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const dateBefore = (date: string, seq: number) => (r: Row) => r.date < date || (r.date === date && r.seq < seq);
const createdBefore = (at: number, seq: number) => (r: Row) => r.createdAt < at || (r.createdAt === at && r.seq < seq);

export class Ledger {
  /** Ascending (date, seq). */
  readonly byDate: Row[] = [];
  /** Ascending (createdAt, seq). */
  readonly byCreated: Row[] = [];
  private nextSeq = 0;

  constructor(
    readonly accountId: string,
    /** Running balances are kept for bank accounts; null for cards. */
    private readonly openingBalanceCents: number | null,
  ) {}

  get size(): number {
    return this.byDate.length;
  }

  /** Bulk load of rows already in date order, ingested at `at`. */
  load(templates: readonly RowTemplate[], ids: () => string, at: number): void {
    for (const t of templates) {
      const row: Row = { ...t, id: ids(), accountId: this.accountId, seq: this.nextSeq++, createdAt: at, updatedAt: at, balanceCents: null };
      this.byDate.push(row);
      this.byCreated.push(row);
    }
    this.byDate.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.seq - b.seq));
    this.recomputeBalances();
  }

  insert(t: RowTemplate, id: string, at: number): Row {
    const row: Row = { ...t, id, accountId: this.accountId, seq: this.nextSeq++, createdAt: at, updatedAt: at, balanceCents: null };
    this.byDate.splice(lowerBound(this.byDate, dateBefore(row.date, row.seq)), 0, row);
    this.byCreated.splice(lowerBound(this.byCreated, createdBefore(row.createdAt, row.seq)), 0, row);
    return row;
  }

  remove(row: Row): void {
    const i = lowerBound(this.byDate, dateBefore(row.date, row.seq));
    if (this.byDate[i] === row) this.byDate.splice(i, 1);
    const j = lowerBound(this.byCreated, createdBefore(row.createdAt, row.seq));
    if (this.byCreated[j] === row) this.byCreated.splice(j, 1);
  }

  /** Applies a change; a new date moves the row in date order. */
  update(row: Row, patch: Partial<RowTemplate>, at: number): void {
    const moves = patch.date !== undefined && patch.date !== row.date;
    if (moves) {
      const i = lowerBound(this.byDate, dateBefore(row.date, row.seq));
      if (this.byDate[i] === row) this.byDate.splice(i, 1);
    }
    Object.assign(row, patch, { updatedAt: at });
    forgetTransactionWire(row);
    if (moves) this.byDate.splice(lowerBound(this.byDate, dateBefore(row.date, row.seq)), 0, row);
  }

  recomputeBalances(): void {
    if (this.openingBalanceCents === null) return;
    let run = this.openingBalanceCents;
    for (const r of this.byDate) {
      run += r.amountCents;
      r.balanceCents = run;
    }
  }

  /** The balance after the last row (bank), or what is owed on the open bill (card). */
  balanceCents(): number {
    if (this.openingBalanceCents !== null) return this.byDate.at(-1)?.balanceCents ?? this.openingBalanceCents;
    let owed = 0;
    for (let i = this.byDate.length - 1; i >= 0; i--) {
      const r = this.byDate[i]!;
      if (r.type === 'CREDIT' && r.amountCents < 0) break;
      owed += r.amountCents;
    }
    return owed;
  }

  /** Index of the first row at or after `date` in date order. */
  dateStart(date: string): number {
    return lowerBound(this.byDate, (r) => r.date < date);
  }

  /** Index of the first row after (date, seq) in date order. */
  dateAfter(date: string, seq: number): number {
    return lowerBound(this.byDate, (r) => r.date < date || (r.date === date && r.seq <= seq));
  }

  /** Index of the first row ingested at or after `at`. */
  createdStart(at: number): number {
    return lowerBound(this.byCreated, (r) => r.createdAt < at);
  }

  createdAfter(at: number, seq: number): number {
    return lowerBound(this.byCreated, (r) => r.createdAt < at || (r.createdAt === at && r.seq <= seq));
  }

  /** Index of the first row whose date is after `date` (exclusive end of a dateTo range). */
  dateEnd(date: string): number {
    return lowerBound(this.byDate, (r) => r.date <= date);
  }
}
