// COPY text rows for the synthetic data set. Column lists are next to the
// row builders so they cannot drift apart; omitted columns take their
// database defaults (currency BRL, status POSTED, …).
import { randomUUID } from 'node:crypto';
import type { Calendar } from './calendar';
import { copyField, copyRow } from './copy';
import { centsToDecimal } from './money';
import type { PlannedTenant } from './plan';
import type { SyntheticTransaction } from './transactions';

export const TENANT_COLUMNS = ['id', 'name', 'slug', 'created_at', 'updated_at'] as const;
export const SETTINGS_COLUMNS = ['id', 'tenant_id', 'company_name', 'created_at', 'updated_at'] as const;
export const ITEM_COLUMNS = [
  'id', 'tenant_id', 'pluggy_item_id', 'connector_id', 'connector_name', 'status', 'execution_status',
  'last_updated_at', 'last_synced_at', 'created_at', 'updated_at',
] as const;
export const ACCOUNT_COLUMNS = [
  'id', 'tenant_id', 'pluggy_item_db_id', 'pluggy_account_id', 'type', 'subtype', 'name', 'number', 'balance',
  'owner_name', 'tax_number', 'created_at', 'updated_at',
] as const;
export const TRANSACTION_COLUMNS = [
  'id', 'tenant_id', 'pluggy_account_db_id', 'pluggy_transaction_id', 'date', 'description', 'type', 'amount',
  'category', 'operation_type', 'payment_method', 'payer_name', 'payer_document', 'payer_document_type',
  'receiver_name', 'ignored', 'ignored_at', 'ignored_by', 'created_at', 'updated_at',
] as const;

export const SEED_ACTOR = 'synthetic-seed';

/** Rows for tenants, tenant_settings, pluggy_items and pluggy_accounts. */
export function tenantRows(tenants: readonly PlannedTenant[], newId: () => string, now: string) {
  const rows = { tenants: '', settings: '', items: '', accounts: '' };
  for (const t of tenants) {
    rows.tenants += copyRow([t.id, t.profile.name, t.slug, now, now]);
    rows.settings += copyRow([newId(), t.id, t.profile.companyName, now, now]);
    for (const item of t.items) {
      rows.items += copyRow([
        item.id, t.id, item.pluggyItemId, item.connector.id, item.connector.name, 'UPDATED', 'SUCCESS', now, now, now, now,
      ]);
      for (const a of item.accounts) {
        rows.accounts += copyRow([
          a.id, t.id, item.id, a.pluggyAccountId, a.shape.type, a.shape.subtype, a.shape.name, a.shape.number,
          centsToDecimal(a.shape.balanceCents), t.profile.name, t.profile.cnpj, now, now,
        ]);
      }
    }
  }
  return rows;
}

// Hot path (a million calls): string concatenation, no intermediate arrays.
export function transactionRow(
  id: string,
  tenantId: string,
  accountId: string,
  tx: SyntheticTransaction,
  cal: Calendar,
  now: string,
): string {
  return (
    id + '\t' + tenantId + '\t' + accountId + '\t' + randomUUID() + '\t' + cal.days[tx.day]! + '\t' +
    copyField(tx.description) + '\t' + tx.type + '\t' + centsToDecimal(tx.amountCents) + '\t' +
    copyField(tx.category) + '\t' + copyField(tx.operationType) + '\t' + copyField(tx.paymentMethod) + '\t' +
    copyField(tx.payerName) + '\t' + copyField(tx.payerDocument) + '\t' + copyField(tx.payerDocumentType) + '\t' +
    copyField(tx.receiverName) + '\t' + (tx.ignored ? 't\t' + now + '\t' + SEED_ACTOR : 'f\t\\N\t\\N') + '\t' +
    now + '\t' + now + '\n'
  );
}
