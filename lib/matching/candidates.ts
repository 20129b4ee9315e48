// For one credit: the clients worth scoring (found through the indexes),
// and for each client its options — one per open receivable or group of
// receivables (a split) the credit could pay, plus "this client, no
// receivable" — each with its score.
import { names, refersToAny } from './instalment';
import { firstAmount, firstDue, firstSplit, nameCandidates, type Indexes } from './indexes';
import type { PreparedCustomer, PreparedReceivable, PreparedTransaction } from './prepare';
import { amountFit, settlesInFull, splitFit, type AmountFit, type AmountKind } from './score-amount';
import { scoreContact, type ContactKind } from './score-contact';
import { dateFraction, inDateWindow } from './score-date';
import { provesIdentity, scoreDocument, THIRD_PARTY, type DocumentKind } from './score-document';
import { NAME_CANDIDATE_MIN, nameSimilarity, scoreName, sharesSurname, type NameSignal, type Similarity } from './score-name';
import type { MatchSettings } from './settings';
import type { Signal } from './signal';

/** Clients found through an amount alone (no identity evidence) are capped to these nearest in date. */
const AMOUNT_CANDIDATES_MAX = 12;

/** What is known about a (credit, client) pair before any receivable is considered. */
export interface Evidence {
  customer: PreparedCustomer;
  document: Signal<DocumentKind>;
  name: NameSignal;
  contact: Signal<ContactKind>;
  /** Points and maximum from document, name and contact. */
  points: number;
  max: number;
}

export interface Option {
  evidence: Evidence;
  /** Due-date order; empty for the client-only option. Shared between options: never mutated. */
  receivables: PreparedReceivable[];
  amount: AmountKind;
  amountFraction: number;
  /** Payment day − earliest due day; 0 for the client-only option. */
  daysLate: number;
  dateFraction: number;
  /** [0, 1] rounded to four decimals, and the same in integer basis points. */
  score: number;
  basis: number;
  /**
   * Net evidence, earned points minus missed ones (counted but not earned),
   * in hundredths of a point: what the assignment adds up. Unlike the score,
   * it does not inflate a credit that carries little evidence (no document,
   * no name), so such a credit cannot outbid a well-identified one for a
   * receivable on a date difference the score magnifies.
   */
  net: number;
  /** Basis and net evidence on the option's own date points, before an instalment rule raised them (margins, regrets). */
  plainBasis: number;
  plainNet: number;
  /** Everything auto needs except the margin, which depends on the other options. */
  autoEligible: boolean;
  /**
   * Why this instalment is preferred over the client's other open ones of
   * the same amount (instalment.ts): the oldest open one, or the one the
   * description names; null when no such rule applied.
   */
  instalment: InstalmentRule | null;
}

export type InstalmentRule = 'oldest' | 'named';

export interface RejectionIndex {
  byTransaction: Map<string, Set<number>>;
  byDocument: Map<string, Set<number>>;
}

/** The clients a person rejected for this credit (by its id or its payer's document), looked up once per credit. */
function rejectedFor(t: PreparedTransaction, rej: RejectionIndex): ((customer: number) => boolean) {
  const a = rej.byTransaction.size > 0 ? rej.byTransaction.get(t.id) : undefined;
  const b = t.document !== null && rej.byDocument.size > 0 ? rej.byDocument.get(t.document.digits) : undefined;
  if (!a && !b) return NEVER;
  return (customer) => a?.has(customer) === true || b?.has(customer) === true;
}
const NEVER = () => false;

type EvidenceMode = 'normal' | 'amount_only' | 'relative';

/** Per-credit lookups, done once rather than per candidate. */
interface CreditContext {
  t: PreparedTransaction;
  owners: readonly number[] | undefined;
  mappedTo: readonly number[] | undefined;
  maskedMapped: readonly number[] | undefined;
}

const NO_SIMILARITY: Similarity = { similarity: 0, verdict: 'different' };

function evidenceFor(ctx: CreditContext, c: PreparedCustomer, sim: Similarity, s: MatchSettings, mode: EvidenceMode = 'normal'): Evidence {
  const t = ctx.t;
  let document = scoreDocument(t, c, ctx.owners, ctx.mappedTo, ctx.maskedMapped);
  // A relative's own document says nothing against the client it pays for.
  if (mode === 'relative' && document.counted) document = THIRD_PARTY;
  const contact = scoreContact(t, c);
  const name = scoreName(t, mode === 'amount_only' ? NO_SIMILARITY : sim, document.kind === 'mapping' || document.kind === 'masked_mapping', document.counted || contact.counted, mode);
  const w = s.weights;
  let points = 0;
  let max = 0;
  if (document.counted) {
    points += w.document * document.fraction;
    max += w.document;
  }
  if (name.counted) {
    points += w.name * name.fraction;
    max += w.name;
  }
  if (contact.counted) {
    points += w.contact * contact.fraction;
    max += w.contact;
  }
  return { customer: c, document, name, contact, points, max };
}

