import { describe, expect, it } from 'vitest';
import { cpfCheckDigits } from '@/lib/documents';
import { foldText, nameParts, normalizeEmail, normalizePhone, parsePayerKey } from './normalize';
import { cnpj, cpf } from './test-kit';

describe('foldText', () => {
  it('strips accents and case, turns punctuation into single spaces', () => {
    expect(foldText('  João  Antônio da Conceição-Araújo ')).toBe('JOAO ANTONIO DA CONCEICAO ARAUJO');
    expect(foldText("D'Ávila & Cia.")).toBe('D AVILA CIA');
  });
});

describe('nameParts', () => {
  it('drops particles (not a leading one) and digits', () => {
    expect(nameParts('João Souza da Silva').tokens).toEqual(['JOAO', 'SOUZA', 'SILVA']);
    expect(nameParts('MARIA DOS SANTOS E OLIVEIRA 0001').tokens).toEqual(['MARIA', 'SANTOS', 'OLIVEIRA']);
    expect(nameParts('Ana D’Ávila').tokens).toEqual(['ANA', 'AVILA']);
  });

  it('drops company suffixes in their usual spellings', () => {
    for (const name of ['Construtora Almeida Ltda', 'CONSTRUTORA ALMEIDA LTDA.', 'Construtora Almeida ME', 'Construtora Almeida EIRELI', 'Construtora Almeida S.A.', 'Construtora Almeida S/A', 'Construtora Almeida LTDA ME', 'CONSTRUTORA ALMEIDA EPP']) {
      const p = nameParts(name);
      expect(p.tokens, name).toEqual(['CONSTRUTORA', 'ALMEIDA']);
      expect(p.company, name).toBe(true);
    }
    expect(nameParts('Silva & Souza Sociedade de Advogados S/S').tokens).toEqual(['SILVA', 'SOUZA', 'SOCIEDADE', 'ADVOGADOS']);
  });

  it('drops what a cut or a typo leaves of a suffix, only where that is plausible', () => {
    expect(nameParts('CONSTRUTORA MONTEIRO EP').tokens).toEqual(['CONSTRUTORA', 'MONTEIRO']); // 23 chars: cut
    expect(nameParts('MACHADO & RIBEIRO LTAD').tokens).toEqual(['MACHADO', 'RIBEIRO']);
    expect(nameParts('FERNANDES & FERREIRA M').tokens).toEqual(['FERNANDES', 'FERREIRA']);
    // A short person's name keeps its last word; a person's initial is not a suffix.
    expect(nameParts('JOSE LT').tokens).toEqual(['JOSE', 'LT']);
    expect(nameParts('ANTONIO CARLOS DE SOUZA M').tokens).toEqual(['ANTONIO', 'CARLOS', 'SOUZA', 'M']);
  });
});

describe('parsePayerKey', () => {
  const c = cpf(1);
  const formatted = `${c.slice(0, 3)}.${c.slice(3, 6)}.${c.slice(6, 9)}-${c.slice(9)}`;

  it('reads formatted and bare CPFs and CNPJs with valid check digits', () => {
    expect(parsePayerKey(formatted).document).toEqual({ type: 'CPF', digits: c });
    expect(parsePayerKey(c).document).toEqual({ type: 'CPF', digits: c });
    const j = cnpj(1);
    expect(parsePayerKey(`${j.slice(0, 2)}.${j.slice(2, 5)}.${j.slice(5, 8)}/${j.slice(8, 12)}-${j.slice(12)}`).document).toEqual({ type: 'CNPJ', digits: j });
  });

  it('rejects a document whose check digits are wrong', () => {
    const bad = c.slice(0, 9) + String((Number(c[9]) + 1) % 10) + c[10];
    expect(parsePayerKey(bad).document).toBeNull();
  });

  it('takes a PIX key that is a phone or an e-mail for a contact, not a document', () => {
    expect(parsePayerKey('+5511988887777')).toEqual({ document: null, masked: null, email: null, phone: '1188887777' });
    expect(parsePayerKey('(11) 98888-7777').phone).toBe('1188887777');
    expect(parsePayerKey('11 98888-7777').phone).toBe('1188887777');
    expect(parsePayerKey(' Joao.Silva@Example.com.br ').email).toBe('joao.silva@example.com.br');
    // Phone-shaped even when its digits would pass a CPF check: "+55…" is never a CPF…
    expect(parsePayerKey(`+55${c}`).document).toBeNull();
    // …nor is "11 98888-77xy" whose eleven digits happen to be a valid CPF.
    const digits = `119888877${cpfCheckDigits('119888877')}`;
    expect(parsePayerKey(digits).document).toEqual({ type: 'CPF', digits }); // written bare, it is a CPF
    expect(parsePayerKey(`11 98888-${digits.slice(7)}`)).toMatchObject({ document: null, phone: `11${digits.slice(3)}` });
  });

  it('keeps the visible digits of a masked document', () => {
    expect(parsePayerKey('***.456.789-**').masked).toEqual({ type: 'CPF', middle: '456789' });
    expect(parsePayerKey('**.345.678/0001-**').masked).toEqual({ type: 'CNPJ', middle: '3456780001' });
  });

  it('gives nothing for empty or meaningless values', () => {
    for (const v of [null, '', '   ', 'N/A', '123']) expect(parsePayerKey(v)).toEqual({ document: null, masked: null, email: null, phone: null });
  });
});

describe('contact keys', () => {
  it('agree across the ways Brazilian phones are written', () => {
    const keys = ['+55 (11) 98888-7777', '5511988887777', '011988887777', '11988887777', '1188887777'].map(normalizePhone);
    expect(new Set(keys)).toEqual(new Set(['1188887777']));
    expect(normalizePhone('12345')).toBeNull();
  });

  it('lower-case e-mails and refuse non-addresses', () => {
    expect(normalizeEmail('A@B.COM')).toBe('a@b.com');
    expect(normalizeEmail('not an email')).toBeNull();
  });
});
