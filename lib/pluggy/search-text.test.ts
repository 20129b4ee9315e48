import { describe, expect, it } from 'vitest';
import { foldSearchText, likeLiteral } from '@/lib/pluggy/search-text';

describe('foldSearchText', () => {
  it('lower-cases and folds Portuguese accents like the column does', () => {
    expect(foldSearchText('João Conceição')).toBe('joao conceicao');
    expect(foldSearchText('JOSÉ ÂNGELO ÚRSULA ÍTALO ÕES ÑU')).toBe('jose angelo ursula italo oes nu');
  });

  it('leaves digits, punctuation and other characters alone', () => {
    expect(foldSearchText('PIX 123.456-78 Müller & Cia.')).toBe('pix 123.456-78 muller & cia.');
    expect(foldSearchText('ß')).toBe('ß');
  });
});

describe('likeLiteral', () => {
  it('escapes LIKE wildcards and the escape character', () => {
    expect(likeLiteral('100% a_b c\\d')).toBe('100\\% a\\_b c\\\\d');
    expect(likeLiteral('joao')).toBe('joao');
  });
});