/** The best score any option of this evidence could reach (amount and date in full). */
function ceiling(ev: Evidence, s: MatchSettings): number {
  const w = s.weights;
  return ((ev.points + w.amount + w.date) / (ev.max + w.amount + w.date)) * 10_000;
}

/** The payer is this client by document (own, mapping, branch, masked) or by contact. */
function identified(ev: Evidence): boolean {
  return ev.document.fraction > 0 || ev.contact.fraction > 0;
}

/** The client-only option's receivables: one frozen array for all of them. */
const NO_RECEIVABLES = Object.freeze([]) as unknown as PreparedReceivable[];

/**
 * Scores one option and keeps it when it reaches the alternatives floor:
 * below it an option is never proposed, listed or close enough to matter.
 * Receivables come as up to three arguments so nothing is allocated for an
 * option that is dropped (this runs for every candidate receivable).
 */
function offer(
  out: Option[],
  ev: Evidence,
  a: PreparedReceivable | null,
  b: PreparedReceivable | null,
  c: PreparedReceivable | null,
  amount: AmountKind,
  amountFraction: number,
  daysLate: number,
  dateF: number,
  instalment: InstalmentRule | null,
  s: MatchSettings,
): void {
  const w = s.weights;
  const points = ev.points + w.amount * amountFraction + w.date * dateF;
  const max = ev.max + w.amount + w.date;
  const basis = max > 0 ? Math.round((points / max) * 10_000) : 0;
  if (basis < s.alternativesFloorPoints * 100) return;
  const receivables = a === null ? NO_RECEIVABLES : b === null ? a.alone : c === null ? [a, b] : [a, b, c];
  const autoEligible = a !== null && basis >= s.thresholds.high * 100 && provesIdentity(ev.document.kind) && settlesInFull(amount) && dateF > 0;
  // A preferred instalment ties its same-amount siblings at best (it takes
  // their date points): the smallest step of net evidence breaks the tie.
  const net = Math.round((2 * points - max) * 100) + (instalment === null ? 0 : 1);
  let plainBasis = basis;
  let plainNet = net;
  if (instalment !== null && a !== null) {
    const plain = points + w.date * (dateFraction(daysLate, s) - dateF);
    plainBasis = Math.round((plain / max) * 10_000);
    plainNet = Math.round((2 * plain - max) * 100);
  }
  out.push({ evidence: ev, receivables, amount, amountFraction, daysLate, dateFraction: dateF, score: basis / 10_000, basis, net, plainBasis, plainNet, autoEligible, instalment });
}

function optionsFor(t: PreparedTransaction, ev: Evidence, ix: Indexes, s: MatchSettings, out: Option[]): void {
  const all = ix.receivablesOf[ev.customer.index]!;
  // Any smaller credit "fits" a receivable partially, and any old overdue
  // receivable is "due": only a payer identified by document or contact
  // makes either worth proposing.
  const proven = identified(ev);
  const f = fits;
  f.n = 0;
  let full = 0;
  for (const r of all) {
    const late = t.day - r.dueDay;
    if (!inDateWindow(late, s) || (!proven && late > s.dateLateDays)) continue;
    const fit = amountFit(t.cents, r.cents, s);
    if (!fit || (fit.kind === 'partial' && !proven)) continue;
    fits.add(r, null, null, r.cents, fit, dateFraction(late, s));
    if (settlesInFull(fit.kind)) full++;
  }
  if (s.splitMaxReceivables >= 2 && all.length >= 2) full += splitOptions(t, all, s);
  if (full >= 2) preferInstalments(t, f);
  for (let i = 0; i < f.n; i++) {
    const a = f.a[i]!;
    offer(out, ev, a, f.b[i]!, f.c[i]!, f.kind[i]!, f.fraction[i]!, t.day - a.dueDay, f.date[i]!, f.rule[i]!, s);
  }
  offer(out, ev, null, null, null, 'none', 0, 0, 0, null, s);
}

