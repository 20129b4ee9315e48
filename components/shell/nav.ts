import { Bell, Building2, FileClock, Gauge, GitCompareArrows, HandCoins, Landmark, ListChecks, Settings } from 'lucide-react';

// Only pages that exist are linked.
export const NAV = [
  { href: '/', label: 'Painel', icon: Gauge },
  { href: '/transacoes', label: 'Transações', icon: ListChecks },
  { href: '/contas', label: 'Contas', icon: Landmark },
  { href: '/conciliacao', label: 'Conciliação', icon: GitCompareArrows },
  { href: '/cobrancas', label: 'Cobranças', icon: HandCoins },
  { href: '/notificacoes', label: 'Notificações', icon: Bell },
  { href: '/auditoria', label: 'Auditoria', icon: FileClock },
  { href: '/configuracoes', label: 'Configurações', icon: Settings },
] as const;

export const FirmIcon = Building2;
