// A local server speaking Pluggy's API wire protocol (see
// shared specs: POST /auth → { apiKey: <JWT> }, X-API-KEY on every call,
// errors as { code, codeDescription?, message }). It starts with the
// authentication surface and the sandbox connector; sync endpoints grow here.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PluggySandboxOptions {
  clients?: { clientId: string; clientSecret: string; disabled?: boolean }[];
  port?: number;
  host?: string;
}

export interface PluggySandbox {
  url: string;
  close(): Promise<void>;
  /** Requests received, for assertions. */
  requests: { method: string; path: string }[];
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** An unsigned JWT with a numeric exp, which is all pluggy-sdk decodes. */
export function sandboxApiKey(clientId: string, ttlSeconds = 7200): string {
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ clientId, iat: now, exp: now + ttlSeconds })}.`;
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : {};
}

function apiKeyClient(header: string | undefined): string | null {
  if (!header) return null;
  try {
    const payload = JSON.parse(Buffer.from(header.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      clientId?: string;
      exp?: number;
    };
    return payload.exp && payload.exp > Date.now() / 1000 ? (payload.clientId ?? null) : null;
  } catch {
    return null;
  }
}

const SANDBOX_CONNECTOR = {
  id: 0,
  name: 'Pluggy Bank',
  type: 'PERSONAL_BANK',
  isSandbox: true,
  isOpenFinance: false,
  health: { status: 'ONLINE', stage: null },
  products: ['ACCOUNTS', 'TRANSACTIONS'],
  country: 'BR',
};

export async function startPluggySandbox(opts: PluggySandboxOptions = {}): Promise<PluggySandbox> {
  const clients = opts.clients ?? [{ clientId: 'sandbox-client-id', clientSecret: 'sandbox-client-secret' }];
  const requests: PluggySandbox['requests'] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://sandbox');
      requests.push({ method: req.method ?? 'GET', path: url.pathname });
      if (req.method === 'POST' && url.pathname === '/auth') {
        let body: { clientId?: unknown; clientSecret?: unknown };
        try {
          body = (await readBody(req)) as typeof body;
        } catch {
          return send(res, 400, { code: 400, message: 'Invalid JSON body' });
        }
        if (typeof body.clientId !== 'string' || typeof body.clientSecret !== 'string') {
          return send(res, 400, { code: 400, message: 'clientId should not be empty,clientSecret should not be empty' });
        }
        const c = clients.find((x) => x.clientId === body.clientId && x.clientSecret === body.clientSecret);
        if (!c) {
          return send(res, 401, { code: 401, codeDescription: 'CLIENT_KEYS_UNAUTHORIZED', message: 'Invalid credentials' });
        }
        if (c.disabled) return send(res, 401, { code: 401, codeDescription: 'CLIENT_DISABLED', message: 'Client disabled' });
        return send(res, 200, { apiKey: sandboxApiKey(c.clientId) });
      }
      const client = apiKeyClient(req.headers['x-api-key'] as string | undefined);
      if (!client) return send(res, 403, { code: 403, message: 'Missing or invalid X-API-KEY' });
      if (req.method === 'GET' && url.pathname === '/connectors') {
        return send(res, 200, { total: 1, totalPages: 1, page: 1, results: [SANDBOX_CONNECTOR] });
      }
      if (req.method === 'GET' && url.pathname === '/connectors/0') return send(res, 200, SANDBOX_CONNECTOR);
      return send(res, 404, { code: 404, message: `Cannot ${req.method} ${url.pathname}` });
    })().catch((err: unknown) => send(res, 500, { code: 500, message: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
