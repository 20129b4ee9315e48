// "Testar conexão" for the two integrations: use the stored credentials
// against the configured service and explain the outcome in pt-BR.
import { advboxCheckToken } from '@/lib/advbox/client/check-token';
import { conflict } from '@/lib/api/errors';
import { pluggyAuthenticate } from '@/lib/pluggy/client/authenticate';
import type { Db } from '@/lib/prisma';
import { readSecret } from '@/lib/settings/settings';

export interface ConnectionTestResult {
  ok: boolean;
  message: string;
  reason?: string;
}

const PLUGGY_MESSAGES: Record<string, string> = {
  invalid_credentials: 'O Pluggy recusou o Client ID ou o Client Secret. Confira as credenciais no painel do Pluggy.',
  disabled: 'Esta aplicação está desativada no Pluggy.',
  ip_not_allowed: 'O Pluggy recusou o endereço IP deste servidor (lista de IPs permitidos ativa).',
  unreachable: 'Não foi possível conectar ao Pluggy. Verifique a rede e tente novamente.',
  unexpected: 'O Pluggy respondeu de forma inesperada. Tente novamente em instantes.',
};

const ADVBOX_MESSAGES: Record<string, string> = {
  invalid_token: 'O Advbox recusou o token. Gere um novo em Configurações > Integrações e API.',
  blocked: 'O Advbox bloqueou a requisição (firewall). Tente novamente mais tarde.',
  rate_limited: 'Limite de requisições do Advbox atingido. Aguarde um minuto e tente novamente.',
  unreachable: 'Não foi possível conectar ao Advbox. Verifique a rede e tente novamente.',
  unexpected: 'O Advbox respondeu de forma inesperada. Tente novamente em instantes.',
};

export async function testPluggyConnection(db: Db, tenantId: string): Promise<ConnectionTestResult> {
  const [clientId, clientSecret] = await Promise.all([
    readSecret(db, tenantId, 'pluggyClientId'),
    readSecret(db, tenantId, 'pluggyClientSecret'),
  ]);
  if (!clientId || !clientSecret) throw conflict('Informe o Client ID e o Client Secret do Pluggy antes de testar.');
  const r = await pluggyAuthenticate(clientId, clientSecret);
  if (r.ok) return { ok: true, message: 'Conexão com o Pluggy funcionando.' };
  return { ok: false, reason: r.reason, message: PLUGGY_MESSAGES[r.reason]! };
}

export async function testAdvboxConnection(db: Db, tenantId: string): Promise<ConnectionTestResult> {
  const token = await readSecret(db, tenantId, 'advboxToken');
  if (!token) throw conflict('Informe o token do Advbox antes de testar.');
  const r = await advboxCheckToken(token);
  if (r.ok) {
    return { ok: true, message: `Conexão com o Advbox funcionando (${r.users} usuário(s), ${r.banks} conta(s) financeira(s)).` };
  }
  return { ok: false, reason: r.reason, message: ADVBOX_MESSAGES[r.reason]! };
}
