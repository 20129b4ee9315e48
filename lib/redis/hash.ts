// buildCacheHash: the part of a cache key that stands for a query's
// parameters. Equal queries must map to one key whatever the order of their
// parameters and whether absent filters are undefined, null, '' or [];
// different queries must not share a key (that would serve one query's data
// to another), hence SHA-256 truncated to 128 bits over a canonical JSON.
//
// Canonical form: object keys sorted; undefined, null, '', [] and {} dropped
// from objects (recursively); array order kept (it can be meaningful, e.g. a
// sort order — callers whose arrays are sets should sort them); Dates as ISO
// strings; values with toJSON (Decimal) as what toJSON returns. Numbers and
// their string forms hash differently, as they are different parameters.
import { hash } from 'node:crypto';

export const CACHE_HASH_HEX_CHARS = 32;

type Canonical = null | boolean | number | string | Canonical[] | { [key: string]: Canonical };

function isEmpty(v: Canonical): boolean {
  if (v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v).length === 0;
}

function canonicalize(value: unknown, path: string): Canonical {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`buildCacheHash: ${path} is not a finite number`);
      return value === 0 ? 0 : value;
    case 'object':
      break;
    default:
      throw new TypeError(`buildCacheHash: ${path} has unsupported type ${typeof value}`);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError(`buildCacheHash: ${path} is an invalid Date`);
    return value.toISOString();
  }
  if (Array.isArray(value)) return value.map((v, i) => canonicalize(v, `${path}[${i}]`));
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return canonicalize(withToJson.toJSON(), path);
  if (value instanceof Map || value instanceof Set) throw new TypeError(`buildCacheHash: ${path} is a Map/Set`);
  const out: { [key: string]: Canonical } = {};
  for (const key of Object.keys(value).sort()) {
    const v = canonicalize((value as Record<string, unknown>)[key], `${path}.${key}`);
    if (!isEmpty(v)) out[key] = v;
  }
  return out;
}

function stringify(v: Canonical): string {
  if (Array.isArray(v)) return `[${v.map(stringify).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stringify(v[k]!)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The canonical JSON a hash is computed from ("{}" when every value is empty). */
export function canonicalParams(params: Record<string, unknown> | undefined): string {
  return stringify(canonicalize(params ?? {}, 'params'));
}

export function buildCacheHash(params: Record<string, unknown> | undefined): string {
  return hash('sha256', canonicalParams(params), 'hex').slice(0, CACHE_HASH_HEX_CHARS);
}
