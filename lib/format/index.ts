// Everything a person reads goes through these (pt-BR, America/Sao_Paulo).
export { formatAmountInput, formatBRL, formatDecimalComma, formatPercent, parseBRLInput, sumMoney, toCents, fromCents } from '@/lib/format/money';
export { formatCalendarDate, formatDateInput, formatDateTime, formatDateSP, formatMonth, formatRelative, maskDateTyping, parseDateInput, todaySP, monthSP, lastMonths } from '@/lib/format/date';
export { formatDocument, maskedDocument } from '@/lib/format/document';
export { CSV_BOM, csvMoney, csvRow, csvText } from '@/lib/format/csv';
