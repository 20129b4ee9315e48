import { describe, expect, it } from 'vitest';
import { payerFromDescription } from './payer';
import { cpf } from './test-kit';

// Statement lines as Brazilian banks write them (hand-written, not generated).
describe('payerFromDescription', () => {
  const c = cpf(2);
  const formatted = `${c.slice(0, 3)}.${c.slice(3, 6)}.${c.slice(6, 9)}-${c.slice(9)}`;

  it.each([
    ['PIX RECEBIDO - JOAO S SILVA', 'JOAO S SILVA'],
    ['PIX RECEB MARIA APARECIDA DOS SA', 'MARIA APARECIDA DOS SA'],
    ['TRANSF PIX ANA PAULA COSTA', 'ANA PAULA COSTA'],
    ['TED RECEBIDA - CONSTRUTORA ALMEIDA LTDA', 'CONSTRUTORA ALMEIDA LTDA'],
    ['TED 341 0001 MARIA SANTOS', 'MARIA SANTOS'],
    ['LIQUIDACAO DE BOLETO - PADARIA LIMA ME', 'PADARIA LIMA ME'],
    ['RECEBIMENTO BOLETO JOSE ARAUJO', 'JOSE ARAUJO'],
    ['PIX RECEBIDO DE MARIA DE LOURDES', 'MARIA DE LOURDES'],
    ['RECEBIMENTO PIX JOAO PEDRO 04/03', 'JOAO PEDRO'],
    ['CRED PIX FERNANDA LIMA', 'FERNANDA LIMA'],
    ['TED-CREDITO EM CONTA ROBERTO DIAS', 'ROBERTO DIAS'],
    ['DOC/TED RECEBIDO CARLOS NUNES 12/03', 'CARLOS NUNES'],
    ['Pix recebido: Júlia Araújo', 'JULIA ARAUJO'],
    ['PIX QR CODE RECEBIDO LUCAS MENDES', 'LUCAS MENDES'],
    ['BOLETO PAGO - COMERCIAL MACHADO LTDA', 'COMERCIAL MACHADO LTDA'],
    ['PAGTO RECEBIDO PIX ANA LIMA', 'ANA LIMA'],
    // The "&" of a firm's name is kept: it is what lets a cut suffix ("S." of "S.A.") be recognised.
    ['PIX RECEBIDO - CARDOSO & GONCALVES S.', 'CARDOSO & GONCALVES S'],
    ['TED RECEBIDA - DIAS & LIMA ME', 'DIAS & LIMA ME'],
  ])('%s → %s', (line, name) => {
    expect(payerFromDescription(line).name).toBe(name);
  });

  it('finds a document in the line and keeps it out of the name', () => {
    expect(payerFromDescription(`PIX RECEBIDO ${formatted} JOAO SILVA`)).toEqual({ name: 'JOAO SILVA', document: { type: 'CPF', digits: c }, nonPayment: false });
    expect(payerFromDescription(`PIX REC JOAO SILVA CPF/CNPJ ${formatted}`)).toEqual({ name: 'JOAO SILVA', document: { type: 'CPF', digits: c }, nonPayment: false });
  });

  it('names nobody on lines that carry no payer', () => {
    for (const line of ['PIX RECEBIDO', 'TED RECEBIDA', 'LIQUIDACAO DE COBRANCA', 'RECEBIMENTO BOLETO', '', 'LIQUIDACAO TITULO']) {
      expect(payerFromDescription(line), line).toEqual({ name: null, document: null, nonPayment: false });
    }
  });

  it('recognises lines that are no payment from anyone', () => {
    for (const line of ['RENDIMENTO APLICACAO AUTOMATICA', 'RESGATE CDB', 'ESTORNO PIX', 'DEVOLUCAO TED', 'TRANSFERENCIA ENTRE CONTAS - RECEBIDA', 'CREDITO JUROS POUPANCA']) {
      expect(payerFromDescription(line).nonPayment, line).toBe(true);
    }
  });
});
