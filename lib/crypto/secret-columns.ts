// Encrypted columns of tenant_settings and the logical field name each is
// bound to (the "field" of the envelope's associated data). Must match the
// names lib/settings uses when it encrypts.
export const SECRET_COLUMNS = {
  pluggyClientId: 'pluggyClientIdEnc',
  pluggyClientSecret: 'pluggyClientSecretEnc',
  advboxToken: 'advboxTokenEnc',
} as const;

export type SecretFieldName = keyof typeof SECRET_COLUMNS;
export type SecretColumn = (typeof SECRET_COLUMNS)[SecretFieldName];

export const SECRET_FIELD_NAMES = Object.keys(SECRET_COLUMNS) as SecretFieldName[];
