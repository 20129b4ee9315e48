import type { Transaction } from 'pluggy-sdk';
import { describe, expect, it } from 'vitest';
import { createdAtFromOf, eventItemId, WebhookPayload } from '@/lib/pluggy/webhooks/payload';
import { secretsEqual, secretHash } from '@/lib/pluggy/webhooks/secret';
import { webhookUrl } from '@/lib/pluggy/webhooks/setup';
import { toTransactionRow } from './map';

const base = {
  id: 'tx-1',
  accountId: 'acc-1',
  description: ' PIX RECEBIDO ',
  descriptionRaw: null,
  currencyCode: 'BRL',
  amount: 1234.56,
  balance: 0.1 + 0.2,
  category: 'Transfer',
  categoryId: '05000000',
  type: 'CREDIT',
  operationType: 'PIX',
  createdAt: new Date('2026-11-30T23:59:00Z'),
  updatedAt: new Date('2026-11-30T23:59:00Z'),
} as unknown as Transaction;

describe('toTransactionRow', () => {
  it('keeps the UTC calendar day, exact cents and the payer document as digits', () => {
    const row = toTransactionRow({
      ...base,
      // 21:00 in São Paulo on the 30th is still the 1st in UTC: Pluggy's day is the UTC one.
      date: new Date('2026-12-01T00:00:00.000Z'),
      paymentData: { payer: { name: 'JOAO DA SILVA', documentNumber: { type: 'CPF', value: '529.982.247-25' } }, paymentMethod: 'PIX', referenceNumber: 'E123' },
    } as Transaction);
    expect(row).toMatchObject({ date: '2026-12-01', amount: '1234.56', balance: '0.30', description: 'PIX RECEBIDO', payerDocument: '52998224725', payerDocumentType: 'CPF', paymentMethod: 'PIX', referenceNumber: 'E123' });
  });

  it('drops a masked document and tolerates a missing payer', () => {
    const masked = toTransactionRow({ ...base, date: new Date('2026-11-02T00:00:00Z'), paymentData: { payer: { name: 'X', documentNumber: { type: 'CPF', value: '***.982.247-**' } } } } as Transaction);
    expect(masked).toMatchObject({ payerDocument: null, payerDocumentType: null, payerName: 'X' });
    const none = toTransactionRow({ ...base, date: new Date('2026-11-02T00:00:00Z'), type: 'DEBIT', amount: -0.07 } as Transaction);
    expect(none).toMatchObject({ type: 'DEBIT', amount: '-0.07', payerName: null, paymentMethod: null });
  });
});

describe('webhook payloads and secrets', () => {
  it('finds the item and createdAtFrom (field or link)', () => {
    const p = WebhookPayload.parse({ event: 'transactions/created', eventId: 'e1', itemId: 'i1', createdTransactionsLink: '/v2/transactions?accountId=a&createdAtFrom=2026-11-30T10%3A00%3A00.000Z' });
    expect(eventItemId(p)).toBe('i1');
    expect(createdAtFromOf(p)).toBe('2026-11-30T10:00:00.000Z');
    expect(eventItemId(WebhookPayload.parse({ event: 'item/updated', eventId: 'e2', id: 'i2' }))).toBe('i2');
    expect(WebhookPayload.safeParse({ event: 'x' }).success).toBe(false);
  });

  it('compares secrets of any length without throwing; the URL names the tenant', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
    expect(secretsEqual('', 'abc')).toBe(false);
    expect(secretHash('a')).toHaveLength(64);
    expect(webhookUrl('https://app.example.com', 't1', 'ab12')).toBe('https://app.example.com/api/webhooks/pluggy?tenant=t1&v=ab12');
  });
});
