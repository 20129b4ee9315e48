'use client';
import { AuthForm } from '@/components/auth-form';

export function ResetPasswordForm({ token }: { token: string }) {
  return (
    <AuthForm
      endpoint="/api/auth/reset-password"
      submitLabel="Salvar senha"
      redirectTo="/"
      transform={(v) => ({ token, password: v.password })}
      fields={[{ name: 'password', label: 'Nova senha (mín. 10 caracteres)', type: 'password', autoComplete: 'new-password', minLength: 10 }]}
    />
  );
}
