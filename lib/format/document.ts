// CPF/CNPJ for people: formatted in full where the person needs it, masked
// (***.456.789-**) elsewhere. Reuses lib/documents, the one parser.
import { formatCnpj, formatCpf, maskDocument } from '@/lib/documents/format';

const digitsOf = (s: string) => s.replace(/\D/g, '');

export function formatDocument(input: string | null | undefined): string {
  if (!input) return '';
  const d = digitsOf(input);
  if (d.length === 11) return formatCpf(d);
  if (d.length === 14) return formatCnpj(d);
  return input;
}

export function maskedDocument(input: string | null | undefined): string {
  if (!input) return '';
  return maskDocument(input);
}
