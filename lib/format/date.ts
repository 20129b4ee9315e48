// Dates and times for people, in pt-BR and America/Sao_Paulo. Booking dates
// ("2026-12-01") are calendar dates: shown as they are, never shifted by a
// time zone. Instants (ISO timestamps) are shown in São Paulo time.
const TZ = 'America/Sao_Paulo';
const DATE_TIME = new Intl.DateTimeFormat('pt-BR', { timeZone: TZ, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const DATE_ONLY = new Intl.DateTimeFormat('pt-BR', { timeZone: TZ, day: '2-digit', month: '2-digit', year: 'numeric' });
const MONTH_SHORT = new Intl.DateTimeFormat('pt-BR', { timeZone: 'UTC', month: 'short', year: '2-digit' });
const MONTH_LONG = new Intl.DateTimeFormat('pt-BR', { timeZone: 'UTC', month: 'long', year: 'numeric' });
const PARTS = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });

const CAL = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2026-12-01" → "01/12/2026". */
export function formatCalendarDate(date: string): string {
  const m = CAL.exec(date);
  if (!m) throw new RangeError(`not a calendar date: ${date}`);
  return `${m[3]}/${m[2]}/${m[1]}`;
}

/** An instant as "01/12/2026, 09:30" in São Paulo. */
export function formatDateTime(iso: string | Date): string {
  return DATE_TIME.format(typeof iso === 'string' ? new Date(iso) : iso);
}

export function formatDateSP(iso: string | Date): string {
  return DATE_ONLY.format(typeof iso === 'string' ? new Date(iso) : iso);
}

/** "2026-03" → "mar. de 26" / long: "março de 2026". */
export function formatMonth(month: string, style: 'short' | 'long' = 'short'): string {
  const d = new Date(`${month}-01T12:00:00Z`);
  return (style === 'long' ? MONTH_LONG : MONTH_SHORT).format(d);
}

/** Today's calendar date in São Paulo ("2026-12-01"). */
export function todaySP(now: Date = new Date()): string {
  return PARTS.format(now);
}

/** The São Paulo month of an instant, "2026-12". */
export function monthSP(now: Date = new Date()): string {
  return todaySP(now).slice(0, 7);
}

/** The last `n` months ending with `month`, oldest first ("2026-01" … "2026-12"). */
export function lastMonths(month: string, n: number): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const total = y * 12 + (m - 1) - i;
    out.push(`${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

/** "há 5 min" style relative time, for sync stamps. */
export function formatRelative(iso: string, now: Date = new Date()): string {
  const s = Math.round((now.getTime() - new Date(iso).getTime()) / 1000);
  if (s < 60) return 'agora há pouco';
  if (s < 3600) return `há ${Math.floor(s / 60)} min`;
  if (s < 86400) return `há ${Math.floor(s / 3600)} h`;
  return `em ${formatDateTime(iso)}`;
}

// Typed dates (the period filters): people type dd/mm/aaaa whatever their
// OS locale; the URL and the API keep ISO yyyy-mm-dd.

/** "2026-12-01" → "01/12/2026"; "" (no date) stays "". */
export function formatDateInput(iso: string | null | undefined): string {
  return iso && CAL.test(iso) ? formatCalendarDate(iso) : '';
}

/**
 * What a person typed → ISO "yyyy-mm-dd", "" for an empty field, null when it
 * is not a real day. Accepts d/m/aaaa with / - . or spaces, a bare ddmmaaaa,
 * and a two-digit year (20xx).
 */
export function parseDateInput(text: string): string | null {
  const t = text.trim();
  if (t === '') return '';
  const m = /^(\d{1,2})[/.\-\s]+(\d{1,2})[/.\-\s]+(\d{2}|\d{4})$/.exec(t) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(t);
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  if (year < 1900 || month < 1 || month > 12 || day < 1) return null;
  // Day 0 of the next month is this month's last day (UTC: no time zone shifts it).
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Typing aid: digits as they are typed become "dd/mm/aaaa" (a slash only once a digit follows it). */
export function maskDateTyping(text: string): string {
  // Anything but digits and separators (a pasted "1/2/2026", a date with spaces) is left to the parser.
  if (!/^[\d/]*$/.test(text) || /\d\/\d\//.test(text) || /^\d\//.test(text)) return text;
  const d = text.replace(/\D/g, '').slice(0, 8);
  if (d.length <= 2) return d;
  if (d.length <= 4) return `${d.slice(0, 2)}/${d.slice(2)}`;
  return `${d.slice(0, 2)}/${d.slice(2, 4)}/${d.slice(4)}`;
}
