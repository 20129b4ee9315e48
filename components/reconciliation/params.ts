// The Conciliação page's state in the URL (bookmarkable): the tab, the search
// and the page. Invalid values are dropped rather than breaking the page.
import type { ReconciliationParams } from '@/lib/hooks/query-keys';

export const TABS = ['auto', 'suggested', 'unmatched', 'confirmed'] as const;
export type Tab = (typeof TABS)[number];
export const PAGE_SIZE = 100;
export const HISTORY_PAGE_SIZE = 100;

export interface ReconSearch {
  tab: Tab;
  q?: string;
  offset: number;
}

type Search = Record<string, string | string[] | undefined> | URLSearchParams;

export function parseReconSearch(search: Search): ReconSearch {
  const get = (k: string) => (search instanceof URLSearchParams ? (search.get(k) ?? undefined) : [search[k]].flat()[0])?.trim();
  const tab = (TABS as readonly string[]).includes(get('tab') ?? '') ? (get('tab') as Tab) : 'auto';
  const q = get('q')?.slice(0, 100) || undefined;
  const offset = Number(get('offset'));
  return { tab, q, offset: Number.isInteger(offset) && offset > 0 && offset <= 1_000_000 ? offset : 0 };
}

export function reconSearchString(s: ReconSearch): string {
  const q = new URLSearchParams();
  if (s.tab !== 'auto') q.set('tab', s.tab);
  if (s.q) q.set('q', s.q);
  if (s.offset) q.set('offset', String(s.offset));
  return q.toString();
}

/** The view query of a tab (Conciliado reads the summary from the Automático query, which always exists). */
export function viewParams(s: ReconSearch): ReconciliationParams {
  const status = s.tab === 'confirmed' ? 'auto' : s.tab;
  return { status, limit: PAGE_SIZE, ...(s.q ? { q: s.q } : {}), ...(s.tab === 'confirmed' || !s.offset ? {} : { offset: s.offset }) };
}

export function historyParams(s: ReconSearch) {
  return { status: 'CONFIRMED' as const, limit: HISTORY_PAGE_SIZE, ...(s.tab === 'confirmed' && s.offset ? { offset: s.offset } : {}) };
}
