// Password hashing with scrypt (node:crypto, off the event loop) in a
// self-describing format, so parameters can be raised later and old hashes
// upgraded on the next successful sign-in (needsRehash):
//
//   scrypt$<N>$<r>$<p>$<salt base64url>$<hash base64url>
//
// N = 2^15, r = 8, p = 3 is one of OWASP's equivalent minimum scrypt
// settings (the class of N = 2^17, r = 8, p = 1: same work, a quarter of the
// memory). Measured here (2 vCPU, Node 24; see the README's security notes):
// ~0.3–0.45 s and 32 MiB per hash, against ~0.5–1.1 s and 128 MiB for 2^17.
// The memory matters under load: up to four hashes run at once (libuv's
// pool), and sign-in, sign-up and reset are limited per address (login-ip).
// Hashes made with older parameters are upgraded on the next sign-in.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 3 } as const;
type Params = { N: number; r: number; p: number };
// The test suite hashes hundreds of passwords; it may opt into a cheap cost
// (test/setup-env.ts). Only under NODE_ENV=test, and the production cost is
// still exercised (password.test.ts, and every real-server test).
const TEST_PARAMS: Params = { N: 2 ** 12, r: 8, p: 1 };
const TEST_OVERRIDE = Symbol.for('concilia.scryptTestParams');

function currentParams(): Params {
  return ((globalThis as Record<symbol, unknown>)[TEST_OVERRIDE] as Params | undefined) ?? SCRYPT_PARAMS;
}

/** Tests only: hash with a cheap cost (true) or the production one (false). */
export function setCheapHashingForTests(cheap: boolean): void {
  if (process.env.NODE_ENV !== 'test') throw new Error('setCheapHashingForTests is for tests only');
  (globalThis as Record<symbol, unknown>)[TEST_OVERRIDE] = cheap ? TEST_PARAMS : undefined;
}
const SALT_BYTES = 16;
const HASH_BYTES = 32;
// A stored hash is data: refuse parameters that would let a bad row pin the
// CPU or exhaust memory.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function derive(password: string, salt: Buffer, { N, r, p }: { N: number; r: number; p: number }, keylen: number) {
  // scrypt needs 128·N·r bytes (plus a little per p); Node's default cap
  // (32 MiB) is exactly 128·N·r for N = 2^15, r = 8, so it is raised explicitly.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise<Buffer>((resolve, reject) => {
    // NFKC: the same password typed on different keyboards/OSes (composed vs
    // decomposed accents) must hash alike.
    scrypt(password.normalize('NFKC'), salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

const POSITIVE_INT = /^[1-9][0-9]{0,9}$/;
const B64URL = /^[A-Za-z0-9_-]+$/;

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  if (!POSITIVE_INT.test(n) || !POSITIVE_INT.test(r) || !POSITIVE_INT.test(p)) return null;
  if (!B64URL.test(salt) || !B64URL.test(hash)) return null;
  const parsed = {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    salt: Buffer.from(salt, 'base64url'),
    hash: Buffer.from(hash, 'base64url'),
  };
  const powerOfTwo = parsed.N > 1 && (parsed.N & (parsed.N - 1)) === 0;
  if (!powerOfTwo || parsed.N > MAX_N || parsed.r > MAX_R || parsed.p > MAX_P) return null;
  if (parsed.salt.length < 8 || parsed.hash.length < 16 || parsed.hash.length > 64) return null;
  return parsed;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const params = currentParams();
  const hash = await derive(password, salt, params, HASH_BYTES);
  const { N, r, p } = params;
  return ['scrypt', N, r, p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Constant-time check; false (never a throw) for a malformed stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const candidate = await derive(password, parsed.salt, parsed, parsed.hash.length);
  return timingSafeEqual(candidate, parsed.hash);
}

/** True when the hash is not in the current format or uses other parameters. */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return true;
  const { N, r, p } = currentParams();
  return parsed.N !== N || parsed.r !== r || parsed.p !== p || parsed.hash.length !== HASH_BYTES;
}

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

// A short list of what people pick first; a full breached-password check
// would need an external list or service.
const COMMON = new Set([
  '1234567890',
  '0123456789',
  '12345678910',
  'qwertyuiop',
  'senha12345',
  'senha123456',
  'password123',
  'password1234',
  'abcdefghij',
  'abc1234567',
  'mudar12345',
  'admin12345',
  'concilia123',
  'iloveyou123',
]);

/**
 * Problems with a new password, as pt-BR messages for the person choosing it
 * (empty when acceptable).
 */
export function validatePasswordPolicy(password: string, context: { email?: string; name?: string } = {}): string[] {
  const problems: string[] = [];
  const chars = Array.from(password);
  const lower = password.toLowerCase();
  if (chars.length < PASSWORD_MIN_LENGTH) problems.push(`A senha deve ter pelo menos ${PASSWORD_MIN_LENGTH} caracteres.`);
  if (chars.length > PASSWORD_MAX_LENGTH) problems.push(`A senha deve ter no máximo ${PASSWORD_MAX_LENGTH} caracteres.`);
  if (chars.length > 0 && chars.every((c) => c === chars[0])) problems.push('A senha não pode repetir um único caractere.');
  const email = context.email?.trim().toLowerCase();
  if (email && (lower === email || lower === email.split('@')[0])) problems.push('A senha não pode ser igual ao seu e-mail.');
  const name = context.name?.trim().toLowerCase();
  if (name && lower.replace(/\s+/g, '') === name.replace(/\s+/g, '')) problems.push('A senha não pode ser igual ao seu nome.');
  if (COMMON.has(lower)) problems.push('Essa senha é muito comum; escolha outra.');
  return problems;
}
