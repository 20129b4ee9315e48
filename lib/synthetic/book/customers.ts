// A firm's clients as Advbox holds them, with contacts and the people who
// pay on their behalf. Names repeat on purpose (two clients called "Maria
// Santos" with different CPFs), as they do in any large client base.
import { generateCnpj, generateCpf } from '@/lib/documents';
import { companyName, personName, statementName } from '../names';
import { pick, randInt, type Rng } from '../rng';
import { addDays } from './dates';
import type { BookCustomer, BookPayer } from './types';

const CITIES: readonly [string, string, string][] = [
  ['São Paulo', 'SP', '11'], ['Campinas', 'SP', '19'], ['Santos', 'SP', '13'], ['Rio de Janeiro', 'RJ', '21'],
  ['Niterói', 'RJ', '21'], ['Belo Horizonte', 'MG', '31'], ['Uberlândia', 'MG', '34'], ['Curitiba', 'PR', '41'],
  ['Londrina', 'PR', '43'], ['Porto Alegre', 'RS', '51'], ['Florianópolis', 'SC', '48'], ['Salvador', 'BA', '71'],
  ['Recife', 'PE', '81'], ['Fortaleza', 'CE', '85'], ['Goiânia', 'GO', '62'], ['Brasília', 'DF', '61'],
];
const MAIL_DOMAINS = ['gmail.com', 'gmail.com', 'gmail.com', 'hotmail.com', 'outlook.com', 'yahoo.com.br', 'uol.com.br', 'bol.com.br'];

function slug(name: string): string {
  return statementName(name).toLowerCase().replace(/[^a-z0-9 ]/g, '').trim().replace(/\s+/g, '.');
}

function email(rng: Rng, name: string, company: boolean): string {
  const s = slug(name);
  if (company) return `financeiro@${s.split('.').slice(0, 2).join('')}.com.br`;
  const parts = s.split('.');
  const local = rng() < 0.5 ? `${parts[0]}.${parts[parts.length - 1]}` : `${parts[0]}${randInt(rng, 1, 99)}`;
  return `${local}@${pick(rng, MAIL_DOMAINS)}`;
}

function mobile(rng: Rng, ddd: string): string {
  return `55${ddd}9${String(randInt(rng, 10_000_000, 99_999_999))}`;
}

function surnameOf(name: string): string {
  const words = name.split(' ');
  return words[words.length - 1]!;
}

/** A relative who shares the client's last name more often than not. */
function relative(rng: Rng, client: string, relation: BookPayer['relation']): BookPayer {
  const base = personName(rng);
  const name = rng() < 0.7 ? `${base.split(' ')[0]} ${surnameOf(client)}` : base;
  return { name, document: generateCpf(rng), documentType: 'CPF', relation };
}

export interface CustomerOptions {
  /** Share of clients that reuse an earlier client's exact name. */
  homonymShare: number;
  /** Share of clients with no CPF/CNPJ on file. */
  missingDocumentShare: number;
}

export function generateCustomer(
  rng: Rng,
  id: number,
  anchorDate: string,
  earlier: readonly BookCustomer[],
  opts: CustomerOptions,
): BookCustomer {
  const company = rng() < 0.15;
  const homonym = earlier.length > 0 && rng() < opts.homonymShare;
  // A few draws rather than a filter over every earlier client: books grow to 20,000+.
  let name: string | null = null;
  for (let tries = 0; homonym && name === null && tries < 4; tries++) {
    const other = pick(rng, earlier);
    if ((other.kind === 'COMPANY') === company) name = other.name;
  }
  name ??= company ? companyName(rng) : personName(rng);
  const [city, state, ddd] = pick(rng, CITIES);
  const relatives: BookPayer[] = [];
  if (company) {
    if (rng() < 0.4) relatives.push({ ...relative(rng, personName(rng), 'partner') });
  } else {
    const r = rng();
    const count = r < 0.7 ? 0 : r < 0.92 ? 1 : 2;
    for (let i = 0; i < count; i++) relatives.push(relative(rng, name, pick(rng, ['spouse', 'parent', 'child', 'sibling'] as const)));
    if (rng() < 0.05) relatives.push({ name: companyName(rng), document: generateCnpj(rng), documentType: 'CNPJ', relation: 'company' });
  }
  const birthYear = randInt(rng, 1950, 2004);
  return {
    id,
    kind: company ? 'COMPANY' : 'PERSON',
    name,
    document: rng() < opts.missingDocumentShare ? null : company ? generateCnpj(rng) : generateCpf(rng),
    email: rng() < 0.7 ? email(rng, name, company) : null,
    phone: rng() < 0.75 ? mobile(rng, ddd) : null,
    birthdate: company ? null : `${birthYear}-${String(randInt(rng, 1, 12)).padStart(2, '0')}-${String(randInt(rng, 1, 28)).padStart(2, '0')}`,
    city,
    state,
    createdAt: `${addDays(anchorDate, -randInt(rng, 30, 1500))} ${String(randInt(rng, 8, 19)).padStart(2, '0')}:${String(randInt(rng, 0, 59)).padStart(2, '0')}:00`,
    relatives,
  };
}
