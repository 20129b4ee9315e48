// A local server speaking Advbox's API wire protocol (Bearer token,
// {"error": "Unauthenticated."} on 401 for bad tokens and unknown routes, a
// WAF-like 403 HTML page for library-default User-Agents). It starts with
// GET /settings; customers and transactions grow here.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AdvboxSandbox {
  url: string;
  close(): Promise<void>;
  requests: { method: string; path: string; userAgent: string | undefined }[];
}

const DEFAULT_UA = /^(python-requests|node-fetch|axios|undici|got)\b|^node$/i;

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export const SANDBOX_SETTINGS = {
  users: [{ id: 310001, name: 'PESSOA ADVOGADA', email: 'advogada@exemplo.com.br', cellphone: '(11) 90000-0000' }],
  origins: [{ id: 520001, origin: 'INDICAÇÃO' }],
  tasks: [],
  stages: [],
  lawsuit_types: [],
  financial: {
    banks: [{ id: 193001, name: 'CONTA PRINCIPAL' }],
    categories: [
      { id: 51, category: 'HONORÁRIOS INICIAIS', type: 'CRÉDITO' },
      { id: 52, category: 'ALUGUEL', type: 'DÉBITO' },
    ],
    cost_centers: [{ id: 60801, cost_center: 'ESCRITORIO-GERAL' }],
    departments: [{ id: 1, department: 'JURÍDICO' }],
  },
};

export async function startAdvboxSandbox(opts: { tokens?: string[]; port?: number } = {}): Promise<AdvboxSandbox> {
  const tokens = new Set(opts.tokens ?? ['sandbox-advbox-token']);
  const requests: AdvboxSandbox['requests'] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const ua = req.headers['user-agent'];
    requests.push({ method: req.method ?? 'GET', path: url.pathname, userAgent: ua });
    if (!ua || DEFAULT_UA.test(ua)) {
      res.writeHead(403, { 'content-type': 'text/html' });
      res.end('<html><body>Sorry, you have been blocked</body></html>');
      return;
    }
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (!auth || !tokens.has(auth[1]!)) return send(res, 401, { error: 'Unauthenticated.' });
    const path = url.pathname.replace(/^\/api\/v1/, '');
    if (req.method === 'GET' && path === '/settings') return send(res, 200, SANDBOX_SETTINGS);
    // Advbox answers unknown routes with 401 too.
    return send(res, 401, { error: 'Unauthenticated.' });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v1`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
