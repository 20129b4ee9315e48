'use client';
// "Vincular pagador": a payer's CPF/CNPJ → an Advbox client, so the next
// computation proposes that client for this payer's credits. The row only
// has the masked document, so the person types it (from the statement or the
// bank's receipt); the visible digits of the mask are checked before sending.
// The client comes from a search over the firm's Advbox clients.
import { Link2, Search } from 'lucide-react';
import { useDeferredValue, useId, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent } from '@/components/ui/dialog';
import { Field, Input } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { useToast } from '@/components/ui/toast';
import type { ReconRowDto } from '@/lib/hooks/types';
import { useAdvboxCustomers, useLinkPayer } from '@/lib/hooks/use-reconciliation';

/** Whether typed digits fit a masked document (***.456.789-**): same length, same visible digits. */
export function fitsMask(typed: string, masked: string | null): boolean {
  if (!masked) return true;
  const digits = typed.replace(/\D/g, '');
  const pattern = masked.replace(/[^\d*]/g, '');
  if (digits.length !== pattern.length) return false;
  return [...pattern].every((ch, i) => ch === '*' || ch === digits[i]);
}

export function LinkDialog({ row, onClose }: { row: ReconRowDto; onClose: () => void }) {
  const t = row.transaction;
  const [doc, setDoc] = useState('');
  const [docError, setDocError] = useState<string | null>(null);
  const [q, setQ] = useState(t.payerName ?? '');
  const deferred = useDeferredValue(q.trim());
  const [chosen, setChosen] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const customers = useAdvboxCustomers(deferred, { limit: 8 });
  const link = useLinkPayer();
  const { show } = useToast();
  const listId = useId();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    if (!fitsMask(doc, t.payerDocument)) {
      setDocError(t.payerDocument ? `O documento não confere com o do extrato (${t.payerDocument}).` : 'Informe um CPF ou CNPJ.');
      return;
    }
    setDocError(null);
    const customer = customers.data?.items.find((c) => c.id === chosen);
    if (!chosen || !customer) {
      setFormError('Escolha o cliente na lista.');
      return;
    }
    link.mutate(
      { payerDocument: doc, customerId: chosen, ...(t.payerName ? { payerName: t.payerName } : {}) },
      {
        onSuccess: (m) => {
          show({ title: 'Pagador vinculado.', description: `Os créditos deste pagador serão propostos para ${m.customerName}.`, tone: 'success' });
          onClose();
        },
        onError: (err) => setFormError(err.message),
      },
    );
  }

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent title="Vincular pagador a um cliente" description={`${t.payerName ?? t.description}${t.payerDocument ? ` · ${t.payerDocument}` : ''}`}>
        <form onSubmit={submit} className="flex flex-col gap-4" aria-label="Vincular pagador" noValidate>
          <Field id="link-doc" label="CPF/CNPJ do pagador" error={docError} hint={t.payerDocument ? `Como no comprovante; o extrato mostra ${t.payerDocument}.` : undefined}>
            <Input
              id="link-doc"
              inputMode="numeric"
              autoComplete="off"
              value={doc}
              onChange={(e) => {
                setDoc(e.target.value);
                setDocError(null);
              }}
              aria-invalid={docError ? true : undefined}
              aria-describedby={docError ? 'link-doc-error' : t.payerDocument ? 'link-doc-hint' : undefined}
              placeholder="000.000.000-00"
            />
          </Field>
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-1.5 text-sm font-medium text-slate-800">Cliente do Advbox</legend>
            <label htmlFor="link-q" className="sr-only">
              Buscar cliente por nome ou CPF/CNPJ
            </label>
            <div className="relative">
              <Search className="pointer-events-none absolute top-1/2 left-3 h-4 w-4 -translate-y-1/2 text-slate-500" aria-hidden />
              <Input id="link-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Nome ou CPF/CNPJ do cliente" className="pl-9" aria-controls={listId} />
            </div>
            <div id={listId} className="max-h-64 overflow-y-auto rounded-md border border-slate-200" aria-live="polite">
              {customers.isError ? (
                <p role="alert" className="p-3 text-sm text-red-800">
                  {customers.error.message}
                </p>
              ) : customers.isPending ? (
                <div className="flex flex-col gap-1 p-2">
                  <Skeleton className="h-8" />
                  <Skeleton className="h-8" />
                </div>
              ) : customers.data.items.length === 0 ? (
                <p className="p-3 text-sm text-slate-600">Nenhum cliente encontrado{deferred ? ` para “${deferred}”` : ''}.</p>
              ) : (
                <ul className="divide-y divide-slate-100">
                  {customers.data.items.map((c) => (
                    <li key={c.id}>
                      <label className="flex cursor-pointer items-center gap-3 px-3 py-2 text-sm hover:bg-slate-50 has-[:checked]:bg-brand-50">
                        <input type="radio" name="customer" value={c.id} checked={chosen === c.id} onChange={() => setChosen(c.id)} className="h-4 w-4 accent-brand-700" />
                        <span className="min-w-0">
                          <span className="block truncate font-medium text-slate-900">{c.name}</span>
                          <span className="block text-xs text-slate-600">{[c.document, c.city && `${c.city}${c.state ? `/${c.state}` : ''}`].filter(Boolean).join(' · ') || 'Sem documento'}</span>
                        </span>
                      </label>
                    </li>
                  ))}
                  {customers.data.total > customers.data.items.length && (
                    <li className="px-3 py-2 text-xs text-slate-600">
                      Mais {(customers.data.total - customers.data.items.length).toLocaleString('pt-BR')} clientes: refine a busca.
                    </li>
                  )}
                </ul>
              )}
            </div>
          </fieldset>
          {formError && (
            <p role="alert" className="text-sm text-red-700">
              {formError}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button variant="ghost">Cancelar</Button>
            </DialogClose>
            <Button type="submit" disabled={link.isPending}>
              <Link2 className="h-4 w-4" aria-hidden /> Vincular
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
