// Due-date windows for crawling transactions: calendar months, clipped to
// the range. Smaller result sets make Advbox's paging quirks cheaper (a
// repeated page costs one month, not the whole range) and let a caller see
// which part of the range is incomplete.
const ISO = /^\d{4}-\d{2}-\d{2}$/;

function lastOfMonth(iso: string): string {
  const [y, m] = iso.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

function nextDay(iso: string): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

export function monthWindows(from: string, to: string): [string, string][] {
  if (!ISO.test(from) || !ISO.test(to)) throw new RangeError('dates must be YYYY-MM-DD');
  const out: [string, string][] = [];
  for (let start = from; start <= to; ) {
    const end = lastOfMonth(start) < to ? lastOfMonth(start) : to;
    out.push([start, end]);
    start = nextDay(end);
  }
  return out;
}
