import { randomBytes } from 'node:crypto';

const VALID = /^[A-Za-z0-9._-]{8,64}$/;

/** Reuses a well-formed incoming X-Request-Id (from a proxy), else makes one. */
export function requestIdFrom(headers: Headers): string {
  const incoming = headers.get('x-request-id');
  return incoming && VALID.test(incoming) ? incoming : `req_${randomBytes(9).toString('base64url')}`;
}
