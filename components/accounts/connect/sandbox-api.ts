// The calls Pluggy's widget makes, made from the browser to the local
// sandbox with the connect token (never our API key): list connectors,
// create the item (or send new credentials to it), answer the MFA, and
// follow the item until its login settles.
import type { PluggyItemError } from './connect-errors';

export interface ConnectorCredential {
  name: string;
  label: string;
  type: string;
  placeholder?: string;
}

export interface SandboxConnector {
  id: number;
  name: string;
  primaryColor?: string;
  isSandbox?: boolean;
  credentials: ConnectorCredential[];
}

export interface SandboxItem {
  id: string;
  status: string;
  executionStatus?: string;
  connector: SandboxConnector;
  error: PluggyItemError | null;
  parameter: { name: string; label: string; placeholder?: string } | null;
}

export class ConnectRequestError extends Error {
  constructor(
    readonly status: number | null,
    message: string,
  ) {
    super(message);
  }
}

export class SandboxApi {
  constructor(
    private readonly baseUrl: string,
    private readonly connectToken: string,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { 'x-api-key': this.connectToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
        cache: 'no-store',
      });
    } catch (err) {
      if ((err as { name?: string })?.name === 'AbortError') throw err;
      throw new ConnectRequestError(null, 'network');
    }
    const data = (await res.json().catch(() => null)) as { message?: string } | null;
    if (!res.ok) throw new ConnectRequestError(res.status, data?.message ?? `HTTP ${res.status}`);
    return data as T;
  }

  async connectors(signal?: AbortSignal): Promise<SandboxConnector[]> {
    return (await this.call<{ results: SandboxConnector[] }>('GET', '/connectors?sandbox=true', undefined, signal)).results;
  }

  item(id: string, signal?: AbortSignal): Promise<SandboxItem> {
    return this.call('GET', `/items/${encodeURIComponent(id)}`, undefined, signal);
  }

  createItem(connectorId: number, parameters: Record<string, string>, signal?: AbortSignal): Promise<SandboxItem> {
    return this.call('POST', '/items', { connectorId, parameters }, signal);
  }

  /** New credentials for an item (update mode, or a retry after a failed login: no second item is left behind). */
  updateItem(id: string, parameters: Record<string, string>, signal?: AbortSignal): Promise<SandboxItem> {
    return this.call('PATCH', `/items/${encodeURIComponent(id)}`, { parameters }, signal);
  }

  sendMfa(id: string, name: string, value: string, signal?: AbortSignal): Promise<SandboxItem> {
    return this.call('POST', `/items/${encodeURIComponent(id)}/mfa`, { [name]: value }, signal);
  }

  /** Polls the item until its login is no longer in progress. */
  async settle(id: string, signal: AbortSignal, { intervalMs = 400, timeoutMs = 180_000 } = {}): Promise<SandboxItem> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const item = await this.item(id, signal);
      if (item.status !== 'UPDATING' && item.status !== 'MERGING') return item;
      if (Date.now() > deadline) throw new ConnectRequestError(504, 'timeout');
      await new Promise<void>((resolve, reject) => {
        const stop = () => (clearTimeout(t), reject(signal.reason));
        const t = setTimeout(() => (signal.removeEventListener('abort', stop), resolve()), intervalMs);
        signal.addEventListener('abort', stop, { once: true });
      });
    }
  }
}
