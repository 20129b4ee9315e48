// Payer e-mail or phone (a PIX key, often) equal to the client's. Equal,
// not merely present: every payer has some contact.
import type { PreparedCustomer, PreparedTransaction } from './prepare';
import type { Signal } from './signal';

export type ContactKind = 'email' | 'phone' | 'different' | 'no_customer_contact' | 'absent';

const ABSENT: Signal<ContactKind> = Object.freeze({ fraction: 0, counted: false, kind: 'absent' });
const EMAIL: Signal<ContactKind> = Object.freeze({ fraction: 1, counted: true, kind: 'email' });
const PHONE: Signal<ContactKind> = Object.freeze({ fraction: 1, counted: true, kind: 'phone' });
const DIFFERENT: Signal<ContactKind> = Object.freeze({ fraction: 0, counted: true, kind: 'different' });
const NOT_ON_FILE: Signal<ContactKind> = Object.freeze({ fraction: 0, counted: false, kind: 'no_customer_contact' });

export function scoreContact(t: PreparedTransaction, c: PreparedCustomer): Signal<ContactKind> {
  if (t.emails.length === 0 && t.phones.length === 0) return ABSENT;
  if (c.email && t.emails.includes(c.email)) return EMAIL;
  if (c.phone && t.phones.includes(c.phone)) return PHONE;
  const comparable = (c.email !== null && t.emails.length > 0) || (c.phone !== null && t.phones.length > 0);
  return comparable ? DIFFERENT : NOT_ON_FILE;
}
