// Many hints emitted between two flushes become few: one per (tenant, user,
// type, entity), ids merged (none when too many: the client refetches the
// whole query anyway), the latest progress kept. Pure.
import { MAX_IDS, type AppEvent } from '@/lib/events/types';

const keyOf = (e: AppEvent) => `${e.tenantId}\u0000${e.userId ?? ''}\u0000${e.type}\u0000${e.entity ?? ''}`;

interface Group {
  event: AppEvent;
  /** null once the group names every id (some hint named none, or too many). */
  ids: Set<string> | null;
}

export function coalesce(events: readonly AppEvent[]): AppEvent[] {
  const groups = new Map<string, Group>();
  for (const e of events) {
    const key = keyOf(e);
    let g = groups.get(key);
    if (!g) {
      g = { event: { ...e }, ids: e.ids?.length ? new Set(e.ids) : null };
      groups.set(key, g);
      continue;
    }
    if (!e.ids?.length) g.ids = null;
    else if (g.ids) for (const id of e.ids) g.ids.add(id);
    if (g.ids && g.ids.size > MAX_IDS) g.ids = null;
    if (e.data) g.event.data = e.data;
  }
  return [...groups.values()].map(({ event, ids }) => {
    const out: AppEvent = { ...event };
    if (ids) out.ids = [...ids];
    else delete out.ids;
    return out;
  });
}
