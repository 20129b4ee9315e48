// Replies as Upstash's REST API shapes them. With "Upstash-Encoding: base64"
// every string in the reply (top level or nested in arrays) is base64 of its
// bytes; integers and nil stay as they are. That is what @upstash/redis
// decodes by default (see its HttpClient: decode() base64-decodes strings,
// recursing into arrays, and leaves numbers and null alone).
export function encodeReply(value: unknown, base64: boolean): unknown {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return base64 ? value.toString('base64') : value.toString('utf8');
  if (typeof value === 'string') return base64 ? Buffer.from(value, 'utf8').toString('base64') : value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (Array.isArray(value)) return value.map((v) => encodeReply(v, base64));
  // An error nested in an array reply (e.g. a Lua table holding error_reply).
  if (value instanceof Error) return encodeReply(value.message, base64);
  if (value instanceof Map) return encodeReply([...value.entries()].flat(), base64);
  return encodeReply(String(value), base64);
}
