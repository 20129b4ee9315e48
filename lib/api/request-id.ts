import { randomBytes } from 'node:crypto';

const VALID = /^[A-Za-z0-9._-]{8,64}$/;
const ID_BYTES = 9;
// One getrandom() call per 512 ids instead of one per request (randomUUID
// keeps a similar cache): ids need to be unique, not secret.
const POOL_BYTES = ID_BYTES * 512;
let pool = Buffer.alloc(0);
let offset = 0;

function freshId(): string {
  if (offset + ID_BYTES > pool.length) {
    pool = randomBytes(POOL_BYTES);
    offset = 0;
  }
  const id = pool.toString('base64url', offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return `req_${id}`;
}

/** Reuses a well-formed incoming X-Request-Id (from a proxy), else makes one. */
export function requestIdFrom(headers: Headers): string {
  const incoming = headers.get('x-request-id');
  return incoming && VALID.test(incoming) ? incoming : freshId();
}