/**
 * One client's receivables (single, or a run of two or three) a credit
 * fits, in parallel arrays reused across calls: this runs for every
 * candidate client, and nothing is allocated for a fit that is dropped.
 */
class Fits {
  n = 0;
  readonly a: PreparedReceivable[] = [];
  readonly b: (PreparedReceivable | null)[] = [];
  readonly c: (PreparedReceivable | null)[] = [];
  /** What the fit is for: the receivable's amount, or the run's sum. */
  readonly cents: number[] = [];
  readonly count: number[] = [];
  readonly kind: AmountKind[] = [];
  readonly fraction: number[] = [];
  readonly date: number[] = [];
  readonly rule: (InstalmentRule | null)[] = [];

  add(a: PreparedReceivable, b: PreparedReceivable | null, c: PreparedReceivable | null, cents: number, fit: AmountFit, date: number): void {
    const i = this.n++;
    this.a[i] = a;
    this.b[i] = b;
    this.c[i] = c;
    this.cents[i] = cents;
    this.count[i] = b === null ? 1 : c === null ? 2 : 3;
    this.kind[i] = fit.kind;
    this.fraction[i] = fit.fraction;
    this.date[i] = date;
    this.rule[i] = null;
  }
}
const fits = new Fits();

/**
 * Several open instalments of one client that the credit settles in full,
 * of the same amount (or runs of as many instalments with the same sum):
 * the amount cannot tell them apart, and the date of a late payment points
 * at the next instalment as often as at its own. As in finance practice
 * (and Código Civil art. 355, when the debtor does not say which debt it
 * pays), the oldest open one is paid first — the oldest within the late
 * window: one overdue for months is as likely a record the firm never
 * closed as a debt being paid now. Unless the payment is on time for one of
 * them (full date points: this month's boleto, or paid ahead close to its
 * due date), or the description names one ("parc 3/10", "março": the
 * debtor's indication, art. 352), which wins over the dates. The preferred
 * fit takes the best date points among its siblings (they keep theirs, so
 * when two credits share the instalments the dates still pair them, the
 * earlier credit with the older one); the assignment's tie goes to it
 * (offer). Margins and regrets use the fit's own date points
 * (plainBasis/plainNet): a convention is no evidence for auto.
 */
function preferInstalments(t: PreparedTransaction, f: Fits): void {
  const byName = refersToAny(t.ref);
  for (let i = 0; i < f.n; i++) {
    if (!settlesInFull(f.kind[i]!)) continue;
    const cents = f.cents[i]!;
    const count = f.count[i]!;
    let first = true;
    for (let j = 0; j < i && first; j++) if (f.cents[j] === cents && f.count[j] === count && settlesInFull(f.kind[j]!)) first = false;
    if (!first) continue; // its group was decided at its first member
    let members = 0;
    let best = 0;
    let onTime = false;
    let oldest = -1;
    let named = -1;
    let namedCount = 0;
    for (let j = i; j < f.n; j++) {
      if (f.cents[j] !== cents || f.count[j] !== count || !settlesInFull(f.kind[j]!)) continue;
      members++;
      const d = f.date[j]!;
      best = Math.max(best, d);
      if (d >= 1) onTime = true;
      if (d > 0 && (oldest === -1 || f.a[j]!.dueDay < f.a[oldest]!.dueDay)) oldest = j;
      if (byName && count === 1 && names(t.ref, f.a[j]!.ref, f.a[j]!.dueMonth)) {
        named = j;
        namedCount++;
      }
    }
    if (members < 2) continue;
    const pick = namedCount === 1 ? named : onTime ? -1 : oldest;
    if (pick === -1) continue;
    f.date[pick] = best;
    f.rule[pick] = namedCount === 1 ? 'named' : 'oldest';
  }
}

/**
 * Two or three consecutive open receivables of the client (by due date)
 * that the credit pays together: who pays ahead pays this instalment and
 * the next ones, not a scattered pick. Added to `fits`; returns how many.
 */
function splitOptions(t: PreparedTransaction, all: readonly PreparedReceivable[], s: MatchSettings): number {
  const hi = t.cents + s.feeToleranceCents;
  let added = 0;
  for (let i = 0; i + 1 < all.length; i++) {
    const a = all[i]!;
    if (a.cents >= t.cents || !inDateWindow(t.day - a.dueDay, s)) continue;
    let sum = a.cents;
    for (let k = 1; k < s.splitMaxReceivables && i + k < all.length; k++) {
      const next = all[i + k]!;
      if (next.dueDay - a.dueDay > s.splitSpanDays) break;
      sum += next.cents;
      if (sum > hi) break;
      const fit = splitFit(t.cents, sum, s);
      if (fit) {
        fits.add(a, all[i + 1]!, k === 2 ? next : null, sum, fit, dateFraction(t.day - a.dueDay, s));
        added++;
      }
    }
  }
  return added;
}

