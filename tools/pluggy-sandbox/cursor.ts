// Opaque v2 cursors. Real Pluggy's are base64 ("MjAy…=="); these are
// standard base64 and always contain "+", "/" and "=", so a client that
// sends them back unencoded (pluggy-sdk does) gets Pluggy's 400 "Invalid
// cursor" instead of silently skipping rows.
const MAGIC = Buffer.from([0xfb, 0xff, 0xbf]); // encodes as "+/+/"

export type Cursor =
  /** After (date, seq) in date order. */
  | { o: 'd'; k: string; s: number }
  /** After (createdAt ms, seq) in ingestion order. */
  | { o: 'c'; k: number; s: number }
  /** Offset into an ids query's result. */
  | { o: 'i'; n: number };

export function encodeCursor(c: Cursor): string {
  let json = JSON.stringify(c);
  // A length that is not a multiple of 3 keeps the "=" padding.
  if ((MAGIC.length + Buffer.byteLength(json)) % 3 === 0) json += ' ';
  return Buffer.concat([MAGIC, Buffer.from(json)]).toString('base64');
}

export function decodeCursor(s: string): Cursor | null {
  const buf = Buffer.from(s, 'base64');
  // Node's decoder skips characters it does not know; re-encoding catches a mangled cursor.
  if (buf.toString('base64') !== s || buf.length <= MAGIC.length || !buf.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  try {
    const c = JSON.parse(buf.subarray(MAGIC.length).toString('utf8')) as Cursor;
    if (c.o === 'd' && typeof c.k === 'string' && Number.isInteger(c.s)) return c;
    if (c.o === 'c' && Number.isFinite(c.k) && Number.isInteger(c.s)) return c;
    if (c.o === 'i' && Number.isInteger(c.n) && c.n >= 0) return c;
    return null;
  } catch {
    return null;
  }
}
