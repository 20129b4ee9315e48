// A law firm's corporate credit card: rides and flights to hearings, meals,
// software subscriptions, office supplies, notary fees. Amounts are positive
// integer cents (what the purchase cost); installments split a large purchase
// over months as Brazilian cards do ("MAGAZINE LUIZA 03/10").
import { formatCnpj, generateCnpj } from '@/lib/documents';
import type { Calendar } from './calendar';
import { logUniformCents } from './money';
import { createRng, pickWeighted, randInt, type Rng } from './rng';

export interface CardMerchant {
  /** As it appears on the bill. */
  descriptor: string;
  businessName: string;
  category: string;
  mcc: number;
  minCents: number;
  maxCents: number;
  /** Chance the purchase is paid in installments. */
  installments: number;
  weight: number;
}

export const CARD_MERCHANTS: readonly CardMerchant[] = [
  { descriptor: 'UBER *TRIP', businessName: 'Uber do Brasil Tecnologia Ltda', category: 'Taxi and ride-hailing', mcc: 4121, minCents: 1_200, maxCents: 9_500, installments: 0, weight: 22 },
  { descriptor: '99APP *99RIDE', businessName: '99 Tecnologia Ltda', category: 'Taxi and ride-hailing', mcc: 4121, minCents: 1_000, maxCents: 7_500, installments: 0, weight: 10 },
  { descriptor: 'IFOOD *RESTAURANTE', businessName: 'Ifood.com Agencia de Restaurantes Online S.A.', category: 'Food delivery', mcc: 5812, minCents: 2_500, maxCents: 22_000, installments: 0, weight: 12 },
  { descriptor: 'ESTACIONAMENTO ESTAPAR', businessName: 'Allpark Empreendimentos Participacoes e Servicos S.A.', category: 'Parking', mcc: 7523, minCents: 1_000, maxCents: 6_000, installments: 0, weight: 9 },
  { descriptor: 'POSTO IPIRANGA', businessName: 'Ipiranga Produtos de Petroleo S.A.', category: 'Gas stations', mcc: 5541, minCents: 8_000, maxCents: 45_000, installments: 0, weight: 6 },
  { descriptor: 'LATAM AIR', businessName: 'Tam Linhas Aereas S.A.', category: 'Airport, airlines', mcc: 3005, minCents: 45_000, maxCents: 280_000, installments: 0.5, weight: 3 },
  { descriptor: 'GOL LINHAS AEREAS', businessName: 'Gol Linhas Aereas S.A.', category: 'Airport, airlines', mcc: 3000, minCents: 40_000, maxCents: 240_000, installments: 0.5, weight: 3 },
  { descriptor: 'HOTEL IBIS', businessName: 'Accor Hotels Brasil Ltda', category: 'Accommodation', mcc: 7011, minCents: 25_000, maxCents: 90_000, installments: 0, weight: 2 },
  { descriptor: 'KALUNGA', businessName: 'Kalunga Comercio e Industria Grafica Ltda', category: 'Office supplies', mcc: 5943, minCents: 3_000, maxCents: 80_000, installments: 0.1, weight: 5 },
  { descriptor: 'AMAZON MARKETPLACE', businessName: 'Amazon Servicos de Varejo do Brasil Ltda', category: 'Online shopping', mcc: 5942, minCents: 4_000, maxCents: 120_000, installments: 0.2, weight: 5 },
  { descriptor: 'MAGAZINE LUIZA', businessName: 'Magazine Luiza S.A.', category: 'Electronics', mcc: 5732, minCents: 60_000, maxCents: 600_000, installments: 0.8, weight: 2 },
  { descriptor: 'DELL COMPUTADORES', businessName: 'Dell Computadores do Brasil Ltda', category: 'Electronics', mcc: 5045, minCents: 350_000, maxCents: 1_200_000, installments: 0.9, weight: 1 },
  { descriptor: 'GOOGLE *WORKSPACE', businessName: 'Google Brasil Internet Ltda', category: 'Software', mcc: 5734, minCents: 6_000, maxCents: 60_000, installments: 0, weight: 4 },
  { descriptor: 'MICROSOFT*365', businessName: 'Microsoft do Brasil Importacao e Comercio de Software Ltda', category: 'Software', mcc: 5734, minCents: 5_000, maxCents: 45_000, installments: 0, weight: 3 },
  { descriptor: 'ADOBE *ACROBAT', businessName: 'Adobe Systems Brasil Ltda', category: 'Software', mcc: 5734, minCents: 6_500, maxCents: 12_000, installments: 0, weight: 2 },
  { descriptor: 'ZOOM.US', businessName: 'Zoom Video Communications Brasil Ltda', category: 'Software', mcc: 5734, minCents: 7_000, maxCents: 25_000, installments: 0, weight: 2 },
  { descriptor: 'CORREIOS AGF', businessName: 'Empresa Brasileira de Correios e Telegrafos', category: 'Postal services', mcc: 9402, minCents: 1_500, maxCents: 18_000, installments: 0, weight: 4 },
  { descriptor: 'CARTORIO 2 OFICIO NOTAS', businessName: '2 Tabeliao de Notas', category: 'Government services', mcc: 9399, minCents: 3_000, maxCents: 40_000, installments: 0, weight: 4 },
  { descriptor: 'DROGASIL', businessName: 'Raia Drogasil S.A.', category: 'Pharmacy', mcc: 5912, minCents: 1_500, maxCents: 25_000, installments: 0, weight: 3 },
];

const WEIGHTS = CARD_MERCHANTS.map((m) => m.weight);

/** A merchant's CNPJ, the same on every purchase (its own fixed stream). */
export function merchantCnpj(index: number): string {
  return formatCnpj(generateCnpj(createRng(0x5eed_0000 + index)));
}

export interface CardPurchase {
  /** Index into Calendar.days. */
  day: number;
  merchant: number;
  /** Positive cents of this bill line (one installment when split). */
  amountCents: number;
  installmentNumber: number | null;
  totalInstallments: number | null;
  /** The whole purchase, in cents. */
  totalCents: number;
  description: string;
}

export function cardPurchase(rng: Rng, cal: Calendar): CardPurchase {
  const merchant = pickWeighted(rng, CARD_MERCHANTS.map((_, i) => i), WEIGHTS);
  const m = CARD_MERCHANTS[merchant]!;
  const totalCents = logUniformCents(rng(), m.minCents, m.maxCents);
  const day = m.mcc === 4121 || m.mcc === 5812 ? cal.anyDay(rng) : cal.businessDay(rng);
  if (rng() < m.installments) {
    const total = randInt(rng, 2, 10);
    const n = randInt(rng, 1, total);
    // Whole cents per installment; the first carries the remainder.
    const base = Math.floor(totalCents / total);
    const amountCents = n === 1 ? totalCents - base * (total - 1) : base;
    const label = `${String(n).padStart(2, '0')}/${String(total).padStart(2, '0')}`;
    return { day, merchant, amountCents, installmentNumber: n, totalInstallments: total, totalCents, description: `${m.descriptor} ${label}` };
  }
  return { day, merchant, amountCents: totalCents, installmentNumber: null, totalInstallments: null, totalCents, description: m.descriptor };
}
