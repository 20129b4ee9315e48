// Public entry of the Advbox client: `import { … } from '@/lib/advbox/client'`.
export { AdvboxClient, advboxBaseUrl, ADVBOX_DEFAULT_URL, PAGE_LIMIT, type AdvboxClientOptions, type ReceivablesResult } from './client';
export { advboxClientForTenant } from './for-tenant';
export { advboxCheckToken, type AdvboxCheckResult } from './check-token';
export { AdvboxApiError, ADVBOX_MESSAGES, toApiError, type AdvboxErrorKind } from './errors';
export type { CrawlResult, CrawlStop } from './paging';
export type { AdvboxCustomer, AdvboxSettings, AdvboxTransaction } from './schemas';
export { systemClock, scaledClock, type Clock } from './clock';
export {
  sharedAdvboxBudget,
  resetAdvboxBudgetForTests,
  MemoryBudget,
  RedisBudget,
  ADVBOX_BUDGET,
  type AdvboxBudget,
  type BudgetPolicy,
} from './budget';
export { budgetKey } from './transport';
