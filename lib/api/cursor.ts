// Keyset pagination cursors: an opaque base64url of "<ISO instant>|<uuid>",
// the last row's sort key. Lists order by (timestamp DESC, id DESC).
import { badRequest } from '@/lib/api/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { at: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(iso ?? '');
  if (!id || Number.isNaN(at.getTime()) || !UUID.test(id)) {
    throw badRequest('Cursor de paginação inválido.', { field: 'cursor' });
  }
  return { at, id };
}
