// Two failure kinds, kept apart on purpose: a misconfigured key is an
// operator problem (fix the environment), an unreadable envelope is a data
// problem (the secret must be re-entered or the old key restored).

export type SecretDecryptionReason = 'malformed' | 'unknown_key' | 'authentication_failed';

export class SecretDecryptionError extends Error {
  constructor(
    readonly reason: SecretDecryptionReason,
    message: string,
    readonly keyId?: string,
  ) {
    super(message);
    this.name = 'SecretDecryptionError';
  }
}

export class EncryptionConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncryptionConfigError';
  }
}
