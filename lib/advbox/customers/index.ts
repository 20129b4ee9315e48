export { getCustomers, loadCustomers, type CustomersResult, type GetCustomersOptions } from './get-customers';
export { refreshCustomers, refreshDue, REFRESH_EVERY_MS, FULL_EVERY_MS, type RefreshMode, type RefreshOutcome } from './refresh';
export { searchCustomers, type AdvboxCustomerHit, type CustomerSearchResult } from './search';
export { customerRows, markUnlisted, readCustomerColumns, readCustomers, upsertCustomers, type CustomerColumns, type CustomerDto } from './store';
