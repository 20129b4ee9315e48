// Serves one route handler over real HTTP (for the Pluggy sandbox's webhook
// deliveries in tests and the benchmark): each request becomes the Request a
// Next.js route receives, stamped with a peer address as the server would.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stampForTests } from '@/lib/http/peer-stamp';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface RouteBridge {
  url: string;
  close(): Promise<void>;
}

export async function startRouteBridge(handler: Handler, opts: { peer?: (req: { headers: Record<string, unknown> }) => string } = {}): Promise<RouteBridge> {
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        if (v === undefined || k === 'host' || k === 'connection' || k === 'content-length') continue;
        headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      }
      stampForTests(headers, opts.peer?.({ headers: req.headers }) ?? '127.0.0.1');
      const { port } = server.address() as AddressInfo;
      const request = new Request(`http://127.0.0.1:${port}${req.url}`, {
        method: req.method,
        headers,
        body: chunks.length && req.method !== 'GET' ? Buffer.concat(chunks) : undefined,
      });
      const response = await handler(request, { params: Promise.resolve({}) });
      const body = Buffer.from(await response.arrayBuffer());
      res.writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'application/json' });
      res.end(body);
    })().catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
