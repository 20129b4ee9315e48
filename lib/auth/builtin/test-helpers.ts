// Fixtures for the built-in auth integration tests: files share one database,
// so every e-mail and IP is unique to its test.
import { randomBytes } from 'node:crypto';

export const PASSWORD = 'uma senha bem longa';

export function uniqueEmail(prefix = 'pessoa'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}@Escritorio.Example.com`;
}

export function uniqueIp(): string {
  const b = randomBytes(3);
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}