const span = (o: Option) => (o.receivables.length < 2 ? 0 : o.receivables[o.receivables.length - 1]!.dueDay - o.receivables[0]!.dueDay);

/**
 * Canonical order: best first; then consecutive instalments before
 * scattered ones; then by client and receivables (indexes follow id order,
 * so this is id order, whatever the input order).
 */
export function compareOptions(a: Option, b: Option): number {
  const d =
    b.basis - a.basis || span(a) - span(b) || (b.instalment === null ? 0 : 1) - (a.instalment === null ? 0 : 1) || a.evidence.customer.index - b.evidence.customer.index;
  if (d !== 0) return d;
  const n = Math.min(a.receivables.length, b.receivables.length);
  for (let i = 0; i < n; i++) {
    const x = a.receivables[i]!.index - b.receivables[i]!.index;
    if (x !== 0) return x;
  }
  return a.receivables.length - b.receivables.length;
}

/**
 * Per run: marks which clients a credit has already looked at, stamped with
 * the credit's index, so no Set is allocated per credit.
 */
export class Scratch {
  readonly stamp: Int32Array;
  /** Per distinct client name: the credit it was last compared with, and the result. */
  private readonly nameStamp: Int32Array;
  private readonly nameResult: Similarity[];

  /**
   * Per distinct payer name (or pair of names): the clients it resembles,
   * with their similarity. Payers recur (a client pays every month), so a
   * statement of 100,000 lines has far fewer distinct names.
   */
  private readonly byPayerName = new Map<number, { customer: number; sim: Similarity }[]>();

  constructor(customers: number, customerNames: number) {
    this.stamp = new Int32Array(customers).fill(-1);
    this.nameStamp = new Int32Array(customerNames).fill(-1);
    this.nameResult = new Array<Similarity>(customerNames);
  }

  /** Clients found through the name-word index whose name is at least NAME_CANDIDATE_MIN alike. */
  nameMatches(t: PreparedTransaction, ix: Indexes, customers: readonly PreparedCustomer[]): { customer: number; sim: Similarity }[] {
    // Name keys are dense integers: one name, or a pair of them, as one number.
    const key = t.names.length === 1 ? t.names[0]!.key : (t.names[0]!.key + 1) * 4_194_304 + t.names[1]!.key;
    let hit = this.byPayerName.get(key);
    if (hit) return hit;
    hit = [];
    const seen = new Set<number>();
    for (const ci of nameCandidates(ix, t.names)) {
      if (seen.has(ci)) continue;
      seen.add(ci);
      const sim = this.similarity(t, customers[ci]!);
      if (sim.similarity >= NAME_CANDIDATE_MIN) hit.push({ customer: ci, sim });
    }
    this.byPayerName.set(key, hit);
    return hit;
  }

  /** Homonyms are common: one comparison per distinct client name per credit. */
  similarity(t: PreparedTransaction, c: PreparedCustomer): Similarity {
    const k = c.name.key;
    if (k >= this.nameStamp.length) return nameSimilarity(t, c);
    if (this.nameStamp[k] === t.index) return this.nameResult[k]!;
    const r = nameSimilarity(t, c);
    this.nameStamp[k] = t.index;
    this.nameResult[k] = r;
    return r;
  }
}

