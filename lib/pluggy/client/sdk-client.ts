// The official PluggyClient with its transport replaced. The SDK keeps what
// it does well — the endpoint and parameter mapping of each method and the
// response types — and its protected request methods (its extension points)
// go through our PluggyTransport. Its base URL comes from us, not from
// process.env.PLUGGY_API_URL read at construction, so one process can talk
// to the sandbox and to api.pluggy.ai at once.
import { PluggyClient } from 'pluggy-sdk';
import { encodeQuery } from './query';
import type { PluggyTransport } from './transport';

export class SdkClient extends PluggyClient {
  constructor(readonly transport: PluggyTransport) {
    super({ clientId: transport.credentials.clientId, clientSecret: transport.credentials.clientSecret });
    this.baseUrl = transport.credentials.baseUrl;
  }

  protected override getApiKey(): Promise<string> {
    return this.transport.apiKey();
  }

  protected override mapToQueryString(params: Record<string, unknown> | null | undefined): string {
    return encodeQuery(params);
  }

  protected override createGetRequest<T>(endpoint: string, params?: Record<string, unknown> | null): Promise<T> {
    return this.transport.request<T>('GET', endpoint, { query: params });
  }

  protected override createMutationRequest<T>(
    method: string,
    endpoint: string,
    params?: Record<string, unknown> | null,
    body?: Record<string, unknown>,
  ): Promise<T> {
    // Real Pluggy answers mutations with 200; any 2xx is accepted here (the
    // SDK rejects a 201/204 with the request body).
    // A connect token is harmless to ask for twice; other POSTs create things.
    return this.transport.request<T>(method.toUpperCase(), endpoint, { query: params, body, idempotent: method.toUpperCase() !== 'POST' || endpoint === 'connect_token' });
  }
}
