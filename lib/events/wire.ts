// Relay-to-relay messages: JSON arrays of published events, split so each
// fits a NOTIFY payload. Receivers parse defensively: a malformed item is
// dropped, never delivered.
import { MAX_PAYLOAD_BYTES } from '@/lib/events/transport/types';
import { isEventType, type AppEvent, type PublishedEvent } from '@/lib/events/types';

export function encodeBatch(events: readonly PublishedEvent[], maxBytes = MAX_PAYLOAD_BYTES): string[] {
  const items = events.map((e) => JSON.stringify(e));
  const chunks = chunkBySize(items.map((i) => i.length), maxBytes);
  const out: string[] = [];
  items.forEach((item, i) => {
    const c = chunks[i]!;
    out[c] = out[c] === undefined ? `[${item}` : `${out[c]},${item}`;
  });
  return out.map((p) => `${p}]`);
}

/** Which payload each item goes in, so that `[item,item,…]` stays within maxBytes (an item too big alone gets its own). */
export function chunkBySize(sizes: readonly number[], maxBytes = MAX_PAYLOAD_BYTES): number[] {
  const out: number[] = [];
  let chunk = 0;
  let count = 0;
  let size = 2;
  for (const s of sizes) {
    if (count && size + s + 1 > maxBytes) {
      chunk += 1;
      count = 0;
      size = 2;
    }
    out.push(chunk);
    count += 1;
    size += s + 1;
  }
  return out;
}

/**
 * An event's JSON without its seq, for a flush that learns the seqs inside
 * its statement: `{"seq":N,` + body.slice(1) is the item encodeBatch would
 * send (keys in another order, which decodeBatch does not mind). `size`
 * counts the largest seq, for chunkBySize.
 */
export function encodeWithoutSeq(e: AppEvent): { body: string; size: number } {
  const body = JSON.stringify(e);
  return { body, size: body.length + SEQ_PREFIX_MAX - 1 };
}

/** `{"seq":` + at most 16 digits + `,` */
const SEQ_PREFIX_MAX = '{"seq":'.length + 16 + 1;

const str = (v: unknown, max: number) => typeof v === 'string' && v.length > 0 && v.length <= max;

export function decodeBatch(payload: string): PublishedEvent[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const out: PublishedEvent[] = [];
  for (const raw of parsed as Record<string, unknown>[]) {
    if (!raw || typeof raw !== 'object') continue;
    const { seq, type, tenantId } = raw;
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq <= 0) continue;
    if (!isEventType(type) || !str(tenantId, 64)) continue;
    const e: PublishedEvent = { seq, type, tenantId: tenantId as string };
    if (str(raw.entity, 64)) e.entity = raw.entity as string;
    if (Array.isArray(raw.ids) && raw.ids.every((id) => str(id, 200))) e.ids = raw.ids as string[];
    if (str(raw.userId, 191)) e.userId = raw.userId as string;
    if (raw.data && typeof raw.data === 'object') e.data = raw.data as PublishedEvent['data'];
    out.push(e);
  }
  return out.sort((a, b) => a.seq - b.seq);
}