/** All options for one credit, best first. Debits get none. */
export function candidateOptions(
  t: PreparedTransaction,
  customers: readonly PreparedCustomer[],
  ix: Indexes,
  rejections: RejectionIndex,
  s: MatchSettings,
  scratch: Scratch,
): Option[] {
  if (t.debit || t.cents <= 0) return [];
  const ctx: CreditContext = {
    t,
    owners: t.document ? ix.byDocument.get(t.document.digits) : undefined,
    mappedTo: t.document ? ix.byMapping.get(t.document.digits) : undefined,
    maskedMapped: t.masked ? ix.masked().byMapping.get(t.masked.middle) : undefined,
  };
  if (t.anonymous) return t.nonPayment ? [] : anonymousOptions(ctx, customers, ix, rejections, s, scratch);

  const options: Option[] = [];
  const stamp = scratch.stamp;
  const mark = t.index;
  const isRejected = rejectedFor(t, rejections);
  // Clients are looked at strongest evidence first (document, contact, then
  // name), so once a good option is known, a client that could not come
  // within the alternatives window of it is not worth its receivables.
  // Never above the medium threshold: an assignable option must stay, in case
  // another credit takes the receivable of this one's best.
  const baseFloor = s.alternativesFloorPoints * 100;
  const cap = Math.max(baseFloor, s.thresholds.medium * 100);
  const window = s.alternativesWindowPoints * 100;
  let floor = baseFloor;
  let knownPayer = false;
  const medium = s.thresholds.medium * 100;
  const consider = (ci: number, known?: Similarity) => {
    if (stamp[ci] === mark) return;
    stamp[ci] = mark;
    if (isRejected(ci)) return;
    const c = customers[ci]!;
    const sim = known ?? (t.names.length > 0 ? scratch.similarity(t, c) : NO_SIMILARITY);
    const ev = evidenceFor(ctx, c, sim, s);
    const proven = ev.document.fraction > 0 || ev.contact.fraction > 0;
    const top = ceiling(ev, s);
    // Once the payer is known by document or contact (those clients come
    // first), a namesake that could not even be suggested is noise, not an
    // alternative: its own document or contact says it is someone else.
    if (top < floor || (knownPayer && !proven && top < medium)) return;
    if (proven) knownPayer = true;
    const before = options.length;
    optionsFor(t, ev, ix, s, options);
    for (let i = before; i < options.length; i++) floor = Math.max(floor, Math.min(cap, options[i]!.basis - window));
  };
  if (t.document) {
    for (const c of ctx.owners ?? []) consider(c);
    for (const c of ctx.mappedTo ?? []) consider(c);
    if (t.document.type === 'CNPJ') for (const c of ix.byCnpjRoot.get(t.document.digits.slice(0, 8)) ?? []) consider(c);
  } else if (t.masked) {
    for (const c of ix.masked().byMiddle.get(t.masked.middle) ?? []) consider(c);
    for (const c of ctx.maskedMapped ?? []) consider(c);
  }
  for (const e of t.emails) for (const c of ix.byEmail.get(e) ?? []) consider(c);
  for (const p of t.phones) for (const c of ix.byPhone.get(p) ?? []) consider(c);
  if (t.names.length > 0) for (const m of scratch.nameMatches(t, ix, customers)) consider(m.customer, m.sim);

  // Nothing good enough: look from the amount side (a name too mangled for
  // the word index, or no name at all), among receivables due near the day.
  // Not when the payer is already known by document or contact and simply
  // has no receivable that fits: that is the answer. (A close name is not
  // enough: the payer may be a client's namesake paying for someone else.)
  if (!knownPayer && !options.some((o) => o.basis >= medium)) {
    for (const ci of amountNeighbours(t, ix, s)) consider(ci);
    const sole = soleFit(t, ix, s);
    const only = sole === null || isRejected(sole) ? null : customers[sole]!;
    // A relative paying: the client's surname, a document of no client (or
    // none), and an amount that only this client's receivable fits.
    if (only && sharesSurname(t, only) && !ctx.owners && !ctx.mappedTo) {
      const rest = options.filter((o) => o.evidence.customer !== only);
      optionsFor(t, evidenceFor(ctx, only, nameSimilarity(t, only), s, 'relative'), ix, s, rest);
      rest.sort(compareOptions);
      return rest;
    }
  }
  options.sort(compareOptions);
  return options;
}

/**
 * The one client with an open receivable, or run of two or three
 * consecutive ones, that this credit equals to the cent and that falls due
 * near the payment (date points above zero); null when no client or
 * several have one. Read from the amount indexes, not from the scored
 * options: those are cut at the alternatives floor.
 */
function soleFit(t: PreparedTransaction, ix: Indexes, s: MatchSettings): number | null {
  let only: number | null = null;
  const from = t.day - s.dateLateDays;
  const to = t.day + s.dateEarlyDays;
  const a = firstAmount(ix, t.cents);
  if (a < ix.amounts.length && ix.amounts[a] === t.cents) {
    const bucket = ix.byAmount[a]!;
    for (let i = firstDue(bucket, from); i < bucket.length && bucket[i]!.dueDay <= to; i++) {
      const r = bucket[i]!;
      if (dateFraction(t.day - r.dueDay, s) <= 0) continue;
      if (only !== null && only !== r.customer) return null;
      only = r.customer;
    }
  }
  for (let i = firstSplit(ix, t.cents); i < ix.splits.length && ix.splits[i]!.cents === t.cents; i++) {
    const g = ix.splits[i]!.first;
    if (g.dueDay < from || g.dueDay > to || dateFraction(t.day - g.dueDay, s) <= 0) continue;
    if (only !== null && only !== g.customer) return null;
    only = g.customer;
  }
  return only;
}

