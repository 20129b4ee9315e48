// Valid CPFs/CNPJs from a caller-supplied random source, so synthetic data is
// reproducible from a seed. The numbers are random, not anyone's on purpose.
import { cnpjCheckDigits, cpfCheckDigits } from './check-digits';

/** A uniform random number in [0, 1), like Math.random. */
export type Rng = () => number;

function randomDigits(rng: Rng, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += Math.floor(rng() * 10) % 10;
  return out;
}

export function generateCpf(rng: Rng): string {
  let base = randomDigits(rng, 9);
  // Repeated-digit bases give repeated-digit CPFs, which isValidCpf rejects.
  while (/^(\d)\1*$/.test(base)) base = randomDigits(rng, 9);
  return base + cpfCheckDigits(base);
}

/** A headquarters CNPJ (branch 0001) most of the time, like real payers. */
export function generateCnpj(rng: Rng): string {
  let root = randomDigits(rng, 8);
  while (/^(\d)\1*$/.test(root)) root = randomDigits(rng, 8);
  const branch = rng() < 0.9 ? '0001' : String(2 + Math.floor(rng() * 40)).padStart(4, '0');
  const base = root + branch;
  return base + cnpjCheckDigits(base);
}
