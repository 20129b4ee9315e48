// One bank-statement line for a firm, Pluggy-shaped. Credits are mostly fee
// payments from clients (PIX > TED > boleto); debits are the firm's running
// costs. Amounts are integer cents (signed: CREDIT > 0, DEBIT < 0).
import { CONNECTORS } from './accounts';
import type { Calendar } from './calendar';
import type { FirmProfile, Party } from './firm';
import { logUniformCents } from './money';
import { pick, pickWeighted, type Rng } from './rng';

export type PaymentMethod = 'PIX' | 'TED' | 'BOLETO';

export interface SyntheticTransaction {
  /** Index into Calendar.days. */
  day: number;
  type: 'CREDIT' | 'DEBIT';
  amountCents: number;
  description: string;
  category: string;
  operationType: string | null;
  paymentMethod: PaymentMethod | null;
  payerName: string | null;
  /** Digits only; null when the bank did not report it. */
  payerDocument: string | null;
  payerDocumentType: Party['documentType'] | null;
  receiverName: string | null;
  ignored: boolean;
}

const METHODS: readonly PaymentMethod[] = ['PIX', 'TED', 'BOLETO'];
const METHOD_WEIGHTS = [62, 23, 15];

const ROUND_FEES = [500, 800, 1000, 1200, 1500, 2000, 2500, 3000, 3500, 4000, 5000, 6000, 7500, 8000, 10000, 12000, 15000];

function feeCents(rng: Rng): number {
  const r = rng();
  if (r < 0.35) return pick(rng, ROUND_FEES) * 100;
  if (r < 0.85) return logUniformCents(rng(), 50_000, 1_500_000);
  // Reimbursed court costs, then the occasional success fee (êxito).
  if (r < 0.95) return logUniformCents(rng(), 5_000, 50_000);
  return logUniformCents(rng(), 1_500_000, 12_000_000);
}

function clientCredit(rng: Rng, firm: FirmProfile, cal: Calendar): SyntheticTransaction {
  const method = pickWeighted(rng, METHODS, METHOD_WEIGHTS);
  // Skewed towards the first clients: long-running cases pay in instalments.
  const client = firm.clients[Math.floor(firm.clients.length * rng() ** 1.8)]!;
  const who = client.statementName;
  let description: string;
  if (method === 'PIX') description = rng() < 0.7 ? `PIX RECEBIDO - ${who}` : `PIX RECEB ${who}`;
  else if (method === 'TED') description = rng() < 0.6 ? `TED RECEBIDA - ${who}` : `TED ${pick(rng, CONNECTORS).bankCode} ${who}`;
  else description = rng() < 0.6 ? `LIQUIDACAO DE BOLETO - ${who}` : `RECEBIMENTO BOLETO ${who}`;
  // Some banks omit the payer's document; matching must cope without it.
  const omitDocument = rng() < 0.04;
  return {
    day: method === 'PIX' ? cal.anyDay(rng) : cal.businessDay(rng),
    type: 'CREDIT',
    amountCents: feeCents(rng),
    description,
    category: method === 'BOLETO' ? 'Receipts' : `Transfer - ${method}`,
    operationType: method,
    paymentMethod: method,
    payerName: client.name,
    payerDocument: omitDocument ? null : client.document,
    payerDocumentType: omitDocument ? null : client.documentType,
    receiverName: firm.name,
    ignored: false,
  };
}

const TAXES = ['PAGAMENTO DARF', 'PAGAMENTO DAS - SIMPLES NACIONAL', 'PAGAMENTO GPS - INSS', 'ISS - PREFEITURA MUNICIPAL', 'PAGAMENTO FGTS - GRF'];
const COURT_FEES = ['GUIA DE CUSTAS - TJSP', 'GRU - CUSTAS JUDICIAIS - JUSTICA FEDERAL', 'CUSTAS PROCESSUAIS - TJMG', 'DEPOSITO RECURSAL - TRT', 'GUIA DE CUSTAS - TJRJ', 'DILIGENCIA OFICIAL DE JUSTICA - TJPR'];
const BANK_FEES = ['TARIFA PACOTE DE SERVICOS', 'TARIFA PIX ENVIADO', 'TARIFA TED', 'TARIFA MANUTENCAO CONTA', 'TARIFA EMISSAO BOLETO'];
const VENDORS = ['ENEL DISTRIBUICAO', 'SABESP', 'VIVO EMPRESAS', 'CLARO NET', 'ADVBOX SOFTWARE JURIDICO', 'JUSBRASIL', 'GOOGLE WORKSPACE', 'MICROSOFT 365', 'CONDOMINIO EDIFICIO CENTRAL', 'KALUNGA PAPELARIA', 'OAB ANUIDADE'];

