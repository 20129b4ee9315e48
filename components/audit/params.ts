import { ENTITY_LABEL } from '@/components/audit/labels';
import type { AuditParams } from '@/lib/hooks/extra-keys';

const isDay = (s: string | null): s is string =>
  !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
const ACTOR = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|system)$/i;
const ACTION = /^[a-z0-9_.]{1,80}$/;

/**
 * The URL's audit filters. What the API would refuse is dropped here, so a
 * hand-edited or stale link shows the unfiltered list instead of an error.
 */
export function auditParams(search: URLSearchParams): AuditParams {
  const out: AuditParams = {};
  const type = search.get('entityType');
  if (type && type in ENTITY_LABEL) out.entityType = type;
  const actor = search.get('actorId');
  if (actor && ACTOR.test(actor)) out.actorId = actor.toLowerCase();
  const action = search.get('action');
  if (action && ACTION.test(action)) out.action = action;
  const from = search.get('from');
  const to = search.get('to');
  if (isDay(from)) out.from = from;
  if (isDay(to)) out.to = to;
  if (out.from && out.to && out.from > out.to) [out.from, out.to] = [out.to, out.from];
  const cursor = search.get('cursor');
  if (cursor && cursor.length <= 200) out.cursor = cursor;
  return out;
}
