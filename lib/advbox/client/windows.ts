// Due-date windows for crawling transactions: calendar months, clipped to
// the range. Smaller result sets make Advbox's paging quirks cheaper (a
// repeated page costs one month, not the whole range) and let a caller see
// which part of the range is incomplete.
const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** The last day of the month `months - 1` months after iso's. */
function lastOfMonth(iso: string, months = 1): string {
  const [y, m] = iso.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m + months - 1, 0)).toISOString().slice(0, 10);
}

function nextDay(iso: string): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * Windows of `months` calendar months (default 1). A small firm crawled
 * over 18 months costs 18 GETs with one-month windows but 3 with six-month
 * ones: the precompute worker picks the size by how many receivables the
 * tenant had last time.
 */
export function monthWindows(from: string, to: string, months = 1): [string, string][] {
  if (!ISO.test(from) || !ISO.test(to)) throw new RangeError('dates must be YYYY-MM-DD');
  if (!Number.isInteger(months) || months < 1 || months > 24) throw new RangeError('months must be an integer in 1..24');
  const out: [string, string][] = [];
  for (let start = from; start <= to; ) {
    const last = lastOfMonth(start, months);
    const end = last < to ? last : to;
    out.push([start, end]);
    start = nextDay(end);
  }
  return out;
}
