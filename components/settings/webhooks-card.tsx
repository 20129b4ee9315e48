'use client';
// Pluggy webhooks: whether the firm's events are registered, and the button
// that registers them (or re-registers them with a new secret).
import { RefreshCw, Webhook } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardTitle } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { ErrorState } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { formatDateTime } from '@/lib/format';
import { useSetupWebhooks, useWebhooks } from '@/lib/hooks/use-settings';

export function WebhooksCard() {
  const q = useWebhooks();
  const setup = useSetupWebhooks();
  const { show } = useToast();
  const hooks = q.data?.webhooks ?? [];
  const since = hooks.length ? hooks.map((h) => h.createdAt).sort()[0]! : null;

  function run() {
    setup.mutate(undefined, {
      onSuccess: (r) => show({ title: r.rotated ? 'Webhooks registrados de novo, com um segredo novo.' : 'Webhooks registrados.', tone: 'success' }),
      onError: (e) => show({ title: e.message, tone: 'error' }),
    });
  }

  return (
    <Card>
      <div className="flex flex-col gap-3">
        <CardTitle>Avisos do banco (webhooks do Pluggy)</CardTitle>
        <p className="text-sm text-slate-600">Com os webhooks, pagamentos novos chegam sozinhos, sem esperar a próxima sincronização.</p>
        {q.isPending ? (
          <Skeleton className="h-6 w-64" />
        ) : q.isError ? (
          <ErrorState message={q.error.message} onRetry={() => q.refetch()} />
        ) : hooks.length ? (
          <p className="flex flex-wrap items-center gap-2 text-sm">
            <Badge tone="success">Ativos</Badge>
            {hooks.length} eventos registrados desde {formatDateTime(since!)}.
          </p>
        ) : (
          <p className="flex flex-wrap items-center gap-2 text-sm">
            <Badge tone="warning">Não registrados</Badge>
            Registre para receber os pagamentos em tempo real (usa as credenciais do Pluggy acima).
          </p>
        )}
        <div>
          <Button variant="secondary" onClick={run} disabled={setup.isPending}>
            {hooks.length ? <RefreshCw className="h-4 w-4" aria-hidden /> : <Webhook className="h-4 w-4" aria-hidden />}
            {setup.isPending ? 'Registrando…' : hooks.length ? 'Registrar de novo (novo segredo)' : 'Registrar webhooks'}
          </Button>
        </div>
      </div>
    </Card>
  );
}
