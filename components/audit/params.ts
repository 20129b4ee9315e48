import { ENTITY_LABEL } from '@/components/audit/labels';
import type { AuditParams } from '@/lib/hooks/extra-keys';

/** The URL's audit filters: entity type (known ones only) and cursor. */
export function auditParams(search: URLSearchParams): AuditParams {
  const out: AuditParams = {};
  const type = search.get('entityType');
  if (type && type in ENTITY_LABEL) out.entityType = type;
  const cursor = search.get('cursor');
  if (cursor && cursor.length <= 200) out.cursor = cursor;
  return out;
}

