// A synthetic law firm: who pays it (clients), who it pays (staff, landlord),
// and its bank connections. Built once per tenant; transactions draw from it
// so the same payers recur over months, as in a real firm's statement.
import { generateCnpj, generateCpf } from '@/lib/documents';
import { bankConnections, type SyntheticItem } from './accounts';
import { companyName, lawFirmName, personName, realEstateName, statementName } from './names';
import { randInt, type Rng } from './rng';

export interface Party {
  name: string;
  /** Upper case, no accents: the form bank descriptions use. */
  statementName: string;
  document: string;
  documentType: 'CPF' | 'CNPJ';
}

export interface FirmProfile {
  name: string;
  companyName: string;
  cnpj: string;
  connections: SyntheticItem[];
  clients: Party[];
  staff: Party[];
  landlord: Party;
  rentCents: number;
  /** Share of CREDIT transactions (0.6–0.7). */
  creditShare: number;
}

export function person(rng: Rng): Party {
  const name = personName(rng);
  return { name, statementName: statementName(name), document: generateCpf(rng), documentType: 'CPF' };
}

export function company(rng: Rng, name = companyName(rng)): Party {
  return { name, statementName: statementName(name), document: generateCnpj(rng), documentType: 'CNPJ' };
}

const clamp = (v: number, min: number, max: number) => Math.min(max, Math.max(min, v));

/** `expectedTransactions` sizes the client base and staff like a firm of that volume. */
export function createFirmProfile(rng: Rng, expectedTransactions: number): FirmProfile {
  const name = lawFirmName(rng);
  const clientCount = clamp(Math.round((expectedTransactions * 0.65) / 8), 5, 5000);
  const staffCount = clamp(Math.round(expectedTransactions / 800), 2, 40);
  const clients: Party[] = [];
  for (let i = 0; i < clientCount; i++) clients.push(rng() < 0.85 ? person(rng) : company(rng));
  const staff: Party[] = [];
  for (let i = 0; i < staffCount; i++) staff.push(person(rng));
  return {
    name,
    // Registered name of a sociedade simples, as it appears on the CNPJ card.
    companyName: /Sociedade|Escritório/.test(name) ? name : `${name} S/S`,
    cnpj: generateCnpj(rng),
    connections: bankConnections(rng),
    clients,
    staff,
    landlord: rng() < 0.6 ? company(rng, realEstateName(rng)) : person(rng),
    rentCents: randInt(rng, 25, 300) * 10_000,
    creditShare: 0.6 + rng() * 0.1,
  };
}
