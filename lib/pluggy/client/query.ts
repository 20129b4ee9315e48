// Query strings for Pluggy requests. The SDK concatenates `key=value` raw,
// so a "+" in a base64 cursor or an ISO offset reaches Pluggy as a space;
// here every value is percent-encoded. Arrays become comma lists (Pluggy's
// `ids=a,b`), with each element encoded and the commas kept literal.
export type QueryValue = string | number | boolean | Date | readonly (string | number)[] | null | undefined;

function encodeValue(v: Exclude<QueryValue, null | undefined>): string {
  if (v instanceof Date) return encodeURIComponent(v.toISOString());
  if (Array.isArray(v)) return v.map((x) => encodeURIComponent(String(x))).join(',');
  return encodeURIComponent(String(v));
}

/** "" when nothing is set, else "?a=1&b=x%2By". null, undefined and empty arrays are left out. */
export function encodeQuery(params: Readonly<Record<string, unknown>> | null | undefined): string {
  if (!params) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    parts.push(`${encodeURIComponent(key)}=${encodeValue(value as Exclude<QueryValue, null | undefined>)}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** The decoded `after` cursor of a v2 `next` link (relative "?…" or absolute); null when there is none. */
export function cursorFromNext(next: string | null | undefined): string | null {
  if (!next) return null;
  return new URL(next, 'http://pluggy.invalid').searchParams.get('after');
}
