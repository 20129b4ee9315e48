// Statement dates to calendar dates ("2026-03-04"). A booking date is a day
// at the bank, not an instant: OFX writes local time with the zone in
// brackets (20260304120000[-3:BRT]); we keep the day as the statement's zone
// sees it. Brazil has had no daylight saving since 2019, so a fixed offset
// (the statement's own, default -3) is the zone.

export const DEFAULT_OFFSET_MINUTES = -180;

export interface OfxDateTime {
  /** The calendar date as written (before any zone conversion). */
  date: string;
  /** Minutes since local midnight as written, when a time was given. */
  minutes: number | null;
  /** Offset of the bracketed zone in minutes east of UTC, when given. */
  offsetMinutes: number | null;
}

function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 2200) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const ymd = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

/** "20260304120000.000[-3:BRT]" → parts; null when it is not an OFX date. */
export function parseOfxDateTime(input: string): OfxDateTime | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(?:(\d{2})(?:\.\d{1,3})?)?)?\s*(?:\[\s*([+-]?\d{1,2}(?:[.:]\d{1,2})?)(?::[^\]]*)?\])?$/.exec(input.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validYmd(y, mo, d)) return null;
  let minutes: number | null = null;
  if (m[4] !== undefined) {
    const h = Number(m[4]);
    const mi = Number(m[5]);
    const s = Number(m[6] ?? '0');
    if (h > 23 || mi > 59 || s > 59) return null;
    minutes = h * 60 + mi;
  }
  let offsetMinutes: number | null = null;
  if (m[7] !== undefined) {
    const [hh, frac] = m[7].split(/[.:]/);
    const hours = Number(hh);
    const sign = m[7].startsWith('-') ? -1 : 1;
    // "[-3:BRT]" is hours; "[5.5:IST]"-style fractions are hours too.
    const fracMinutes = frac === undefined ? 0 : m[7].includes('.') ? Math.round(Number(`0.${frac}`) * 60) : Number(frac);
    offsetMinutes = hours * 60 + sign * fracMinutes;
    if (Math.abs(offsetMinutes) > 14 * 60) return null;
  }
  return { date: ymd(y, mo, d), minutes, offsetMinutes };
}

/**
 * The booking day in the statement's zone. A time given in another zone is
 * moved to the statement's; a date alone, a time without a zone (banks mean
 * their own), or exactly midnight (banks that write "00:00 GMT" mean the day,
 * not an instant) keep the day as written.
 */
export function ofxCalendarDate(value: OfxDateTime, statementOffsetMinutes = DEFAULT_OFFSET_MINUTES): string {
  if (value.minutes === null || value.offsetMinutes === null || value.minutes === 0) return value.date;
  if (value.offsetMinutes === statementOffsetMinutes) return value.date;
  const [y, m, d] = value.date.split('-').map(Number) as [number, number, number];
  const utcMinutes = Date.UTC(y, m - 1, d) / 60000 + value.minutes - value.offsetMinutes;
  const local = new Date((utcMinutes + statementOffsetMinutes) * 60000);
  return ymd(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate());
}

export type CsvDateFormat = 'DD/MM/YYYY' | 'DD/MM/YY' | 'YYYY-MM-DD' | 'DD-MM-YYYY' | 'DD.MM.YYYY' | 'MM/DD/YYYY' | 'YYYYMMDD';

export const CSV_DATE_FORMATS: readonly CsvDateFormat[] = ['DD/MM/YYYY', 'DD/MM/YY', 'YYYY-MM-DD', 'DD-MM-YYYY', 'DD.MM.YYYY', 'YYYYMMDD', 'MM/DD/YYYY'];

/** A CSV cell in the given format → "YYYY-MM-DD"; a trailing time ("04/03/2026 10:31") is ignored. */
export function parseCsvDate(input: string, format: CsvDateFormat): string | null {
  const s = input.trim().replace(/[ T]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/, '');
  let m: RegExpExecArray | null;
  let y: number, mo: number, d: number;
  switch (format) {
    case 'DD/MM/YYYY':
    case 'DD-MM-YYYY':
    case 'DD.MM.YYYY': {
      const sep = format[2] === '/' ? '/' : format[2] === '-' ? '-' : '\\.';
      m = new RegExp(`^(\\d{1,2})${sep}(\\d{1,2})${sep}(\\d{4})$`).exec(s);
      if (!m) return null;
      [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
      break;
    }
    case 'DD/MM/YY':
      m = /^(\d{1,2})\/(\d{1,2})\/(\d{2})$/.exec(s);
      if (!m) return null;
      // Two-digit years in bank exports are this century.
      [d, mo, y] = [Number(m[1]), Number(m[2]), 2000 + Number(m[3])];
      break;
    case 'MM/DD/YYYY':
      m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
      if (!m) return null;
      [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
      break;
    case 'YYYY-MM-DD':
      m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
      if (!m) return null;
      [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      break;
    case 'YYYYMMDD':
      m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
      if (!m) return null;
      [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      break;
  }
  return validYmd(y, mo, d) ? ymd(y, mo, d) : null;
}

/**
 * The format every sample parses in. Day-first wins over month-first when
 * both fit (Brazil); month-first only when no day-first format fits all.
 */
export function detectCsvDateFormat(samples: string[]): CsvDateFormat | null {
  const values = samples.map((s) => s.trim()).filter((s) => s !== '');
  if (values.length === 0) return null;
  for (const f of CSV_DATE_FORMATS) {
    if (values.every((v) => parseCsvDate(v, f) !== null)) return f;
  }
  return null;
}
