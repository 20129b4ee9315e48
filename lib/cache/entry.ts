// How a cache entry is stored in Redis: one header line, then the response
// body exactly as it is sent —
//   "<tenant generation>:<resource generation>:<etag>\n<JSON body>"
// so a HIT is served without parsing or re-serialising the body, and its
// ETag without hashing it again. The generations are the ones read before
// the data was computed (see cached.ts for why that makes the race safe).
import { hash } from 'node:crypto';

export interface CacheEntry {
  gens: [number, number];
  etag: string;
  body: string;
}

/** Strong ETag of a body: 132 bits of SHA-256, quoted. */
export function etagOf(body: string): string {
  return `"${hash('sha256', body, 'base64url').slice(0, 22)}"`;
}

export function encodeEntry(entry: CacheEntry): string {
  return `${entry.gens[0]}:${entry.gens[1]}:${entry.etag}\n${entry.body}`;
}

const HEADER = /^(\d{1,15}):(\d{1,15}):("[A-Za-z0-9_-]{1,64}")$/;
/** The header line and its newline always fit in this many bytes. */
export const ENTRY_HEADER_MAX_BYTES = 100;

export type EntryHeader = Omit<CacheEntry, 'body'>;

function headerOf(raw: string): (EntryHeader & { end: number }) | null {
  const nl = raw.indexOf('\n');
  if (nl < 0 || nl >= ENTRY_HEADER_MAX_BYTES) return null;
  const m = HEADER.exec(raw.slice(0, nl));
  if (!m) return null;
  return { gens: [Number(m[1]), Number(m[2])], etag: m[3]!, end: nl + 1 };
}

/** The header of an entry from its first ENTRY_HEADER_MAX_BYTES bytes (GETRANGE), or null when they are not one. */
export function decodeEntryHeader(prefix: string): EntryHeader | null {
  const h = headerOf(prefix);
  return h && { gens: h.gens, etag: h.etag };
}

/** The entry, or null when the text is not one (an older format, a foreign value). */
export function decodeEntry(raw: string): CacheEntry | null {
  const h = headerOf(raw);
  return h && { gens: h.gens, etag: h.etag, body: raw.slice(h.end) };
}
