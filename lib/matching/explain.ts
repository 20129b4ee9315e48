// One explanation entry per criterion, in pt-BR, documents masked: what the
// dashboard shows and ReconciliationRecord.scoreBreakdown stores.
import { formatCnpj, formatCpf, maskDocument } from '@/lib/documents';
import type { Option } from './candidates';
import { civilFromDays } from './civil-day';
import type { PreparedTransaction } from './prepare';
import type { MatchSettings } from './settings';
import { CRITERIA, type Criterion, type MatchReason } from './types';

/** R$ 1.234,56 (integer arithmetic: exact). */
export function formatBrl(cents: number): string {
  const neg = cents < 0;
  const abs = Math.abs(cents);
  let units = String(Math.floor(abs / 100));
  for (let i = units.length - 3; i > 0; i -= 3) units = `${units.slice(0, i)}.${units.slice(i)}`;
  const rest = String(abs % 100).padStart(2, '0');
  return `${neg ? '-' : ''}R$ ${units},${rest}`;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

const dayLabels = new Map<number, string>();

/** Days since 1970-01-01 → DD/MM/YYYY (memoised: a run has few distinct due dates). */
export function formatDay(day: number): string {
  let label = dayLabels.get(day);
  if (label === undefined) {
    label = civil(day);
    if (dayLabels.size < 100_000) dayLabels.set(day, label);
  }
  return label;
}

function civil(day: number): string {
  const { y, m, d } = civilFromDays(day);
  return `${two(d)}/${two(m)}/${y}`;
}

function docLabel(type: 'CPF' | 'CNPJ', digits: string): string {
  return `${type} ${maskDocument(type === 'CPF' ? formatCpf(digits) : formatCnpj(digits))}`;
}

function maskedLabel(t: PreparedTransaction): string {
  const m = t.masked!;
  return m.type === 'CPF' ? `CPF ***.${m.middle.slice(0, 3)}.${m.middle.slice(3)}-**` : `CNPJ **.${m.middle.slice(0, 3)}.${m.middle.slice(3, 6)}/${m.middle.slice(6)}-**`;
}

function statementDoc(t: PreparedTransaction): string {
  if (t.document) return docLabel(t.document.type, t.document.digits);
  return maskedLabel(t);
}

const round2 = (v: number) => Math.round(v * 100) / 100;

function entry(criterion: Criterion, weight: number, fraction: number, counted: boolean, message: string): MatchReason {
  return {
    criterion,
    points: counted ? round2(weight * fraction) : 0,
    maxPoints: counted ? round2(weight) : 0,
    matched: counted && fraction > 0,
    message,
  };
}

function quoted(name: string | null): string {
  return name ? `"${name}"` : '';
}

function documentMessage(t: PreparedTransaction, o: Option): string {
  switch (o.evidence.document.kind) {
    case 'own':
      return `${statementDoc(t)} do pagador é o do cliente.`;
    case 'mapping':
      return `${statementDoc(t)} do pagador está vinculado a este cliente.`;
    case 'branch':
      return `${statementDoc(t)} do pagador é de outra filial da empresa do cliente.`;
    case 'masked':
      return `Dígitos visíveis do ${maskedLabel(t)} conferem com o documento do cliente.`;
    case 'masked_mapping':
      return `Dígitos visíveis do ${maskedLabel(t)} conferem com um documento vinculado ao cliente.`;
    case 'other_client':
      return `${statementDoc(t)} do pagador pertence a outro cliente.`;
    case 'unknown':
      return `${statementDoc(t)} do pagador não é o do cliente.`;
    case 'third_party':
      return `${statementDoc(t)} do pagador não é de nenhum cliente: pagamento de terceiro.`;
    case 'no_customer_document':
      return 'Cliente sem CPF/CNPJ válido cadastrado: documento do pagador não comparado.';
    case 'absent':
      return 'Extrato sem CPF/CNPJ do pagador.';
  }
}

function nameMessage(t: PreparedTransaction, o: Option): string {
  const n = o.evidence.name;
  const shown = quoted(t.shownName);
  switch (n.kind) {
    case 'mapping':
      return `Pagador ${shown || 'sem nome'} vinculado ao cliente pelo documento.`;
    case 'exact':
      return `Nome do pagador ${shown} igual ao do cliente.`;
    case 'equivalent':
      return `Nome do pagador ${shown} equivale ao do cliente (abreviado, truncado ou com erro de grafia).`;
    case 'partial':
      return `Nome do pagador ${shown} só em parte igual ao do cliente.`;
    case 'family':
      return `Pagador ${shown} tem sobrenome do cliente, mas outro prenome.`;
    case 'different':
      return `Nome do pagador ${shown} difere do cliente.`;
    case 'absent':
      return n.counted ? 'Extrato sem nome nem documento do pagador: cliente não identificado.' : 'Extrato sem nome do pagador.';
    case 'relative':
      return `Pagador ${shown} tem o sobrenome do cliente: possível familiar pagando por ele.`;
    case 'by_amount':
      return 'Extrato sem nome nem documento do pagador: único recebível em aberto com esse valor e vencimento próximo.';
  }
}

function contactMessage(o: Option): string {
  switch (o.evidence.contact.kind) {
    case 'email':
      return 'E-mail do pagador igual ao do cliente.';
    case 'phone':
      return 'Telefone do pagador igual ao do cliente.';
    case 'different':
      return 'Contato do pagador difere do cadastrado no cliente.';
    case 'no_customer_contact':
      return 'Cliente sem o tipo de contato informado pelo pagador: não comparado.';
    case 'absent':
      return 'Extrato sem e-mail ou telefone do pagador.';
  }
}

function amountMessage(t: PreparedTransaction, o: Option): string {
  const paid = formatBrl(t.cents);
  const due = o.receivables.reduce((s, r) => s + r.cents, 0);
  switch (o.amount) {
    case 'exact':
      return `Valor ${paid} igual ao do recebível.`;
    case 'split': {
      const parts = o.receivables.map((r) => formatBrl(r.cents)).join(' + ');
      const fee = due - t.cents;
      return `Valor ${paid} paga ${o.receivables.length} recebíveis do cliente (${parts})${fee > 0 ? `, menos tarifa de ${formatBrl(fee)}` : ''}.`;
    }
    case 'fee':
      return `Valor ${paid} é o do recebível (${formatBrl(due)}) menos tarifa bancária de ${formatBrl(due - t.cents)}.`;
    case 'over':
      return `Valor ${paid} acima do recebível (${formatBrl(due)}): possível multa ou juros de atraso.`;
    case 'partial':
      return `Pagamento parcial: ${paid} de ${formatBrl(due)} do recebível.`;
    case 'none':
      return `Nenhum recebível em aberto do cliente compatível com ${paid}.`;
  }
}

function dateMessage(o: Option): string {
  if (o.receivables.length === 0) return 'Sem recebível para comparar a data.';
  const due = formatDay(o.receivables[0]!.dueDay);
  const d = o.daysLate;
  const days = Math.abs(d) === 1 ? '1 dia' : `${Math.abs(d)} dias`;
  const when = d === 0 ? `Pago no dia do vencimento (${due}).` : d < 0 ? `Pago ${days} antes do vencimento (${due}).` : `Pago ${days} após o vencimento (${due}).`;
  if (o.instalment === 'oldest') return `${when.slice(0, -1)}; é a parcela em aberto mais antiga desse valor, quitada primeiro.`;
  if (o.instalment === 'named') return `${when.slice(0, -1)}; a descrição do lançamento indica esta parcela.`;
  return when;
}

export function explainOption(t: PreparedTransaction, o: Option, s: MatchSettings): MatchReason[] {
  const w = s.weights;
  const ev = o.evidence;
  return [
    entry('document', w.document, ev.document.fraction, ev.document.counted, documentMessage(t, o)),
    entry('name', w.name, ev.name.fraction, ev.name.counted, nameMessage(t, o)),
    entry('contact', w.contact, ev.contact.fraction, ev.contact.counted, contactMessage(o)),
    entry('amount', w.amount, o.amountFraction, true, amountMessage(t, o)),
    entry('date', w.date, o.dateFraction, true, dateMessage(o)),
  ];
}

function fixedReasons(amountMessage: string, otherMessage: string): MatchReason[] {
  return Object.freeze(
    CRITERIA.map((c) => Object.freeze({ criterion: c, points: 0, maxPoints: 0, matched: false, message: c === 'amount' ? amountMessage : otherMessage })),
  ) as MatchReason[];
}

const DEBIT_REASONS = fixedReasons('Débito: saídas não são conciliadas com recebíveis.', 'Não avaliado: lançamento de débito.');
const NON_PAYMENT_REASONS = fixedReasons('Lançamento sem pagador (rendimento, estorno ou transferência própria).', 'Não avaliado: lançamento sem pagador.');

/** No client was worth proposing: say what the statement gave and why it led nowhere. */
export function explainNoCandidate(t: PreparedTransaction, s: MatchSettings): MatchReason[] {
  const w = s.weights;
  // The same words for every debit: one shared, frozen explanation.
  if (t.debit) return DEBIT_REASONS;
  const hasDoc = t.document !== null || t.masked !== null;
  const hasContact = t.emails.length > 0 || t.phones.length > 0;
  const hasName = t.names.length > 0;
  if (t.nonPayment && t.anonymous) return NON_PAYMENT_REASONS;
  return [
    entry('document', w.document, 0, hasDoc, hasDoc ? `${statementDoc(t)} do pagador não pertence a nenhum cliente.` : 'Extrato sem CPF/CNPJ do pagador.'),
    entry(
      'name',
      w.name,
      0,
      hasName || (!hasDoc && !hasContact),
      hasName ? `Nenhum cliente com nome parecido com ${quoted(t.shownName)}.` : 'Extrato sem nome do pagador.',
    ),
    entry('contact', w.contact, 0, hasContact, hasContact ? 'Contato do pagador não pertence a nenhum cliente.' : 'Extrato sem e-mail ou telefone do pagador.'),
    entry('amount', w.amount, 0, true, t.cents > 0 ? `Nenhum recebível compatível com ${formatBrl(t.cents)} de cliente identificado.` : 'Crédito de valor zero.'),
    entry('date', w.date, 0, true, 'Sem recebível para comparar a data.'),
  ];
}
