import { describe, expect, it } from 'vitest';
import { abbreviateMiddle, dropMiddle, dropParticles, transposeLetter, truncate } from '@/lib/synthetic/book';
import { createRng } from '@/lib/synthetic/rng';
import { compareNames, TokenTable, withinOneEdit } from './name-similarity';
import { nameFraction } from './score-name';

const table = new TokenTable();
const sim = (payer: string, client: string) => compareNames(table.prepare(payer), table.prepare(client));

describe('compareNames: what banks do to a name still matches', () => {
  const client = 'João Souza da Silva';

  it('case, accents and particles do not matter', () => {
    expect(sim('JOAO SOUZA DA SILVA', client)).toEqual({ score: 1, verdict: 'exact' });
    expect(sim('JOAO SOUZA SILVA', client)).toEqual({ score: 1, verdict: 'exact' });
  });

  it('an abbreviated middle name (JOAO S DA SILVA)', () => {
    const r = sim('JOAO S DA SILVA', client);
    expect(r.verdict).toBe('equivalent');
    expect(r.score).toBeGreaterThan(0.9);
  });

  it('a dropped middle name, or an extra one the firm did not type', () => {
    expect(sim('JOAO SILVA', client).score).toBeGreaterThan(0.8);
    expect(sim('ANA PAULA COSTA LIMA', 'Ana Costa Lima').score).toBeGreaterThan(0.8);
  });

  it('the field cut at 20–25 characters, mid-word', () => {
    const long = 'Maria Aparecida dos Santos Oliveira';
    for (const max of [20, 21, 22, 23, 24, 25]) {
      const cut = truncate('MARIA APARECIDA DOS SANTOS OLIVEIRA', max);
      const r = sim(cut, long);
      expect(r.score, cut).toBeGreaterThan(0.8);
    }
  });

  it('a transposed letter', () => {
    expect(sim('JOAO SOUAZ DA SILVA', client).score).toBeGreaterThan(0.9);
    expect(sim('JAOO SOUZA DA SILVA', client).score).toBeGreaterThan(0.9);
    expect(withinOneEdit('SOUZA', 'SOUAZ')).toBe(true);
    expect(withinOneEdit('SOUZA', 'SOUSA')).toBe(true);
    expect(withinOneEdit('SOUZA', 'SUOAZ')).toBe(false);
  });

  it('companies with and without their suffix', () => {
    for (const payer of ['CONSTRUTORA ALMEIDA', 'CONSTRUTORA ALMEIDA LTDA', 'CONSTRUTORA ALMEIDA ME', 'CONSTRUTORA ALMEIDA EIRELI', 'CONSTRUTORA ALMEIDA S A']) {
      expect(sim(payer, 'Construtora Almeida Ltda').verdict, payer).toBe('exact');
    }
    expect(sim('SILVA E SOUZA LTDA', 'Silva & Souza Ltda').verdict).toBe('exact');
  });

  it('survives the book generator’s own distortions, one at a time', () => {
    const rng = createRng(9);
    const names = ['JOSE ANTONIO DA CONCEICAO ARAUJO', 'ANA PAULA COSTA LIMA', 'FRANCISCO DE OLIVEIRA', 'MARIA DAS GRACAS SANTOS'];
    for (const n of names) {
      for (const d of [dropParticles(n), abbreviateMiddle(n), dropMiddle(rng, n), transposeLetter(rng, n), truncate(n, 20)]) {
        expect(sim(d, n).score, `${d} vs ${n}`).toBeGreaterThan(0.8);
      }
    }
  });
});

describe('compareNames: different people stay apart', () => {
  it('a relative with the same surname is family, worth no name points', () => {
    const r = sim('ANA SILVA', 'João Souza da Silva');
    expect(r.verdict).toBe('family');
    expect(nameFraction(r.score)).toBe(0);
  });

  it('another surname, or another person entirely', () => {
    expect(nameFraction(sim('JOAO PEDRO SOUZA', 'João Pedro Silva').score)).toBeLessThan(0.2);
    expect(sim('CARLOS NUNES', 'João Souza da Silva').verdict).toBe('different');
    expect(nameFraction(sim('CONSTRUTORA SILVA', 'Construtora Almeida Ltda').score)).toBe(0);
  });

  it('an exact name scores above any distortion of it', () => {
    const exact = sim('MARIA SANTOS OLIVEIRA', 'Maria Santos Oliveira').score;
    for (const d of ['MARIA S OLIVEIRA', 'MARIA OLIVEIRA', 'MARIA SANTOS OLIVIERA']) expect(sim(d, 'Maria Santos Oliveira').score).toBeLessThan(exact);
  });
});
