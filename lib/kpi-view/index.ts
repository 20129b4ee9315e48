export { type KpiConnection } from './connection';
export {
  refreshKpiView,
  KPI_VIEW,
  KPI_REFRESH_LOCK_KEY,
  KPI_REFRESH_LOG_TABLE,
  KPI_REFRESH_REQUESTS_TABLE,
  type KpiRefreshResult,
  type RefreshOptions,
} from './refresh';
export { getKpisForTenant, getKpiViewAsOf, type TenantKpi } from './read';