const NO_PAYER = { payerName: null, payerDocument: null, payerDocumentType: null } as const;

type DebitKind = 'salary' | 'rent' | 'tax' | 'card' | 'fee' | 'vendor' | 'court';
const DEBIT_KINDS: readonly DebitKind[] = ['salary', 'rent', 'tax', 'card', 'fee', 'vendor', 'court'];
const DEBIT_WEIGHTS = [20, 5, 12, 7, 22, 22, 12];

function debit(
  day: number,
  cents: number,
  description: string,
  category: string,
  paymentMethod: PaymentMethod | null,
  operationType: string | null,
  receiverName: string | null,
): SyntheticTransaction {
  return { day, type: 'DEBIT', amountCents: -cents, description, category, operationType, paymentMethod, ...NO_PAYER, receiverName, ignored: false };
}

/** One of the firm's running costs (salary, rent, tax, card bill, bank fee, vendor, court fee). */
export function firmDebit(rng: Rng, firm: FirmProfile, cal: Calendar): SyntheticTransaction {
  const day = cal.businessDay(rng);
  switch (pickWeighted(rng, DEBIT_KINDS, DEBIT_WEIGHTS)) {
    case 'salary': {
      const employee = pick(rng, firm.staff);
      const method: PaymentMethod = rng() < 0.7 ? 'PIX' : 'TED';
      const verb = method === 'PIX' ? 'PIX ENVIADO' : 'TED ENVIADA';
      return debit(day, logUniformCents(rng(), 220_000, 1_400_000), `${verb} - ${employee.statementName}`, 'Salary', method, method, employee.name);
    }
    case 'rent': {
      const method: PaymentMethod = rng() < 0.6 ? 'BOLETO' : 'PIX';
      const text = method === 'BOLETO' ? 'PAGAMENTO DE BOLETO - ALUGUEL' : `PIX ENVIADO - ${firm.landlord.statementName}`;
      return debit(day, firm.rentCents, text, 'Rent', method, method, firm.landlord.name);
    }
    case 'tax':
      return debit(day, logUniformCents(rng(), 15_000, 2_500_000), pick(rng, TAXES), 'Taxes', 'BOLETO', 'BOLETO', null);
    case 'card':
      return debit(day, logUniformCents(rng(), 80_000, 3_000_000), 'PAGAMENTO FATURA CARTAO', 'Credit card payment', null, null, null);
    case 'fee':
      return debit(day, logUniformCents(rng(), 150, 18_990), pick(rng, BANK_FEES), 'Bank fees', null, 'TARIFA_SERVICOS_AVULSOS', null);
    case 'vendor': {
      const vendor = pick(rng, VENDORS);
      const auto = rng() < 0.4;
      const text = auto ? `DEBITO AUTOMATICO - ${vendor}` : `PAGAMENTO DE BOLETO - ${vendor}`;
      return debit(day, logUniformCents(rng(), 6_000, 350_000), text, 'Services', auto ? null : 'BOLETO', auto ? null : 'BOLETO', vendor);
    }
    case 'court':
      return debit(day, logUniformCents(rng(), 3_000, 800_000), pick(rng, COURT_FEES), 'Court fees', 'BOLETO', 'BOLETO', null);
  }
}

// Moves between the firm's own accounts: real, but not revenue or cost, so
// firms usually mark them ignored (they then drop out of the active KPIs).
function internalTransfer(rng: Rng, cal: Calendar): SyntheticTransaction {
  const credit = rng() < 0.5;
  const cents = logUniformCents(rng(), 100_000, 5_000_000);
  return {
    day: cal.businessDay(rng),
    type: credit ? 'CREDIT' : 'DEBIT',
    amountCents: credit ? cents : -cents,
    description: credit ? 'TRANSFERENCIA ENTRE CONTAS - RECEBIDA' : 'TRANSFERENCIA ENTRE CONTAS - ENVIADA',
    category: 'Same person transfer',
    operationType: 'TRANSFERENCIA_MESMA_INSTITUICAO',
    paymentMethod: null,
    ...NO_PAYER,
    receiverName: null,
    ignored: rng() < 0.8,
  };
}

export function generateTransaction(rng: Rng, firm: FirmProfile, cal: Calendar): SyntheticTransaction {
  const r = rng();
  if (r < 0.02) return internalTransfer(rng, cal);
  return r < 0.02 + firm.creditShare * 0.98 ? clientCredit(rng, firm, cal) : firmDebit(rng, firm, cal);
}
