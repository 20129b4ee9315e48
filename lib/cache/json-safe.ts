// Cached data goes through JSON: a HIT returns what JSON.parse gives back, so
// anything JSON would change (Date → string, Decimal → string, Map → {},
// undefined dropped) would make a HIT differ from the MISS that stored it.
// Callers pass DTOs of plain JSON values (dates as ISO strings, money as
// strings or numbers). Outside production this check finds violations early,
// whether or not Redis is configured.
function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function check(value: unknown, path: string): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`Cached data at ${path} is ${value}, which JSON turns into null`);
      return;
    case 'object':
      if (value === null) return;
      if (Array.isArray(value)) {
        value.forEach((v, i) => check(v, `${path}[${i}]`));
        return;
      }
      if (!isPlainObject(value)) {
        const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
        throw new TypeError(`Cached data at ${path} is a ${name}; pass a plain DTO (e.g. dates as ISO strings)`);
      }
      for (const [k, v] of Object.entries(value)) {
        if (v !== undefined) check(v, `${path}.${k}`);
      }
      return;
    default:
      throw new TypeError(`Cached data at ${path} is a ${typeof value}, which JSON cannot store`);
  }
}

export function assertJsonSafe(value: unknown): void {
  if (process.env.NODE_ENV === 'production') return;
  check(value, 'data');
}
