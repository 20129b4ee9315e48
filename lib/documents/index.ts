export { onlyDigits, isValidCpf, isValidCnpj, cpfCheckDigits, cnpjCheckDigits } from './check-digits';
export { generateCpf, generateCnpj, type Rng } from './generate';
export { formatCpf, formatCnpj, maskDocument, parseDocument, type DocumentType, type ParsedDocument } from './format';
