// The sync card's "last read" lines as a person reads them (pure: the card
// renders them, the unit test pins the wording and the time zone).
import { formatDateTime, formatRelative } from '@/lib/format';
import type { SyncStatus } from '@/lib/hooks/sync-status';

/** "há 20 min (01/12/2026, 09:10)"; past a day the relative form is already the date, so it is not repeated. */
export function sinceText(iso: string, now: Date = new Date()): string {
  const relative = formatRelative(iso, now);
  return relative.startsWith('em ') ? relative : `${relative} (${formatDateTime(iso)})`;
}

/** When the banks last synced. */
export function bankSyncText(lastSyncedAt: string, now: Date = new Date()): string {
  return `Última sincronização: ${sinceText(lastSyncedAt, now)}.`;
}

/** When Advbox's receivables (what the matches are computed from) were last read. */
export function advboxSyncText(advbox: SyncStatus['advbox'], now: Date = new Date()): string {
  if (!advbox) return 'Advbox: nenhuma leitura ainda.';
  if (!advbox.fetchedAt) return 'Advbox: nova leitura pendente.';
  const when = `Advbox: última leitura ${sinceText(advbox.fetchedAt, now)}`;
  // A partial crawl (Advbox failed midway): the matches may miss receivables it did not list.
  return advbox.complete ? `${when}.` : `${when}, parcial.`;
}
