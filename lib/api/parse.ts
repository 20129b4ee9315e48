// Request parsing for the route wrapper: JSON bodies with a size cap and
// query strings, validated by zod. Failures become the API's 4xx errors.
import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export function zodDetails(error: z.ZodError) {
  return {
    issues: error.issues.map((i) => ({
      path: i.path.map(String).join('.') || '(root)',
      code: i.code,
      message: i.message,
    })),
  };
}

export function validationFailed(error: z.ZodError): ApiError {
  return new ApiError('validation_failed', 'Os dados enviados são inválidos.', zodDetails(error));
}

/** Path of the first string holding a NUL character, which PostgreSQL text cannot store. */
export function findNul(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || '(root)' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], [...path, String(i)]);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = findNul(v, [...path, k]) ?? (k.includes('\u0000') ? [...path, k].join('.') : null);
      if (found) return found;
    }
  }
  return null;
}

export function parseWith<T>(schema: z.ZodType<T>, input: unknown): T {
  const nul = findNul(input);
  if (nul) {
    throw new ApiError('validation_failed', 'Os dados enviados são inválidos.', {
      issues: [{ path: nul, code: 'invalid_string', message: 'Caractere nulo (\\u0000) não é permitido.' }],
    });
  }
  const result = schema.safeParse(input);
  if (!result.success) throw validationFailed(result.error);
  return result.data;
}

/**
 * Reads a JSON body. An absent body reads as {} (so a schema whose fields are
 * all optional accepts it, and one with required fields answers 422); a body
 * that is present must be declared and well-formed JSON.
 */
export async function readJsonBody(request: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const buf = await readCapped(request, maxBytes);
  if (buf.byteLength === 0) return {};
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new ApiError('unsupported_media_type', 'Envie o corpo como JSON (Content-Type: application/json).');
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(buf);
  if (text.trim() === '') throw new ApiError('invalid_json', 'O corpo da requisição está vazio; envie um JSON.');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError('invalid_json', 'O corpo da requisição não é um JSON válido.');
  }
}

function tooLarge(maxBytes: number) {
  return new ApiError('payload_too_large', `O corpo da requisição excede ${Math.floor(maxBytes / 1024)} KB.`, {
    maxBytes,
  });
}

/**
 * The request body, refused as soon as it passes maxBytes (the rest is not
 * read). `refuse` builds the error to throw; the JSON body's 413 by default.
 */
export async function readCapped(
  request: Request,
  maxBytes: number,
  refuse: () => ApiError = () => tooLarge(maxBytes),
): Promise<Uint8Array<ArrayBuffer>> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw refuse();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** Query string → plain object; repeated keys become arrays. */
export function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}
