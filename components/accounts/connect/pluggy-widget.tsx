'use client';
// Pluggy's official Connect widget (react-pluggy-connect): an iframe from
// connect.pluggy.ai that the SDK opens as a modal on mount. This module is
// only loaded (next/dynamic, from connect-bank.tsx) when someone clicks
// Conectar banco on real Pluggy, so nobody else downloads it.
import { PluggyConnect } from 'react-pluggy-connect';

export interface PluggyWidgetProps {
  connectToken: string;
  updateItem: string | null;
  onSuccess: (data: { item: { id: string } }) => unknown;
  onError: (error: { message: string; data?: { item: { id: string; error?: { code?: string; message?: string } | null } } }) => unknown;
  onClose: () => void;
}

export default function PluggyWidget({ connectToken, updateItem, onSuccess, onError, onClose }: PluggyWidgetProps) {
  return (
    <PluggyConnect
      connectToken={connectToken}
      updateItem={updateItem ?? undefined}
      // Pluggy's test bank (user-ok / password-ok) outside production only.
      includeSandbox={process.env.NODE_ENV !== 'production'}
      language="pt"
      onSuccess={async (data) => void (await onSuccess(data))}
      onError={async (error) => void (await onError(error))}
      onClose={onClose}
      onLoadError={() => void onError({ message: 'O Pluggy Connect não carregou. Verifique a conexão com a internet e tente de novo.' })}
    />
  );
}
