// Encrypted columns of tenant_settings and the logical field name each is
// bound to (the "field" of the envelope's associated data). Must match the
// names their writers use when they encrypt (lib/settings for the ones a
// person enters, lib/pluggy/webhooks/secret.ts for the webhook secrets).

/** The secrets a person enters in Configurações (lib/settings reads and writes these). */
export const SETTINGS_SECRET_COLUMNS = {
  pluggyClientId: 'pluggyClientIdEnc',
  pluggyClientSecret: 'pluggyClientSecretEnc',
  advboxToken: 'advboxTokenEnc',
} as const;

/**
 * Every encrypted column, what key rotation (`npm run secrets:reencrypt`)
 * re-seals: the settings' secrets plus the generated webhook secrets (the
 * current one and the previous one still inside its grace period).
 */
export const SECRET_COLUMNS = {
  ...SETTINGS_SECRET_COLUMNS,
  pluggyWebhookSecret: 'pluggyWebhookSecretEnc',
  pluggyWebhookSecretPrev: 'pluggyWebhookSecretPrevEnc',
} as const;

export type SecretFieldName = keyof typeof SECRET_COLUMNS;
export type SecretColumn = (typeof SECRET_COLUMNS)[SecretFieldName];
export type SettingsSecretFieldName = keyof typeof SETTINGS_SECRET_COLUMNS;

export const SECRET_FIELD_NAMES = Object.keys(SECRET_COLUMNS) as SecretFieldName[];
