export { generateBook, openReceivables, type BookOptions } from './generate';
export { bankName, abbreviateMiddle, dropMiddle, dropParticles, truncate, transposeLetter, changeCompanySuffix } from './distort';
export { addDays, addMonths, daysBetween } from './dates';
export type { Book, BookCustomer, BookDebit, BookPayer, BookPayment, BookReceivable, PaymentKind, PaymentMethod } from './types';
