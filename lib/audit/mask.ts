// Audit metadata must not carry full CPFs/CNPJs: any 11- or 14-digit document
// (formatted or not) inside a string is masked, keeping the middle digits
// only (***.456.789-** / **.345.678/0001-**), which is enough to recognise it.
const CPF = /(?<!\d)(\d{3})\.?(\d{3})\.?(\d{3})-?(\d{2})(?!\d)/g;
const CNPJ = /(?<!\d)(\d{2})\.?(\d{3})\.?(\d{3})\/?(\d{4})-?(\d{2})(?!\d)/g;

export function maskDocumentsInText(text: string): string {
  return text.replace(CNPJ, '**.$2.$3/$4-**').replace(CPF, '***.$2.$3-**');
}

export function maskDocumentsDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskDocumentsInText(value);
  if (Array.isArray(value)) return value.map(maskDocumentsDeep);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDocumentsDeep(v)]));
  }
  return value;
}
