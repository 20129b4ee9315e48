// The sandbox's connectors: Pluggy's own sandbox bank (id 0, "Pluggy Bank")
// and the usual Brazilian business banks of lib/synthetic/accounts. Every
// one accepts the sandbox logins (logins.ts).
import { CONNECTORS } from '@/lib/synthetic/accounts';

const CREDENTIALS = [
  { label: 'User', name: 'user', type: 'text', placeholder: 'user-ok', validation: '^.+$', validationMessage: 'Informe o usuário' },
  { label: 'Password', name: 'password', type: 'password', placeholder: 'password-ok', validation: '^.+$', validationMessage: 'Informe a senha' },
];

export interface SandboxConnector {
  id: number;
  name: string;
  bankCode: string;
  isSandbox: boolean;
}

export const SANDBOX_CONNECTORS: readonly SandboxConnector[] = [
  { id: 0, name: 'Pluggy Bank', bankCode: '999', isSandbox: true },
  ...CONNECTORS.map((c) => ({ id: c.id, name: c.name, bankCode: c.bankCode, isSandbox: false })),
];

export function findConnector(id: number): SandboxConnector | undefined {
  return SANDBOX_CONNECTORS.find((c) => c.id === id);
}

export function connectorWire(c: SandboxConnector) {
  return {
    id: c.id,
    name: c.name,
    institutionUrl: c.isSandbox ? 'https://pluggy.ai' : `https://www.banco-${c.bankCode}.example`,
    imageUrl: `https://cdn.pluggy.ai/assets/connector-icons/${c.id}.svg`,
    primaryColor: c.isSandbox ? 'ef294b' : '1a3b6e',
    type: c.isSandbox ? 'PERSONAL_BANK' : 'BUSINESS_BANK',
    country: 'BR',
    credentials: CREDENTIALS,
    hasMFA: false,
    oauth: false,
    health: { status: 'ONLINE', stage: null },
    isOpenFinance: false,
    isSandbox: c.isSandbox,
    supportsPaymentInitiation: false,
    supportsScheduledPayments: false,
    supportsSmartTransfers: false,
    supportsAutomaticPix: false,
    supportsBoletoManagement: false,
    products: ['ACCOUNTS', 'CREDIT_CARDS', 'TRANSACTIONS', 'PAYMENT_DATA'],
    createdAt: '2020-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}
