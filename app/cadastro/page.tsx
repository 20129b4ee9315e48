import { AuthShell } from '@/components/auth-shell';
import Link from 'next/link';
import { SignUp } from '@clerk/nextjs';
import { AuthForm } from '@/components/auth-form';
import { authMode } from '@/lib/auth/mode';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Criar conta — Concilia' };

export default function SignUpPage() {
  if (authMode() === 'clerk') {
    return (
      <AuthShell>
        <SignUp routing="hash" signInUrl="/entrar" fallbackRedirectUrl="/onboarding" />
      </AuthShell>
    );
  }
  return (
    <AuthShell>
      <h1>Criar conta</h1>
      <p className="muted">Depois você cria o seu escritório e convida a equipe.</p>
      <AuthForm
        endpoint="/api/auth/sign-up"
        submitLabel="Criar conta"
        redirectTo="/onboarding"
        fields={[
          { name: 'name', label: 'Seu nome', type: 'text', autoComplete: 'name' },
          { name: 'email', label: 'E-mail', type: 'email', autoComplete: 'email' },
          { name: 'password', label: 'Senha (mín. 10 caracteres)', type: 'password', autoComplete: 'new-password', minLength: 10 },
        ]}
        extra={
          <p className="muted">
            Já tem conta? <Link href="/entrar">Entrar</Link>
          </p>
        }
      />
    </AuthShell>
  );
}
