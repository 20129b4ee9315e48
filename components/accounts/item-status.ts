// A bank connection's status as a person reads it: a word, a tone, what to
// do and, when the way out is to log in at the bank again, the button that
// does it (Connect in update mode).
import type { Tone } from '@/components/ui/badge';
import { connectErrorMessage, hasConnectErrorMessage } from '@/components/accounts/connect/connect-errors';
import type { PluggyItemDto } from '@/lib/pluggy/items/item-dto';

export type ReconnectAction = 'Atualizar credenciais' | 'Reconectar';

export function itemStatus(item: Pick<PluggyItemDto, 'status' | 'error'>): { label: string; tone: Tone; action: string; reconnect: ReconnectAction | null } {
  switch (item.status) {
    case 'UPDATED':
      return { label: 'Atualizado', tone: 'success', action: 'Nada a fazer.', reconnect: null };
    case 'UPDATING':
      return { label: 'Atualizando', tone: 'info', action: 'A sincronização está em andamento.', reconnect: null };
    case 'LOGIN_ERROR':
      return item.error?.code && item.error.code !== 'INVALID_CREDENTIALS'
        ? { label: 'Erro de login', tone: 'danger', action: connectErrorMessage(item.error), reconnect: 'Atualizar credenciais' }
        : { label: 'Erro de login', tone: 'danger', action: 'A senha do banco mudou ou expirou: atualize as credenciais com o acesso atual.', reconnect: 'Atualizar credenciais' };
    case 'WAITING_USER_INPUT':
      return { label: 'Aguardando você', tone: 'warning', action: 'O banco pede uma confirmação (token ou código): reconecte para concluir.', reconnect: 'Reconectar' };
    case 'WAITING_USER_ACTION':
      return { label: 'Aguardando você', tone: 'warning', action: connectErrorMessage(item.error?.code ? item.error : { code: 'ACCOUNT_NEEDS_ACTION' }), reconnect: 'Reconectar' };
    case 'OUTDATED':
      return {
        label: 'Desatualizado',
        tone: 'warning',
        action: hasConnectErrorMessage(item.error?.code)
          ? connectErrorMessage(item.error)
          : item.error?.message
            ? `O banco respondeu: ${item.error.message}. Tente sincronizar de novo.`
            : 'A última atualização falhou. Tente sincronizar de novo.',
        reconnect: null,
      };
    default:
      return { label: item.status ?? 'Desconhecido', tone: item.error ? 'danger' : 'neutral', action: item.error?.message ?? 'Sincronize para atualizar o estado.', reconnect: null };
  }
}
