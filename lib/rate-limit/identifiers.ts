import { createHash } from 'node:crypto';
import { addressBucket } from '@/lib/http/client-address';

/** Identifier of a client address: one per IPv4 address, one per IPv6 /64. */
export function ipIdentifier(ip: string): string {
  return `ip:${addressBucket(ip)}`;
}

/**
 * Identifier for the login policy: per IP and e-mail, so one address cannot
 * lock out an account from everywhere and one IP cannot spray many accounts
 * past the limit unnoticed. The e-mail is hashed so Redis keys hold no
 * personal data.
 */
export function loginIdentifier(ip: string, email: string): string {
  const emailHash = createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
  return `${ipIdentifier(ip)}:email:${emailHash}`;
}
