// Crawling an Advbox list (limit/offset), defending against its quirks
// (shared specs/advbox.md §3): items are deduplicated by id; the offset
// advances by the number of items actually returned; a page that brings no
// new id (Advbox sometimes ignores the offset and repeats a page) is asked
// again once after a pause, and if it still brings nothing new while
// totalCount says there is more, the crawl ends INCOMPLETE — callers must
// then not treat a missing item as deleted. A crawl is complete when a page
// comes back short (or empty), or when as many distinct ids as totalCount
// were seen. An error after the first page also ends it incomplete, with
// what was fetched; an error on the first page is thrown.
import type { Clock } from './clock';
import { AdvboxApiError } from './errors';

export interface Page<T> {
  items: T[];
  totalCount: number | null;
}

export type CrawlStop = 'end' | 'total_reached' | 'repeated_page' | 'error' | 'max_pages';

export interface CrawlResult<T> {
  items: T[];
  /** Every item the listing holds was fetched. */
  complete: boolean;
  stop: CrawlStop;
  /** The last totalCount Advbox reported (may exceed what paging returns). */
  totalCount: number | null;
  /** GET requests made. */
  requests: number;
  /** What ended an incomplete crawl early. */
  error?: AdvboxApiError;
}

export interface CrawlOptions {
  limit: number;
  clock: Clock;
  /** Before asking a repeated page again. */
  repeatPauseMs: number;
  /** Safety stop (1,000 pages of 1,000 = a million items). */
  maxPages?: number;
  signal?: AbortSignal;
}

export async function crawl<T extends { id: number }>(fetchPage: (offset: number, limit: number) => Promise<Page<T>>, opts: CrawlOptions): Promise<CrawlResult<T>> {
  const seen = new Map<number, T>();
  const maxPages = opts.maxPages ?? 1000;
  let offset = 0;
  let requests = 0;
  let totalCount: number | null = null;
  let retried = false;
  const done = (stop: CrawlStop, complete: boolean, error?: AdvboxApiError): CrawlResult<T> => ({
    items: [...seen.values()],
    complete,
    stop,
    totalCount,
    requests,
    ...(error ? { error } : {}),
  });
  for (;;) {
    if (requests >= maxPages) return done('max_pages', false);
    let page: Page<T>;
    try {
      page = await fetchPage(offset, opts.limit);
    } catch (err) {
      if (requests === 0 || !(err instanceof AdvboxApiError)) throw err;
      requests++;
      return done('error', false, err);
    }
    requests++;
    if (page.totalCount !== null) totalCount = page.totalCount;
    let fresh = 0;
    for (const item of page.items) {
      if (!seen.has(item.id)) {
        seen.set(item.id, item);
        fresh++;
      }
    }
    const reachedTotal = totalCount !== null && seen.size >= totalCount;
    if (page.items.length === 0) return done('end', true);
    if (fresh === 0) {
      if (reachedTotal) return done('total_reached', true);
      if (!retried) {
        retried = true;
        await opts.clock.sleep(opts.repeatPauseMs, opts.signal);
        continue;
      }
      return done('repeated_page', false);
    }
    retried = false;
    offset += page.items.length;
    if (page.items.length < opts.limit) return done('end', true);
    if (reachedTotal) return done('total_reached', true);
  }
}
