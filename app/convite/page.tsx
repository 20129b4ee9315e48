import { AuthShell } from '@/components/auth-shell';
import Link from 'next/link';
import { AcceptInvitationButton, InvitationAuthForms } from '@/components/invitation-forms';
import { currentIdentity } from '@/lib/auth/current';
import { authMode } from '@/lib/auth/mode';
import { findInvitation } from '@/lib/members/invitations';
import { getPrisma } from '@/lib/prisma';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Convite — Concilia' };

const ROLE_LABEL = { OWNER: 'proprietário(a)', ADMIN: 'administrador(a)', MEMBER: 'membro', VIEWER: 'leitor(a)' } as const;

export default async function InvitationPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const invitation = token ? await findInvitation(getPrisma(), token) : null;
  if (!token || !invitation) {
    return (
      <AuthShell>
        <h1>Convite</h1>
        <p className="error">Convite inválido ou expirado. Peça um novo convite a quem o enviou.</p>
      </AuthShell>
    );
  }
  const identity = await currentIdentity();
  return (
    <AuthShell>
      <h1>Convite para {invitation.tenantName}</h1>
      <p className="muted">
        Para {invitation.email}, como {ROLE_LABEL[invitation.role]}. Válido até{' '}
        {invitation.expiresAt.toLocaleDateString('pt-BR', { timeZone: 'America/Sao_Paulo' })}.
      </p>
      {identity ? (
        <AcceptInvitationButton token={token} />
      ) : authMode() === 'clerk' ? (
        <p className="muted">
          <Link href="/entrar">Entre com a sua conta</Link> e abra este link de novo para aceitar.
        </p>
      ) : (
        <InvitationAuthForms token={token} email={invitation.email} />
      )}
    </AuthShell>
  );
}
