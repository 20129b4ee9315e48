'use client';
// Rejecting is permanent (the pair is never proposed again), so it asks once;
// the Rejeitar button has the focus, so the keyboard flow is r, Enter.
import { X } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent } from '@/components/ui/dialog';
import { useToast } from '@/components/ui/toast';
import { formatBRL } from '@/lib/format';
import type { ReconRowDto } from '@/lib/hooks/types';
import { useRejectReconciliation } from '@/lib/hooks/use-reconciliation';

export function RejectDialog({ row, onClose }: { row: ReconRowDto; onClose: () => void }) {
  const reject = useRejectReconciliation();
  const { show } = useToast();
  const customer = row.customer!;
  const payer = row.transaction.payerName ?? row.transaction.description;
  function submit() {
    reject.mutate(
      { transactionId: row.transaction.id, customerId: customer.id },
      {
        onSuccess: () => show({ title: 'Proposta rejeitada.', description: `${customer.name} não será mais proposto para este crédito.`, tone: 'success' }),
        onError: (e) => show({ title: 'Não foi possível rejeitar.', description: e.message, tone: 'error' }),
      },
    );
    onClose();
  }
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent title="Rejeitar esta proposta?" description={`${formatBRL(row.transaction.amount)} de ${payer} → ${customer.name}. Este par não será proposto de novo.`}>
        <div className="flex justify-end gap-2">
          <DialogClose asChild>
            <Button variant="ghost">Cancelar</Button>
          </DialogClose>
          <Button variant="danger" onClick={submit} autoFocus>
            <X className="h-4 w-4" aria-hidden /> Rejeitar
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
