import { AuthShell } from '@/components/auth-shell';
import { AuthForm } from '@/components/auth-form';

export const metadata = { title: 'Criar escritório — Concilia' };

export default function OnboardingPage() {
  return (
    <AuthShell>
      <h1>Crie o seu escritório</h1>
      <p className="muted">Você será o proprietário e poderá convidar a equipe depois.</p>
      <AuthForm
        endpoint="/api/tenants"
        submitLabel="Criar escritório"
        redirectTo="/"
        fields={[{ name: 'name', label: 'Nome do escritório', type: 'text', autoComplete: 'organization' }]}
      />
    </AuthShell>
  );
}
