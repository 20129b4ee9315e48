import { AuthShell } from '@/components/auth-shell';
import Link from 'next/link';
import { SignIn } from '@clerk/nextjs';
import { AuthForm } from '@/components/auth-form';
import { authMode } from '@/lib/auth/mode';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Entrar — Concilia' };

export default function SignInPage() {
  if (authMode() === 'clerk') {
    return (
      <AuthShell>
        <SignIn routing="hash" signUpUrl="/cadastro" fallbackRedirectUrl="/" />
      </AuthShell>
    );
  }
  return (
    <AuthShell>
      <h1>Entrar</h1>
      <p className="muted">Acesse a conciliação do seu escritório.</p>
      <AuthForm
        endpoint="/api/auth/sign-in"
        submitLabel="Entrar"
        redirectTo="/"
        fields={[
          { name: 'email', label: 'E-mail', type: 'email', autoComplete: 'email' },
          { name: 'password', label: 'Senha', type: 'password', autoComplete: 'current-password' },
        ]}
        extra={
          <p className="muted">
            Ainda não tem conta? <Link href="/cadastro">Cadastre-se</Link>
          </p>
        }
      />
    </AuthShell>
  );
}
