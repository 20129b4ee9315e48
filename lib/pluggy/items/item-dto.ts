// A bank connection (Pluggy item) as the API shows it.
import type { PluggyItem } from '@/lib/generated/prisma/client';

export interface PluggyItemDto {
  id: string;
  pluggyItemId: string;
  connectorId: number | null;
  connectorName: string | null;
  /** Pluggy's status: UPDATED, UPDATING, LOGIN_ERROR, WAITING_USER_INPUT, OUTDATED, … */
  status: string | null;
  executionStatus: string | null;
  error: { code: string | null; message: string | null } | null;
  /** Last successful update at the institution (Pluggy's lastUpdatedAt). */
  lastUpdatedAt: string | null;
  /** Last time our sync read it. */
  lastSyncedAt: string | null;
  createdAt: string;
  accountCount: number;
}

export function toItemDto(row: PluggyItem, accountCount: number): PluggyItemDto {
  return {
    id: row.id,
    pluggyItemId: row.pluggyItemId,
    connectorId: row.connectorId,
    connectorName: row.connectorName,
    status: row.status,
    executionStatus: row.executionStatus,
    error: row.errorCode || row.errorMessage ? { code: row.errorCode, message: row.errorMessage } : null,
    lastUpdatedAt: row.lastUpdatedAt?.toISOString() ?? null,
    lastSyncedAt: row.lastSyncedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    accountCount,
  };
}

/** The item columns we keep from Pluggy's Item. */
export function itemColumns(item: {
  connector: { id: number; name: string };
  status: string;
  executionStatus: string;
  error: { code: string; message: string } | null;
  clientUserId: string | null;
  lastUpdatedAt: Date | string | null;
}) {
  return {
    connectorId: item.connector.id,
    connectorName: item.connector.name.slice(0, 120),
    status: item.status,
    executionStatus: item.executionStatus,
    errorCode: item.error?.code ?? null,
    errorMessage: item.error?.message ?? null,
    clientUserId: item.clientUserId,
    lastUpdatedAt: item.lastUpdatedAt ? new Date(item.lastUpdatedAt) : null,
  };
}
