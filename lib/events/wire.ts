// Relay-to-relay messages: JSON arrays of published events, split so each
// fits a NOTIFY payload. Receivers parse defensively: a malformed item is
// dropped, never delivered.
import { MAX_PAYLOAD_BYTES } from '@/lib/events/transport/types';
import { isEventType, type PublishedEvent } from '@/lib/events/types';

export function encodeBatch(events: readonly PublishedEvent[], maxBytes = MAX_PAYLOAD_BYTES): string[] {
  const out: string[] = [];
  let parts: string[] = [];
  let size = 2;
  for (const e of events) {
    const item = JSON.stringify(e);
    if (parts.length && size + item.length + 1 > maxBytes) {
      out.push(`[${parts.join(',')}]`);
      parts = [];
      size = 2;
    }
    parts.push(item);
    size += item.length + 1;
  }
  if (parts.length) out.push(`[${parts.join(',')}]`);
  return out;
}

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
