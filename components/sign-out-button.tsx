'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiFetch } from '@/lib/api-client';

export function SignOutButton() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  return (
    <button
      className="secondary"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        await apiFetch('/api/auth/sign-out', { method: 'POST' }).catch(() => undefined);
        router.replace('/entrar');
        router.refresh();
      }}
    >
      Sair
    </button>
  );
}
