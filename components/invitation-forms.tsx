'use client';
// The invitation page's choices: accept while signed in, or sign up / sign in
// with the invited e-mail, each carrying the link's token.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { AuthForm } from '@/components/auth-form';
import { apiFetch, ApiClientError } from '@/lib/api-client';

export function AcceptInvitationButton({ token }: { token: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="stack">
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await apiFetch('/api/invitations/accept', { method: 'POST', body: { token } });
            router.replace('/');
            router.refresh();
          } catch (err) {
            setError(err instanceof ApiClientError ? err.message : 'Não foi possível aceitar o convite agora.');
            setBusy(false);
          }
        }}
      >
        {busy ? 'Aguarde…' : 'Aceitar convite'}
      </button>
    </div>
  );
}

export function InvitationAuthForms({ token, email }: { token: string; email: string }) {
  const [mode, setMode] = useState<'sign-up' | 'sign-in'>('sign-up');
  const withToken = (v: Record<string, string>) => ({ ...v, email, invitationToken: token });
  return mode === 'sign-up' ? (
    <AuthForm
      key="sign-up"
      endpoint="/api/auth/sign-up"
      submitLabel="Criar conta e entrar no escritório"
      redirectTo="/"
      transform={withToken}
      fields={[
        { name: 'name', label: 'Seu nome', type: 'text', autoComplete: 'name' },
        { name: 'email', label: 'E-mail', type: 'email', autoComplete: 'email', defaultValue: email, readOnly: true },
        { name: 'password', label: 'Senha (mín. 10 caracteres)', type: 'password', autoComplete: 'new-password', minLength: 10 },
      ]}
      extra={
        <p className="muted">
          Já tem conta com este e-mail?{' '}
          <button type="button" className="secondary" onClick={() => setMode('sign-in')}>
            Entrar
          </button>
        </p>
      }
    />
  ) : (
    <AuthForm
      key="sign-in"
      endpoint="/api/auth/sign-in"
      submitLabel="Entrar e aceitar o convite"
      redirectTo="/"
      transform={withToken}
      fields={[
        { name: 'email', label: 'E-mail', type: 'email', autoComplete: 'email', defaultValue: email, readOnly: true },
        { name: 'password', label: 'Senha', type: 'password', autoComplete: 'current-password' },
      ]}
      extra={
        <p className="muted">
          Ainda não tem conta?{' '}
          <button type="button" className="secondary" onClick={() => setMode('sign-up')}>
            Criar conta
          </button>
        </p>
      }
    />
  );
}
