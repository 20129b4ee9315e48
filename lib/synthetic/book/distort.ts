// What banks do to a payer's name before it reaches the statement: upper
// case without accents always; then, sometimes, particles dropped, middle
// names abbreviated or dropped, the field truncated at 20–25 characters, a
// transposed letter, a company's suffix dropped or changed. Each function is
// pure given the rng, so a labelled data set records what was applied.
import { statementName } from '../names';
import { pick, randInt, type Rng } from '../rng';

const PARTICLES = new Set(['DA', 'DE', 'DO', 'DAS', 'DOS', 'E']);
const COMPANY_SUFFIXES = /\s+(LTDA\.?|ME|EPP|EIRELI|S\.?A\.?|S\/S|SLU)$/;

export interface Distorted {
  name: string;
  distortions: string[];
}

export function dropParticles(name: string): string {
  return name
    .split(' ')
    .filter((w) => !PARTICLES.has(w))
    .join(' ');
}

/** Middle names become initials: "JOAO SOUZA DA SILVA" → "JOAO S DA SILVA". */
export function abbreviateMiddle(name: string): string {
  const words = name.split(' ');
  if (words.length < 3) return name;
  return words.map((w, i) => (i === 0 || i === words.length - 1 || PARTICLES.has(w) ? w : w[0]!)).join(' ');
}

/** Drops one middle name (not a particle): "ANA PAULA COSTA LIMA" → "ANA COSTA LIMA". */
export function dropMiddle(rng: Rng, name: string): string {
  const words = name.split(' ');
  const middles = words.map((w, i) => i).filter((i) => i > 0 && i < words.length - 1 && !PARTICLES.has(words[i]!));
  if (middles.length === 0) return name;
  const drop = pick(rng, middles);
  const out = words.filter((_, i) => i !== drop);
  // A particle left dangling before the last name stays ("JOAO DA SILVA").
  return out.join(' ');
}

/** The bank's field length: cut at `max` characters, possibly mid-word. */
export function truncate(name: string, max: number): string {
  return name.length <= max ? name : name.slice(0, max).trimEnd();
}

/** Two adjacent letters of one word swapped ("SOUZA" → "SOUAZ"). */
export function transposeLetter(rng: Rng, name: string): string {
  const words = name.split(' ');
  const candidates = words.map((w, i) => i).filter((i) => words[i]!.length >= 4);
  if (candidates.length === 0) return name;
  const wi = pick(rng, candidates);
  const w = words[wi]!;
  const at = randInt(rng, 1, w.length - 2);
  words[wi] = w.slice(0, at) + w[at + 1] + w[at] + w.slice(at + 2);
  return words.join(' ');
}

/** A company's registered suffix dropped, or written another way. */
export function changeCompanySuffix(rng: Rng, name: string): string {
  const m = COMPANY_SUFFIXES.exec(name);
  if (!m) return name;
  const base = name.slice(0, m.index);
  const r = rng();
  if (r < 0.6) return base;
  return `${base} ${pick(rng, ['LTDA', 'LTDA ME', 'ME', 'EIRELI', 'SA', 'EPP'])}`;
}

export function isCompanyName(name: string): boolean {
  return COMPANY_SUFFIXES.test(statementName(name)) || /&/.test(name);
}

/**
 * The payer name as a bank shows it. `strength` scales how often each
 * distortion is applied (1 = the rates seen on real statements; 0 = only
 * upper case without accents).
 */
export function bankName(rng: Rng, name: string, strength = 1): Distorted {
  let out = statementName(name).replace(/\s+/g, ' ').trim();
  const distortions: string[] = [];
  const apply = (label: string, p: number, f: (s: string) => string) => {
    if (rng() >= p * strength) return;
    const next = f(out);
    if (next !== out) {
      out = next;
      distortions.push(label);
    }
  };
  if (isCompanyName(name)) {
    apply('company_suffix', 0.45, (s) => changeCompanySuffix(rng, s));
  } else {
    apply('drop_particles', 0.12, dropParticles);
    apply('abbreviate_middle', 0.14, abbreviateMiddle);
    apply('drop_middle', 0.08, (s) => dropMiddle(rng, s));
  }
  apply('typo', 0.03, (s) => transposeLetter(rng, s));
  apply('truncate', 0.18, (s) => truncate(s, randInt(rng, 20, 25)));
  return { name: out, distortions };
}
