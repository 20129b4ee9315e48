// Payer CPF/CNPJ against the client's, directly or through a client mapping.
// A valid document is the strongest evidence there is; one that belongs to
// someone else is strong evidence against (the payer is not this client).
import { maskedMiddle } from './normalize';
import type { PreparedCustomer, PreparedTransaction } from './prepare';
import type { Signal } from './signal';

/** Same CNPJ root (the company), another branch. */
export const BRANCH_FRACTION = 0.8;
/** A masked document's middle digits match: 6 of 11 digits, chance agreement is ~1 in 10^6 per client. */
export const MASKED_FRACTION = 0.75;

export type DocumentKind =
  | 'own' // the client's own document
  | 'mapping' // a payer document the firm linked to this client
  | 'branch' // same company, another branch
  | 'masked' // the visible digits of a masked document agree
  | 'masked_mapping' // …with a payer document linked to this client
  | 'other_client' // the document belongs to another client (or is linked to one)
  | 'unknown' // a valid document that is not this client's
  | 'third_party' // a document of no client, read as a relative paying for this one (see candidates.ts)
  | 'no_customer_document' // the client has none on file: nothing to compare
  | 'absent'; // the statement carries none

// Shared results: the common verdicts allocate nothing (this runs for every candidate).
const OWN: Signal<DocumentKind> = Object.freeze({ fraction: 1, counted: true, kind: 'own' });
const MAPPING: Signal<DocumentKind> = Object.freeze({ fraction: 1, counted: true, kind: 'mapping' });
const BRANCH: Signal<DocumentKind> = Object.freeze({ fraction: BRANCH_FRACTION, counted: true, kind: 'branch' });
const MASKED: Signal<DocumentKind> = Object.freeze({ fraction: MASKED_FRACTION, counted: true, kind: 'masked' });
const MASKED_MAPPING: Signal<DocumentKind> = Object.freeze({ fraction: MASKED_FRACTION, counted: true, kind: 'masked_mapping' });
const OTHER_CLIENT: Signal<DocumentKind> = Object.freeze({ fraction: 0, counted: true, kind: 'other_client' });
const UNKNOWN: Signal<DocumentKind> = Object.freeze({ fraction: 0, counted: true, kind: 'unknown' });
const NO_CUSTOMER_DOCUMENT: Signal<DocumentKind> = Object.freeze({ fraction: 0, counted: false, kind: 'no_customer_document' });
const ABSENT: Signal<DocumentKind> = Object.freeze({ fraction: 0, counted: false, kind: 'absent' });
export const THIRD_PARTY: Signal<DocumentKind> = Object.freeze({ fraction: 0, counted: false, kind: 'third_party' });

/**
 * `owners`: clients whose own document is the payer's; `mappedTo`: clients
 * the payer's document is linked to; for a masked document, the clients
 * linked to a document with its visible digits (all looked up once per credit).
 */
export function scoreDocument(
  t: PreparedTransaction,
  c: PreparedCustomer,
  owners: readonly number[] | undefined,
  mappedTo: readonly number[] | undefined,
  maskedMapped?: readonly number[],
): Signal<DocumentKind> {
  if (t.document) {
    if (c.document?.digits === t.document.digits) return OWN;
    if (mappedTo?.includes(c.index)) return MAPPING;
    if (t.document.type === 'CNPJ' && c.document?.type === 'CNPJ' && c.document.digits.slice(0, 8) === t.document.digits.slice(0, 8)) return BRANCH;
    const elsewhere = (owners !== undefined && owners.length > 0) || (mappedTo !== undefined && mappedTo.length > 0);
    if (elsewhere) return OTHER_CLIENT;
    return c.document ? UNKNOWN : NO_CUSTOMER_DOCUMENT;
  }
  if (t.masked) {
    if (maskedMapped?.includes(c.index)) return MASKED_MAPPING;
    if (!c.document) return NO_CUSTOMER_DOCUMENT;
    return c.document.type === t.masked.type && maskedMiddle(c.document.digits) === t.masked.middle ? MASKED : UNKNOWN;
  }
  return ABSENT;
}

/** Only the client's own document or a mapping the firm made is proof enough for auto. */
export function provesIdentity(kind: DocumentKind): boolean {
  return kind === 'own' || kind === 'mapping';
}
