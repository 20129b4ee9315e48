import Link from 'next/link';
import { redirect } from 'next/navigation';
import { SignOutButton } from '@/components/sign-out-button';
import { currentIdentity } from '@/lib/auth/current';
import { getPrisma } from '@/lib/prisma';
import { listMemberships } from '@/lib/tenants/membership';

export const dynamic = 'force-dynamic';

const ROLE_LABEL = { OWNER: 'Proprietário', ADMIN: 'Administrador', MEMBER: 'Membro', VIEWER: 'Leitor' } as const;

export default async function Home() {
  const identity = await currentIdentity();
  if (!identity) redirect('/entrar');
  const tenants = await listMemberships(getPrisma(), identity.userId);
  const active = tenants[0];
  if (!active) redirect('/onboarding');

  return (
    <main>
      <div className="topbar">
        <div>
          <h1 style={{ margin: 0 }}>{active.tenantName}</h1>
          <p className="muted" style={{ margin: '4px 0 0' }}>
            {identity.email ?? identity.userId} · {ROLE_LABEL[active.role]}
          </p>
        </div>
        <SignOutButton />
      </div>
      <div className="grid">
        <div className="card">
          <h2>Conciliação</h2>
          <p className="muted">
            Conecte o banco (Pluggy) e o Advbox para ver os pagamentos recebidos e as sugestões de conciliação.
          </p>
        </div>
        <div className="card">
          <h2>Estado do serviço</h2>
          <p className="muted">
            <Link href="/api/health">Verificar saúde do sistema</Link>
          </p>
        </div>
      </div>
    </main>
  );
}
