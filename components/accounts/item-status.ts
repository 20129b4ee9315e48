// A bank connection's status as a person reads it: a word, a tone and what to do.
import type { Tone } from '@/components/ui/badge';
import type { PluggyItemDto } from '@/lib/pluggy/items/item-dto';

export function itemStatus(item: Pick<PluggyItemDto, 'status' | 'error'>): { label: string; tone: Tone; action: string } {
  switch (item.status) {
    case 'UPDATED':
      return { label: 'Atualizado', tone: 'success', action: 'Nada a fazer.' };
    case 'UPDATING':
      return { label: 'Atualizando', tone: 'info', action: 'A sincronização está em andamento.' };
    case 'LOGIN_ERROR':
      return { label: 'Erro de login', tone: 'danger', action: 'A senha do banco mudou ou expirou: reconecte o banco com as credenciais atuais.' };
    case 'WAITING_USER_INPUT':
      return { label: 'Aguardando você', tone: 'warning', action: 'O banco pede uma confirmação (token ou código): reconecte para concluir.' };
    case 'OUTDATED':
      return { label: 'Desatualizado', tone: 'warning', action: item.error?.message ? `O banco respondeu: ${item.error.message}. Tente sincronizar de novo.` : 'A última atualização falhou. Tente sincronizar de novo.' };
    default:
      return { label: item.status ?? 'Desconhecido', tone: item.error ? 'danger' : 'neutral', action: item.error?.message ?? 'Sincronize para atualizar o estado.' };
  }
}
