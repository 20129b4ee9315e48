// Calendar dates and wall times in America/Sao_Paulo, where the firms and
// Advbox live. Computed with the time-zone database (Intl), so historical
// daylight-saving periods convert correctly.
const PARTS = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Sao_Paulo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** 'YYYY-MM-DD HH:MM:SS' São Paulo wall time of an instant. */
export function saoPauloWallTime(ms: number): string {
  const p = Object.fromEntries(PARTS.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** The calendar date in São Paulo at an instant, 'YYYY-MM-DD'. */
export function saoPauloDate(ms: number): string {
  return saoPauloWallTime(ms).slice(0, 10);
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The instant of a São Paulo wall time ('YYYY-MM-DD HH:MM[:SS]'), or null when unreadable. */
export function saoPauloWallTimeToUtc(wall: string): Date | null {
  const m = WALL.exec(wall.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  if (!Number.isFinite(asUtc)) return null;
  // Find the instant whose São Paulo wall time reads `wall`: start 3 h
  // ahead (UTC-3) and correct by the offset observed there (twice, for
  // instants next to a DST change).
  let guess = asUtc + 3 * 3_600_000;
  for (let i = 0; i < 2; i++) {
    const seen = Date.parse(saoPauloWallTime(guess).replace(' ', 'T') + 'Z');
    guess += asUtc - seen;
  }
  return new Date(guess);
}
