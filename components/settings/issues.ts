// The API's validation issues ({ path, message }) by form field; the messages are already pt-BR.
import { ApiClientError } from '@/lib/api-client';

export function issuesByPath(err: unknown): Record<string, string> {
  if (!(err instanceof ApiClientError)) return { '(root)': 'Não foi possível salvar. Verifique sua conexão e tente novamente.' };
  const issues = (err.details as { issues?: { path: string; message: string }[] } | undefined)?.issues;
  if (!issues?.length) return { '(root)': err.message };
  const out: Record<string, string> = {};
  for (const i of issues) out[i.path] ??= i.message;
  return out;
}
