// Concilia's Pluggy client: the official pluggy-sdk behind our transport.
// See README.md in this folder.
export { amountCents, bookingDate, centsToDecimalString, signedAmountCents } from './amounts';
export { ApiKeyCache, apiKeys } from './api-keys';
export { environmentPluggyCredentials, pluggyApiUrl, PLUGGY_DEFAULT_URL, resolvePluggyCredentials, type ResolvedPluggyCredentials } from './credentials';
export { isPluggyError, PluggyApiError, PluggyNetworkError, type PluggyError } from './errors';
export { pluggyForTenant, PluggyNotConfiguredError } from './for-tenant';
export { createPluggyApi, MAX_IDS_PER_REQUEST, PluggyApi, type PluggyApiOptions, type PluggySourceKind, type TransactionFilters } from './pluggy-api';
export { BACKGROUND, INTERACTIVE, RETRY_POLICIES, type RetryPolicy, type RetryPolicyName } from './retry-policy';
export { SANDBOX_CLIENT } from './sandbox-credentials';
export type { PluggyCredentials } from './transport';
