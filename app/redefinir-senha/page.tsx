import { AuthShell } from '@/components/auth-shell';
import { ResetPasswordForm } from '@/components/reset-password-form';

export const metadata = { title: 'Definir senha — Concilia' };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <AuthShell>
      <h1>Definir senha</h1>
      {token ? <ResetPasswordForm token={token} /> : <p className="error">Link inválido ou incompleto.</p>}
    </AuthShell>
  );
}