/**
 * A credit that names nobody: the amount and the due date are all there is.
 * When the open receivables it would settle in full within the date window
 * all belong to one client, that client is a suggestion; receivables of
 * several clients are only alternatives.
 */
function anonymousOptions(
  ctx: CreditContext,
  customers: readonly PreparedCustomer[],
  ix: Indexes,
  rejections: RejectionIndex,
  s: MatchSettings,
  scratch: Scratch,
): Option[] {
  const t = ctx.t;
  const options: Option[] = [];
  const isRejected = rejectedFor(t, rejections);
  for (const ci of amountNeighbours(t, ix, s)) {
    if (scratch.stamp[ci] === t.index || isRejected(ci)) continue;
    scratch.stamp[ci] = t.index;
    optionsFor(t, evidenceFor(ctx, customers[ci]!, NO_SIMILARITY, s), ix, s, options);
  }
  const sole = soleFit(t, ix, s);
  const only = sole === null || isRejected(sole) ? null : customers[sole]!;
  if (only) {
    const rest = options.filter((o) => o.evidence.customer !== only);
    optionsFor(t, evidenceFor(ctx, only, NO_SIMILARITY, s, 'amount_only'), ix, s, rest);
    rest.sort(compareOptions);
    return rest;
  }
  options.sort(compareOptions);
  return options;
}

/**
 * Clients with an open receivable this credit settles in full (to the cent
 * or short by a fee), due within the date window: the nearest in date first.
 */
function amountNeighbours(t: PreparedTransaction, ix: Indexes, s: MatchSettings): number[] {
  const hi = t.cents + s.feeToleranceCents;
  // Per amount bucket (due-day order), a cursor walking back into the past
  // and one walking forward from the payment day: taken nearest day first
  // (ties by index), stopping at the first AMOUNT_CANDIDATES_MAX clients —
  // common amounts (R$ 300.00) have thousands of receivables, and only the
  // few nearest matter.
  const cur = cursors;
  cur.n = 0;
  for (let a = firstAmount(ix, t.cents); a < ix.amounts.length && ix.amounts[a]! <= hi; a++) {
    // One amount per bucket: whether it is settled in full is the bucket's, not each receivable's.
    if (!settlesInFull(amountFit(t.cents, ix.amounts[a]!, s)?.kind ?? 'none')) continue;
    const bucket = ix.byAmount[a]!;
    const at = firstDue(bucket, t.day);
    const k = cur.n++;
    cur.bucket[k] = bucket;
    cur.left[k] = at - 1;
    cur.right[k] = at;
  }
  const out: number[] = [];
  const group = groupScratch;
  for (;;) {
    // The nearest distance any cursor still offers within the window.
    let d = Infinity;
    for (let k = 0; k < cur.n; k++) {
      const b = cur.bucket[k]!;
      const l = cur.left[k]!;
      const r = cur.right[k]!;
      if (l >= 0 && t.day - b[l]!.dueDay <= s.dateLateDays) d = Math.min(d, t.day - b[l]!.dueDay);
      if (r < b.length && b[r]!.dueDay - t.day <= s.dateEarlyDays) d = Math.min(d, b[r]!.dueDay - t.day);
    }
    if (d === Infinity) break;
    group.length = 0;
    for (let k = 0; k < cur.n; k++) {
      const b = cur.bucket[k]!;
      // Each side within its own window (late: back in time, early: ahead).
      let l = cur.left[k]!;
      if (d <= s.dateLateDays) while (l >= 0 && t.day - b[l]!.dueDay === d) group.push(b[l--]!);
      cur.left[k] = l;
      let r = cur.right[k]!;
      if (d <= s.dateEarlyDays) while (r < b.length && b[r]!.dueDay - t.day === d) group.push(b[r++]!);
      cur.right[k] = r;
    }
    if (group.length > 1) group.sort((x, y) => x.index - y.index);
    for (const r of group) {
      if (!out.includes(r.customer)) out.push(r.customer);
      if (out.length >= AMOUNT_CANDIDATES_MAX) return out;
    }
  }
  return out;
}

const cursors = { n: 0, bucket: [] as PreparedReceivable[][], left: [] as number[], right: [] as number[] };
const groupScratch: PreparedReceivable[] = [];
