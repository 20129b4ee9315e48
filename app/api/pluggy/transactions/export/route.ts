import { tenantRoute } from '@/lib/api/route';
import { todaySP } from '@/lib/format/date';
import { transactionsCsv } from '@/lib/pluggy/transaction-export';
import { TransactionExportQuerySchema } from '@/lib/pluggy/transaction-query';

export const dynamic = 'force-dynamic';

/** CSV of every transaction of the filter (';', decimal comma, UTF-8 BOM; formulas neutralised). */
export const GET = tenantRoute('GET /api/pluggy/transactions/export', { query: TransactionExportQuerySchema }, async ({ db, auth, query }) => {
  const rows = transactionsCsv(db, auth.tenantId, query);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await rows.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="transacoes-${todaySP()}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
