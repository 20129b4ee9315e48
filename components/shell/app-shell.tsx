'use client';
import { useQueryClient } from '@tanstack/react-query';
import { Bell, Check, ChevronsUpDown, LogOut, Menu, User, X } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { FirmIcon, NAV } from '@/components/shell/nav';
import { ROLE_LABEL } from '@/components/permissions';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Dropdown, DropdownContent, DropdownItem, DropdownLabel, DropdownSeparator, DropdownTrigger } from '@/components/ui/dropdown';
import { useToast } from '@/components/ui/toast';
import { apiFetch } from '@/lib/api-client';
import type { Role } from '@/lib/api/roles';
import { useNotifications } from '@/lib/hooks/use-notifications';

type Firm = { id: string; name: string; role: Role };

export function AppShell({ user, active, tenants, children }: { user: { email: string | null; name: string | null }; active: Firm; tenants: Firm[]; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const isActive = (href: string) => (href === '/' ? pathname === '/' : pathname.startsWith(href));

  const nav = (
    <nav aria-label="Principal" className="flex flex-col gap-0.5 p-2">
      {NAV.map(({ href, label, icon: Icon }) => (
        <Link
          key={href}
          href={href}
          onClick={() => setOpen(false)}
          aria-current={isActive(href) ? 'page' : undefined}
          className={cn(
            'flex h-10 items-center gap-3 rounded-md px-3 text-sm font-medium text-slate-700 hover:bg-slate-100',
            isActive(href) && 'bg-brand-50 text-brand-800',
          )}
        >
          <Icon className="h-4 w-4" aria-hidden />
          {label}
        </Link>
      ))}
    </nav>
  );

  return (
    <div className="min-h-screen lg:grid lg:grid-cols-[15rem_1fr]">
      <a href="#conteudo" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Pular para o conteúdo
      </a>
      <aside className="hidden border-r border-slate-200 bg-white lg:block">
        <div className="flex h-14 items-center gap-2 border-b border-slate-200 px-4 font-semibold text-brand-800">Concilia</div>
        {nav}
      </aside>
      {open && (
        <div className="fixed inset-0 z-40 lg:hidden" role="dialog" aria-modal="true" aria-label="Menu">
          <div className="absolute inset-0 bg-slate-900/40" onClick={() => setOpen(false)} />
          <div className="absolute inset-y-0 left-0 w-64 bg-white shadow-xl">
            <div className="flex h-14 items-center justify-between border-b border-slate-200 px-4 font-semibold text-brand-800">
              Concilia
              <Button variant="ghost" size="icon" aria-label="Fechar menu" onClick={() => setOpen(false)}>
                <X className="h-4 w-4" aria-hidden />
              </Button>
            </div>
            {nav}
          </div>
        </div>
      )}
      <div className="flex min-w-0 flex-col">
        <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b border-slate-200 bg-white/95 px-3 backdrop-blur sm:px-5">
          <Button variant="ghost" size="icon" className="lg:hidden" aria-label="Abrir menu" onClick={() => setOpen(true)}>
            <Menu className="h-5 w-5" aria-hidden />
          </Button>
          <FirmSwitcher active={active} tenants={tenants} />
          <div className="ml-auto flex items-center gap-1">
            <NotificationBell />
            <UserMenu user={user} role={active.role} />
          </div>
        </header>
        <main id="conteudo" className="mx-auto w-full max-w-7xl flex-1 p-3 sm:p-6">
          {children}
        </main>
      </div>
    </div>
  );
}

function FirmSwitcher({ active, tenants }: { active: Firm; tenants: Firm[] }) {
  const router = useRouter();
  const client = useQueryClient();
  const { show } = useToast();
  async function select(id: string) {
    if (id === active.id) return;
    try {
      await apiFetch('/api/me/tenant', { method: 'PUT', body: { tenantId: id } });
      client.clear(); // another firm's data must never show under this one
      router.refresh();
    } catch {
      show({ title: 'Não foi possível trocar de escritório.', tone: 'error' });
    }
  }
  return (
    <Dropdown>
      <DropdownTrigger asChild>
        <Button variant="ghost" className="max-w-[60vw] px-2" aria-label={`Escritório: ${active.name}. Trocar de escritório`}>
          <FirmIcon className="h-4 w-4 text-brand-700" aria-hidden />
          <span className="truncate font-semibold">{active.name}</span>
          <ChevronsUpDown className="h-4 w-4 text-slate-500" aria-hidden />
        </Button>
      </DropdownTrigger>
      <DropdownContent align="start">
        <DropdownLabel>Seus escritórios</DropdownLabel>
        {tenants.map((t) => (
          <DropdownItem key={t.id} onSelect={() => select(t.id)}>
            <Check className={cn('h-4 w-4', t.id === active.id ? 'opacity-100' : 'opacity-0')} aria-hidden />
            <span className="flex-1 truncate">{t.name}</span>
            <span className="text-xs text-slate-600">{ROLE_LABEL[t.role]}</span>
          </DropdownItem>
        ))}
        <DropdownSeparator />
        <DropdownItem onSelect={() => router.push('/onboarding')}>Criar outro escritório</DropdownItem>
      </DropdownContent>
    </Dropdown>
  );
}

function NotificationBell() {
  const { data } = useNotifications(20);
  const unread = data?.unreadCount ?? 0;
  return (
    <Button asChild variant="ghost" size="icon" className="relative">
      <Link href="/notificacoes" aria-label={unread ? `Notificações: ${unread} não lidas` : 'Notificações'}>
        <Bell className="h-5 w-5" aria-hidden />
        {unread > 0 && (
          <span data-testid="unread-count" className="absolute -top-0.5 -right-0.5 min-w-5 rounded-full bg-red-700 px-1 text-center text-[11px] leading-5 font-semibold text-white">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </Link>
    </Button>
  );
}

function UserMenu({ user, role }: { user: { email: string | null; name: string | null }; role: Role }) {
  const router = useRouter();
  const client = useQueryClient();
  async function signOut() {
    await apiFetch('/api/auth/sign-out', { method: 'POST' }).catch(() => undefined);
    client.clear();
    router.replace('/entrar');
    router.refresh();
  }
  return (
    <Dropdown>
      <DropdownTrigger asChild>
        <Button variant="ghost" size="icon" aria-label="Menu do usuário">
          <User className="h-5 w-5" aria-hidden />
        </Button>
      </DropdownTrigger>
      <DropdownContent>
        <DropdownLabel>
          <span className="block font-medium text-slate-900">{user.name ?? user.email ?? 'Usuário'}</span>
          {user.name && user.email && <span className="block">{user.email}</span>}
          <span className="block">{ROLE_LABEL[role]}</span>
        </DropdownLabel>
        <DropdownSeparator />
        <DropdownItem onSelect={() => router.push('/configuracoes')}>Configurações</DropdownItem>
        <DropdownItem onSelect={signOut}>
          <LogOut className="h-4 w-4" aria-hidden /> Sair
        </DropdownItem>
      </DropdownContent>
    </Dropdown>
  );
}
