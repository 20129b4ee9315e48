'use client';
import { CheckCheck } from 'lucide-react';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Skeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { formatDateTime } from '@/lib/format';
import { PAGE_LIMIT } from '@/components/notifications/limit';
import { useMarkAllNotificationsRead, useMarkNotificationRead, useNotifications } from '@/lib/hooks/use-notifications';


export function NotificationsView() {
  const q = useNotifications(PAGE_LIMIT);
  const markOne = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold">Notificações</h1>
          {q.data && <p className="text-sm text-slate-600">{q.data.unreadCount ? `${q.data.unreadCount} não lidas` : 'Tudo lido'}</p>}
        </div>
        {q.data && q.data.unreadCount > 0 && (
          <Button variant="secondary" onClick={() => markAll.mutate()}>
            <CheckCheck className="h-4 w-4" aria-hidden /> Marcar todas como lidas
          </Button>
        )}
      </div>
      {q.isPending ? (
        <div className="flex flex-col gap-2">{[0, 1, 2].map((i) => <Skeleton key={i} className="h-16" />)}</div>
      ) : q.isError ? (
        <ErrorState message={q.error.message} onRetry={() => q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <EmptyState title="Nenhuma notificação." hint="Avisos de sincronização, novas sugestões e erros aparecem aqui." />
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
          {q.data.items.map((n) => (
            <li key={n.id} className={cn('flex flex-col gap-1 p-4 sm:flex-row sm:items-start sm:justify-between', !n.read && 'bg-brand-50/50')}>
              <div className="min-w-0">
                <p className="flex flex-wrap items-center gap-2 font-medium">
                  {!n.read && <Badge tone="info">Nova</Badge>}
                  {n.link ? <Link href={n.link} className="underline">{n.title}</Link> : n.title}
                </p>
                {n.body && <p className="text-sm text-slate-700">{n.body}</p>}
                <p className="text-xs text-slate-600">{formatDateTime(n.createdAt)}</p>
              </div>
              <Button variant="ghost" size="sm" onClick={() => markOne.mutate({ id: n.id, read: !n.read })}>
                {n.read ? 'Marcar como não lida' : 'Marcar como lida'}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
