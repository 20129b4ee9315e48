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

/** When a request arrived, was handed to the route, answered by it and written back (performance.now()). */
export interface BridgeTiming {
  arrived: number;
  handlerStart: number;
  handlerEnd: number;
  written: number;
  /** The x-bench-sent-at header (epoch ms, a load generator's send time), when present. */
  sentAtEpoch: number | null;
}

export interface RouteBridgeOptions {
  peer?: (req: { headers: Record<string, unknown> }) => string;
  /** Called once per answered request (benchmarks: where a request's time goes outside the route). */
  onTiming?: (t: BridgeTiming) => void;
}

export async function startRouteBridge(handler: Handler, opts: RouteBridgeOptions = {}): Promise<RouteBridge> {
  const server = createServer((req, res) => {
    const arrived = performance.now();
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
      const handlerStart = performance.now();
      const response = await handler(request, { params: Promise.resolve({}) });
      const body = Buffer.from(await response.arrayBuffer());
      const handlerEnd = performance.now();
      const head: Record<string, string> = { 'content-type': response.headers.get('content-type') ?? 'application/json' };
      // Epoch ms of the answer, so a load generator in another process can tell its way back from the rest.
      if (opts.onTiming) head['x-bench-answered-at'] = String(performance.timeOrigin + handlerEnd);
      res.writeHead(response.status, head);
      res.end(body);
      if (opts.onTiming) {
        const sent = Number(req.headers['x-bench-sent-at']);
        opts.onTiming({ arrived, handlerStart, handlerEnd, written: performance.now(), sentAtEpoch: Number.isFinite(sent) && sent > 0 ? sent : null });
      }
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
