// Pluggy JSON with dates revived the way pluggy-sdk does (a string exactly
// "YYYY-MM-DDTHH:mm:ss.sssZ" becomes a Date; other formats stay strings), so
// the SDK's types hold. A plain parse followed by one walk is about 2.5×
// faster than the SDK's JSON.parse reviver, which on a 500-row page of
// transactions was most of the client's time.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function revive(v: unknown): unknown {
  if (typeof v === 'string') return v.length === 24 && v.charCodeAt(23) === 90 && ISO_DATE.test(v) ? new Date(v) : v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = revive(v[i]);
    return v;
  }
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) o[k] = revive(o[k]);
  }
  return v;
}

export function parseJsonWithDates(text: string): unknown {
  return revive(JSON.parse(text));
}
