// Bulk loading through COPY … FROM STDIN (text format). Rows are produced by
// an iterator of string chunks; stream.pipeline pulls the next chunk only
// when the socket drains, so memory stays flat however many rows there are.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A field in COPY text format: NULL as \N, backslash and separators escaped. */
export function copyField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value !== 'string') return String(value);
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : value;
}

/** One row: fields joined by tabs, newline-terminated. */
export function copyRow(fields: readonly (string | number | boolean | null | undefined)[]): string {
  let line = copyField(fields[0]);
  for (let i = 1; i < fields.length; i++) line += '\t' + copyField(fields[i]);
  return line + '\n';
}

/** Streams the chunks into `table (columns)`; returns the row count COPY reports. */
export async function copyInto(
  client: PoolClient,
  table: string,
  columns: readonly string[],
  chunks: Iterable<string> | AsyncIterable<string>,
): Promise<number> {
  const sql = `COPY "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`;
  const stream = client.query(copyFrom(sql));
  await pipeline(Readable.from(chunks, { objectMode: false }), stream);
  return stream.rowCount;
}

/** Groups rows into chunks of roughly `bytes` characters. */
export function* chunked(rows: Iterable<string>, bytes = 256 * 1024): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += row;
    if (chunk.length >= bytes) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
