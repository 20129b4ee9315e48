// Pluggy-shaped bank connections (items) and accounts for a firm. Connector
// ids are made up; the names are the usual Brazilian business banks.
import { pick, randInt, type Rng } from './rng';

export interface SyntheticConnector {
  id: number;
  name: string;
  /** COMPE bank code, used in TED descriptions. */
  bankCode: string;
}

export const CONNECTORS: readonly SyntheticConnector[] = [
  { id: 601, name: 'Itaú Empresas', bankCode: '341' },
  { id: 602, name: 'Bradesco Empresas', bankCode: '237' },
  { id: 603, name: 'Banco do Brasil', bankCode: '001' },
  { id: 604, name: 'Caixa Econômica Federal', bankCode: '104' },
  { id: 605, name: 'Santander Empresas', bankCode: '033' },
  { id: 606, name: 'Nubank PJ', bankCode: '260' },
  { id: 607, name: 'Banco Inter Empresas', bankCode: '077' },
  { id: 608, name: 'Sicoob', bankCode: '756' },
  { id: 609, name: 'BTG Pactual Empresas', bankCode: '208' },
  { id: 610, name: 'C6 Bank PJ', bankCode: '336' },
];

export interface SyntheticAccount {
  type: 'BANK';
  subtype: 'CHECKING_ACCOUNT' | 'SAVINGS_ACCOUNT';
  name: string;
  /** "agência/conta-dígito", as Pluggy reports bank account numbers. */
  number: string;
  balanceCents: number;
}

export interface SyntheticItem {
  connector: SyntheticConnector;
  accounts: SyntheticAccount[];
}

function accountNumber(rng: Rng): string {
  const agency = String(randInt(rng, 1, 9999)).padStart(4, '0');
  const account = String(randInt(rng, 10000, 999999));
  return `${agency}/${account}-${randInt(rng, 0, 9)}`;
}

function account(rng: Rng, primary: boolean): SyntheticAccount {
  const savings = !primary && rng() < 0.3;
  return {
    type: 'BANK',
    subtype: savings ? 'SAVINGS_ACCOUNT' : 'CHECKING_ACCOUNT',
    name: savings ? 'Conta Poupança' : pick(rng, ['Conta Corrente', 'Conta Corrente PJ', 'Conta PJ']),
    number: accountNumber(rng),
    balanceCents: randInt(rng, 200_000, 50_000_000),
  };
}

/** 1–3 connections with 1–3 accounts in total, each connection with at least one. */
export function bankConnections(rng: Rng): SyntheticItem[] {
  const itemCount = randInt(rng, 1, 3);
  const accountCount = randInt(rng, itemCount, 3);
  const connectors = [...CONNECTORS];
  const items: SyntheticItem[] = [];
  for (let i = 0; i < itemCount; i++) {
    const [connector] = connectors.splice(Math.floor(rng() * connectors.length), 1);
    items.push({ connector: connector!, accounts: [account(rng, i === 0)] });
  }
  for (let extra = itemCount; extra < accountCount; extra++) {
    pick(rng, items).accounts.push(account(rng, false));
  }
  return items;
}
