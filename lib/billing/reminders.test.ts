import { describe, expect, it } from 'vitest';
import {
  bucketOf,
  buildBillingView,
  daysBetween,
  greetingName,
  mailtoUrl,
  normalizeEmail,
  normalizePhoneBR,
  parseAmountQuery,
  reminderMessage,
  whatsappUrl,
  type BillingReceivableInput,
} from './reminders';

describe('bucketOf', () => {
  it('splits by due date against today, next 7 days as soon', () => {
    expect(bucketOf('2026-11-30', '2026-12-01')).toBe('overdue');
    expect(bucketOf('2025-01-01', '2026-12-01')).toBe('overdue');
    expect(bucketOf('2026-12-01', '2026-12-01')).toBe('today');
    expect(bucketOf('2026-12-02', '2026-12-01')).toBe('soon');
    expect(bucketOf('2026-12-08', '2026-12-01')).toBe('soon');
    expect(bucketOf('2026-12-09', '2026-12-01')).toBe('later');
    // Across a month and a year boundary, and a leap day.
    expect(daysBetween('2026-12-28', '2027-01-02')).toBe(5);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
  });
});

describe('normalizePhoneBR', () => {
  it.each([
    ['(11) 98765-4321', '+5511987654321'],
    ['+55 11 98765-4321', '+5511987654321'],
    ['5511987654321', '+5511987654321'],
    ['0055 11 98765 4321', '+5511987654321'],
    ['011 98765-4321', '+5511987654321'],
    ['0 21 11 98765-4321', '+5511987654321'],
    ['(21) 3333-4444', '+552133334444'],
    ['021 3333-4444', '+552133334444'],
  ])('%s → %s', (input, out) => expect(normalizePhoneBR(input)).toBe(out));

  it.each([[null], [''], ['12345'], ['(01) 98765-4321'], ['(11) 88765-43210'], ['(11) 18765-4321'], ['(11) 8765-4321'], ['+1 415 555 0100 99']])('rejects %s', (input) =>
    expect(normalizePhoneBR(input)).toBeNull(),
  );
});

describe('normalizeEmail', () => {
  it('keeps plausible addresses and refuses the rest', () => {
    expect(normalizeEmail(' maria@exemplo.com.br ')).toBe('maria@exemplo.com.br');
    expect(normalizeEmail('maria@exemplo')).toBeNull();
    expect(normalizeEmail('maria exemplo@x.com')).toBeNull();
    expect(normalizeEmail('a@b.com?cc=c@d.com')).toBeNull();
    expect(normalizeEmail(null)).toBeNull();
  });
});

describe('reminderMessage', () => {
  const base = { customerName: 'MARIA DA SILVA', customerDocument: '12345678909', amount: '1500.00', description: 'Honorários — parcela 3/10', firmName: 'Silva & Souza Advogados', today: '2026-12-01' };

  it('overdue: polite, amount in R$, due date dd/mm/aaaa, firm name, asks for the receipt', () => {
    const m = reminderMessage({ ...base, dueDate: '2026-11-20' });
    expect(m.text).toContain('Olá, Maria!');
    expect(m.text).toContain('R$ 1.500,00');
    expect(m.text).not.toContain('\u00a0');
    expect(m.text).toContain('20/11/2026');
    expect(m.text).toContain('Aqui é do escritório Silva & Souza Advogados: consta em aberto');
    expect(m.text).toContain('"Honorários — parcela 3/10"');
    expect(m.text).toContain('desconsidere');
    expect(m.subject).toBe('Pagamento em aberto — vencimento 20/11/2026');
  });

  it('today and soon are reminders, not charges', () => {
    expect(reminderMessage({ ...base, dueDate: '2026-12-01' }).text).toContain('vence hoje, 01/12/2026');
    const soon = reminderMessage({ ...base, dueDate: '2026-12-05', description: null });
    expect(soon.text).toContain('o pagamento no valor de R$ 1.500,00 vence em 05/12/2026');
    expect(soon.text).not.toContain('desconsidere');
    expect(soon.subject).toContain('Lembrete');
  });

  it('does not say "escritório" twice', () => {
    expect(reminderMessage({ ...base, firmName: 'Escritório Lima', dueDate: '2026-12-05' }).text).toContain('Aqui é do Escritório Lima:');
  });

  it('does not shout an upper-case Advbox description', () => {
    expect(reminderMessage({ ...base, description: 'HONORÁRIOS PARCELA 2/6', dueDate: '2026-12-05' }).text).toContain('"Honorários parcela 2/6"');
    expect(reminderMessage({ ...base, description: 'Acordo TRT', dueDate: '2026-12-05' }).text).toContain('"Acordo TRT"');
  });

  it('greets a company by its name and a person by first name', () => {
    expect(greetingName('CONSTRUTORA ALFA LTDA', '12345678000195')).toBe('Construtora Alfa Ltda');
    expect(greetingName('JOSÉ DE ALMEIDA', null)).toBe('José');
  });
});

