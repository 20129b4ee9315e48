// Secrets at rest (integration credentials in tenant_settings). See
// envelope.ts for the format and keyring.ts for where keys come from:
// ENCRYPTION_KEY (current), ENCRYPTION_KEYS_OLD (decrypt-only, for rotation),
// or a local development key in <CONCILIA_DATA_DIR|.data>/dev-encryption-key
// outside production.
export { decryptSecret, encryptSecret, envelopeKeyId, needsReencryption, type SecretContext } from '@/lib/crypto/envelope';
export { EncryptionConfigError, SecretDecryptionError, type SecretDecryptionReason } from '@/lib/crypto/errors';
export { maskSecret } from '@/lib/crypto/mask';
export { reencryptSecrets, type ReencryptOptions, type ReencryptReport } from '@/lib/crypto/reencrypt';
export { SECRET_COLUMNS, SECRET_FIELD_NAMES, SETTINGS_SECRET_COLUMNS, type SecretFieldName, type SettingsSecretFieldName } from '@/lib/crypto/secret-columns';
