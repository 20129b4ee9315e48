import { describe, expect, it } from 'vitest';
import { itemStatus } from '@/components/accounts/item-status';
import { connectErrorMessage, connectRequestMessage } from './connect-errors';
import { connectPath } from './connect-path';

describe('connectPath', () => {
  it('opens Pluggy’s widget for a firm on real Pluggy, with the item in update mode', () => {
    expect(connectPath({ mode: 'pluggy', sandboxApiUrl: null, pluggyItemId: null })).toEqual({ kind: 'widget', updateItem: null });
    expect(connectPath({ mode: 'pluggy', sandboxApiUrl: null, pluggyItemId: 'it-1' })).toEqual({ kind: 'widget', updateItem: 'it-1' });
  });

  it('opens our dialog against the local sandbox, whose URL it calls without a trailing slash', () => {
    expect(connectPath({ mode: 'sandbox', sandboxApiUrl: 'http://127.0.0.1:4010/', pluggyItemId: null })).toEqual({ kind: 'sandbox', apiUrl: 'http://127.0.0.1:4010', updateItem: null });
    expect(connectPath({ mode: 'sandbox', sandboxApiUrl: 'http://127.0.0.1:4010', pluggyItemId: 'it-2' })).toEqual({ kind: 'sandbox', apiUrl: 'http://127.0.0.1:4010', updateItem: 'it-2' });
  });

  it('a sandbox answer without its URL has nothing local to talk to: the widget', () => {
    expect(connectPath({ mode: 'sandbox', sandboxApiUrl: null, pluggyItemId: null }).kind).toBe('widget');
  });
});

describe('connectErrorMessage', () => {
  it('says in pt-BR what each login failure means and what to do', () => {
    expect(connectErrorMessage({ code: 'INVALID_CREDENTIALS', message: 'Invalid credentials' })).toBe('Usuário ou senha incorretos. Confira os dados de acesso ao internet banking e tente de novo.');
    expect(connectErrorMessage({ code: 'ACCOUNT_LOCKED' })).toMatch(/^A conta está bloqueada no banco\./);
    expect(connectErrorMessage({ code: 'INVALID_CREDENTIALS_MFA' })).toMatch(/código de confirmação está incorreto/);
    expect(connectErrorMessage({ code: 'SITE_NOT_AVAILABLE' })).toMatch(/fora do ar/);
  });

  it('keeps the bank’s own note, and never shows Pluggy’s English message', () => {
    expect(connectErrorMessage({ code: 'ACCOUNT_NEEDS_ACTION', message: 'The user must take an action', providerMessage: 'Aceite os novos termos.' })).toMatch(/O banco informou: Aceite os novos termos\.$/);
    expect(connectErrorMessage({ code: 'SOMETHING_NEW', message: 'Something new went wrong' })).toBe('Não foi possível conectar o banco. Tente de novo.');
    expect(connectErrorMessage({ code: 'toString' })).toBe('Não foi possível conectar o banco. Tente de novo.');
    expect(connectErrorMessage(null)).toBe('Não foi possível conectar o banco. Tente de novo.');
  });

  it('names connection problems apart from login problems', () => {
    expect(connectRequestMessage(null)).toMatch(/Não foi possível falar com o Pluggy/);
    expect(connectRequestMessage(403)).toMatch(/sessão de conexão expirou/);
    expect(connectRequestMessage(503)).toMatch(/indisponível/);
  });
});

describe('itemStatus', () => {
  it('offers to log in again exactly where that is the way out', () => {
    expect(itemStatus({ status: 'LOGIN_ERROR', error: { code: 'INVALID_CREDENTIALS', message: 'Invalid credentials' } }).reconnect).toBe('Atualizar credenciais');
    expect(itemStatus({ status: 'WAITING_USER_INPUT', error: null }).reconnect).toBe('Reconectar');
    expect(itemStatus({ status: 'WAITING_USER_ACTION', error: { code: 'ACCOUNT_NEEDS_ACTION', message: 'x' } }).reconnect).toBe('Reconectar');
    for (const status of ['UPDATED', 'UPDATING', 'OUTDATED']) expect(itemStatus({ status, error: null }).reconnect).toBeNull();
  });

  it('explains a specific login failure in pt-BR', () => {
    expect(itemStatus({ status: 'LOGIN_ERROR', error: { code: 'ACCOUNT_LOCKED', message: 'The account is locked at the institution' } }).action).toMatch(/^A conta está bloqueada/);
    expect(itemStatus({ status: 'OUTDATED', error: { code: 'SITE_NOT_AVAILABLE', message: 'The institution is not available' } }).action).toMatch(/fora do ar/);
  });
});
