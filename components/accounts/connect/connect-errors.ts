// What a failed bank login means to the person at the keyboard, in pt-BR,
// from Pluggy's item error codes (the widget's onError and our sandbox
// dialog get the same codes; Pluggy's own messages are in English).

export interface PluggyItemError {
  code?: string | null;
  message?: string | null;
  providerMessage?: string | null;
}

const BY_CODE: Record<string, string> = {
  INVALID_CREDENTIALS: 'Usuário ou senha incorretos. Confira os dados de acesso ao internet banking e tente de novo.',
  INVALID_CREDENTIALS_MFA: 'O código de confirmação está incorreto ou expirou. Peça um novo ao banco e tente de novo.',
  ACCOUNT_LOCKED: 'A conta está bloqueada no banco. Desbloqueie pelo internet banking ou pela agência e tente de novo.',
  ALREADY_LOGGED_IN: 'Há outra sessão aberta no internet banking. Saia dela e tente de novo.',
  USER_NOT_SUPPORTED: 'Este tipo de conta não é aceito por esta conexão. Use o acesso da conta da empresa.',
  ACCOUNT_CREDENTIALS_RESET: 'O banco pede que a senha seja redefinida. Redefina no internet banking e conecte de novo.',
  ACCOUNT_NEEDS_ACTION: 'O banco pede uma ação no internet banking (por exemplo, aceitar novos termos). Faça isso e tente de novo.',
  USER_AUTHORIZATION_PENDING: 'O banco aguarda a autorização do acesso. Autorize pelo aplicativo do banco e tente de novo.',
  USER_AUTHORIZATION_NOT_GRANTED: 'O acesso não foi autorizado no banco. Tente de novo e autorize o compartilhamento.',
  USER_INPUT_TIMEOUT: 'O tempo para informar o código acabou. Tente de novo.',
  SITE_NOT_AVAILABLE: 'O banco está fora do ar no momento. Tente de novo mais tarde.',
  CONNECTION_ERROR: 'Não foi possível falar com o banco agora. Tente de novo em alguns minutos.',
  UNEXPECTED_ERROR: 'O banco respondeu com um erro inesperado. Tente de novo em alguns minutos.',
};

export function hasConnectErrorMessage(code: string | null | undefined): boolean {
  return !!code && Object.hasOwn(BY_CODE, code);
}

/** The sentence to show for a failed connection; the bank's own note (providerMessage) is kept, it is written for the customer. */
export function connectErrorMessage(error: PluggyItemError | null | undefined): string {
  const base = hasConnectErrorMessage(error?.code) ? BY_CODE[error!.code!]! : 'Não foi possível conectar o banco. Tente de novo.';
  const note = error?.providerMessage?.trim();
  return note ? `${base} O banco informou: ${note}` : base;
}

/** Errors of the connection itself (not the bank login): the connect token expired, the sandbox is unreachable. */
export function connectRequestMessage(status: number | null): string {
  if (status === null) return 'Não foi possível falar com o Pluggy. Verifique a conexão e tente de novo.';
  if (status === 401 || status === 403) return 'A sessão de conexão expirou. Feche e clique em Conectar banco de novo.';
  if (status === 504) return 'O banco está demorando para responder. Tente de novo em alguns minutos.';
  if (status === 429) return 'Muitas tentativas em pouco tempo. Aguarde um minuto e tente de novo.';
  if (status >= 500) return 'O Pluggy está indisponível no momento. Tente de novo em alguns minutos.';
  return 'O Pluggy recusou o pedido. Feche e tente de novo.';
}
