'use client';
// "Conectar banco" and "Atualizar credenciais": asks our API for a connect
// token, then opens Pluggy's widget (real Pluggy) or the sandbox dialog
// (the local sandbox), as connectPath decides. Both end in the same
// handlers: bind the item (POST /api/pluggy/items, which starts its first
// sync) and say so, or say what went wrong.
import dynamic from 'next/dynamic';
import { Link2, Loader2 } from 'lucide-react';
import { useState } from 'react';
import { Button, type ButtonProps } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { useBindItem, useConnectToken } from '@/lib/hooks/use-extra';
import { connectErrorMessage, type PluggyItemError } from './connect-errors';
import { connectPath, type ConnectPath } from './connect-path';
import { SandboxConnectDialog } from './sandbox-connect-dialog';

const PluggyWidget = dynamic(() => import('./pluggy-widget'), { ssr: false });

type Session = { path: ConnectPath; token: string };

export function ConnectBankButton({
  itemId,
  label = 'Conectar banco',
  variant = 'primary',
  size = 'md',
  accessibleName,
}: {
  /** One of our connections: reopen it in update mode. */
  itemId?: string;
  label?: string;
  variant?: ButtonProps['variant'];
  size?: ButtonProps['size'];
  accessibleName?: string;
}) {
  const token = useConnectToken();
  const bind = useBindItem();
  const { show } = useToast();
  const [session, setSession] = useState<Session | null>(null);

  function open() {
    token.mutate(itemId ?? null, {
      onSuccess: (dto) => setSession({ path: connectPath(dto), token: dto.accessToken }),
      onError: (e) => show({ title: 'Não foi possível abrir a conexão com o banco.', description: e.message, tone: 'error' }),
    });
  }

  // The widget's onSuccess({ item }), for both paths.
  const onSuccess = async ({ item }: { item: { id: string } }) => {
    try {
      const saved = await bind.mutateAsync(item.id);
      setSession(null);
      show({
        title: itemId ? `${saved.connectorName ?? 'Banco'}: credenciais atualizadas.` : `${saved.connectorName ?? 'Banco'} conectado.`,
        description: saved.syncJobId ? 'A sincronização das contas e transações começou.' : 'As transações chegam com a sincronização; se ela não aparecer em andamento, use Sincronizar agora.',
        tone: 'success',
      });
    } catch (e) {
      show({ title: 'O banco conectou, mas a conexão não foi salva.', description: e instanceof Error ? e.message : undefined, tone: 'error' });
      throw e;
    }
  };

  // The widget's onError({ message, data? }): the bank's reason when there is an item, else the message.
  const onError = ({ message, data }: { message: string; data?: { item: { error?: PluggyItemError | null } } }) =>
    show({ title: 'Não foi possível conectar o banco.', description: data?.item ? connectErrorMessage(data.item.error) : message, tone: 'error' });

  return (
    <>
      <Button variant={variant} size={size} onClick={open} disabled={token.isPending || !!session} aria-label={accessibleName}>
        {token.isPending ? <Loader2 className="h-4 w-4 animate-spin" aria-hidden /> : <Link2 className="h-4 w-4" aria-hidden />} {label}
      </Button>
      {session?.path.kind === 'sandbox' && (
        <SandboxConnectDialog
          apiUrl={session.path.apiUrl}
          connectToken={session.token}
          updateItem={session.path.updateItem}
          onSuccess={onSuccess}
          onError={onError}
          onClose={() => setSession(null)}
        />
      )}
      {session?.path.kind === 'widget' && (
        <PluggyWidget connectToken={session.token} updateItem={session.path.updateItem} onSuccess={(data) => onSuccess(data).catch(() => undefined)} onError={onError} onClose={() => setSession(null)} />
      )}
    </>
  );
}