describe('links', () => {
  const text = 'Olá, Maria!\n\nValor: R$ 1.500,00 & "juros" 100% #1 ?';

  it('wa.me carries the digits and the whole message URL-encoded', () => {
    const url = whatsappUrl('+5511987654321', text);
    expect(url.startsWith('https://wa.me/5511987654321?text=')).toBe(true);
    const parsed = new URL(url);
    expect(parsed.searchParams.get('text')).toBe(text);
    expect(url).not.toMatch(/[ \n&#"](?!.*=)/);
    expect(url).toContain('%26');
    expect(url).toContain('%0A');
  });

  it('mailto: encodes subject and body, line breaks as CRLF, and nothing can add a header', () => {
    const url = mailtoUrl('maria@exemplo.com.br', 'Pagamento & vencimento', text);
    expect(url.startsWith('mailto:maria@exemplo.com.br?subject=Pagamento%20%26%20vencimento&body=')).toBe(true);
    const body = decodeURIComponent(url.split('&body=')[1]!);
    expect(body).toBe(text.replace(/\n/g, '\r\n'));
    expect(url.split('&')).toHaveLength(2);
  });
});

describe('parseAmountQuery', () => {
  it('reads pt-BR amounts', () => {
    expect(parseAmountQuery('1.500,00')).toEqual({ cents: 150000, exact: true });
    expect(parseAmountQuery('R$ 1500,5')).toEqual({ cents: 150050, exact: true });
    expect(parseAmountQuery('1500')).toEqual({ cents: 150000, exact: false });
    expect(parseAmountQuery('maria')).toBeNull();
    expect(parseAmountQuery('1,2,3')).toBeNull();
  });
});

describe('buildBillingView', () => {
  const customer = (id: number, name: string, extra: Partial<BillingReceivableInput['customer']> = {}) => ({ id, name, document: '12345678909', email: null, phone: null, cellphone: null, ...extra });
  const items: BillingReceivableInput[] = [
    { id: 1, cents: 150000, due: '2026-11-20', desc: 'Parcela 1', customer: customer(10, 'MARIA DA SILVA', { cellphone: '(11) 98765-4321', email: 'maria@exemplo.com.br' }) },
    { id: 2, cents: 99, due: '2026-10-01', desc: 'Custas', customer: customer(11, 'JOÃO PEREIRA') },
    { id: 3, cents: 20000, due: '2026-12-01', desc: 'Parcela 2', customer: customer(10, 'MARIA DA SILVA', { phone: '1133334444' }) },
    { id: 4, cents: 30001, due: '2026-12-08', desc: null, customer: customer(12, 'ANA LIMA') },
    { id: 5, cents: 50000, due: '2026-12-20', desc: 'Acordo', customer: customer(12, 'ANA LIMA') },
  ];
  const ctx = { today: '2026-12-01', firmName: 'Escritório Teste', fetchedAt: '2026-12-01T12:00:00.000Z', complete: true };

  it('summarises every bucket exactly (cents) and pages the one asked for, oldest due first', () => {
    const v = buildBillingView(items, ctx, { bucket: 'overdue', limit: 1, offset: 0 });
    expect(v.summary).toEqual({
      overdue: { count: 2, amount: '1500.99' },
      today: { count: 1, amount: '200.00' },
      soon: { count: 1, amount: '300.01' },
      all: { count: 5, amount: '2501.00' },
    });
    expect(v.page).toEqual({ total: 2, limit: 1, offset: 0 });
    expect(v.rows.map((r) => r.id)).toEqual(['2']);
    expect(v.rows[0]).toMatchObject({ amount: '0.99', dueDate: '2026-10-01', daysOverdue: 61, bucket: 'overdue', customer: { name: 'João Pereira', document: expect.stringContaining('*'), phone: null, email: null } });
    expect(v.rows[0]!.reminder.whatsappUrl).toBeNull();
    expect(v.rows[0]!.reminder.mailtoUrl).toBeNull();
    expect(buildBillingView(items, ctx, { bucket: 'overdue', limit: 1, offset: 1 }).rows.map((r) => r.id)).toEqual(['1']);
  });

  it('builds the hand-off links from the cellphone, else the phone', () => {
    const [maria] = buildBillingView(items, ctx, { bucket: 'overdue', limit: 10, offset: 0 }).rows.filter((r) => r.id === '1');
    expect(maria!.customer.phone).toBe('+5511987654321');
    expect(maria!.reminder.whatsappUrl).toMatch(/^https:\/\/wa\.me\/5511987654321\?text=Ol%C3%A1%2C%20Maria!/);
    expect(maria!.reminder.mailtoUrl).toMatch(/^mailto:maria@exemplo\.com\.br\?subject=/);
    const [today] = buildBillingView(items, ctx, { bucket: 'today', limit: 10, offset: 0 }).rows;
    expect(today!.customer.phone).toBe('+551133334444');
    expect(today!.daysOverdue).toBe(0);
  });

  it('all lists every open receivable, later ones included; q searches name, description and amount', () => {
    expect(buildBillingView(items, ctx, { bucket: 'all', limit: 50, offset: 0 }).rows.map((r) => r.id)).toEqual(['2', '1', '3', '4', '5']);
    const byName = buildBillingView(items, ctx, { bucket: 'all', q: 'joao', limit: 50, offset: 0 });
    expect(byName.rows.map((r) => r.id)).toEqual(['2']);
    expect(byName.summary.all).toEqual({ count: 1, amount: '0.99' });
    expect(buildBillingView(items, ctx, { bucket: 'all', q: 'acordo', limit: 50, offset: 0 }).rows.map((r) => r.id)).toEqual(['5']);
    expect(buildBillingView(items, ctx, { bucket: 'all', q: '300,01', limit: 50, offset: 0 }).rows.map((r) => r.id)).toEqual(['4']);
    expect(buildBillingView(items, ctx, { bucket: 'all', q: '1500', limit: 50, offset: 0 }).rows.map((r) => r.id)).toEqual(['1']);
  });
});
