// The multipart upload of POST /api/statements/import: one `file`, the
// `accountId`, and optionally a CSV `mapping` (JSON). The body is read with
// a cap, so an oversized upload is a 413 before it is held in memory, and
// every malformed part is a 4xx with the error contract.
import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import { parseWith, readCapped } from '@/lib/api/parse';
import { CsvMappingSchema, type CsvMapping } from './csv';
import { STATEMENT_MAX_BYTES } from './imports';

// Room for the form's boundaries and small fields around the file.
const ENVELOPE_BYTES = 64 * 1024;

const Fields = z.strictObject({
  accountId: z.uuid('Conta inválida.'),
  mapping: z.string().max(8192).optional(),
});

export interface Upload {
  accountId: string;
  fileName: string;
  bytes: Uint8Array;
  mapping: CsvMapping | null;
}

function tooLarge(): ApiError {
  return new ApiError('payload_too_large', `O arquivo excede o limite de ${STATEMENT_MAX_BYTES / 1024 / 1024} MB por extrato.`, { maxBytes: STATEMENT_MAX_BYTES });
}

export async function readUpload(request: Request): Promise<Upload> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data\s*;.*boundary=/i.test(type)) {
    throw new ApiError('unsupported_media_type', 'Envie o extrato como multipart/form-data, com o arquivo no campo "file".');
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > STATEMENT_MAX_BYTES + ENVELOPE_BYTES) throw tooLarge();
  const body = await readCapped(request, STATEMENT_MAX_BYTES + ENVELOPE_BYTES, tooLarge);
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': type } }).formData();
  } catch {
    throw new ApiError('bad_request', 'O envio multipart está malformado.');
  }
  const file = form.get('file');
  if (!file || typeof file === 'string') {
    throw new ApiError('validation_failed', 'Envie o arquivo do extrato no campo "file".', { issues: [{ path: 'file', code: 'required', message: 'Arquivo obrigatório.' }] });
  }
  if (file.size > STATEMENT_MAX_BYTES) throw tooLarge();
  const rawFields: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (k !== 'file' && typeof v === 'string') rawFields[k] = v;
  const fields = parseWith(Fields, rawFields);
  let mapping: CsvMapping | null = null;
  if (fields.mapping) {
    let json: unknown;
    try {
      json = JSON.parse(fields.mapping);
    } catch {
      throw new ApiError('validation_failed', 'O mapeamento de colunas não é um JSON válido.', { issues: [{ path: 'mapping', code: 'invalid_json', message: 'JSON inválido.' }] });
    }
    mapping = parseWith(CsvMappingSchema, json);
  }
  const name = (file.name || 'extrato').replace(/[\u0000-\u001f]/g, '').slice(0, 255);
  return { accountId: fields.accountId, fileName: name, bytes: new Uint8Array(await file.arrayBuffer()), mapping };
}
