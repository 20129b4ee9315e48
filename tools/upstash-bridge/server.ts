// A small HTTP server that speaks the Upstash Redis REST protocol over a plain
// Redis, so self-hosters and tests can run @upstash/redis and
// @upstash/ratelimit unchanged:
//   POST /            ["SET","k","v"]          → {"result": …}
//   POST /pipeline    [["GET","k"], …]         → [{"result": …} | {"error": …}, …]
//   POST /multi-exec  [["INCR","k"], …]        → same, run as MULTI/EXEC
//   POST /set/k/v     (path form; a body, if any, is the last argument)
// "Authorization: Bearer <token>" is required. Command errors are 400
// {"error": "ERR …"}. One ioredis connection serves every request; Redis
// pipelines them, so there is no per-request client or connection.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { isRequestError, UpstashCommandExecutor, type ExecutorStats } from '@/lib/redis/upstash-compat/executor';

export interface BridgeOptions {
  /** Upstream Redis; a db index in the URL path (redis://host:6379/3) is honoured. */
  redisUrl?: string;
  token: string;
  /** 0 or absent = any free port. */
  port?: number;
  host?: string;
  /** Redis logical database, overriding the one in redisUrl (isolates test runs). */
  db?: number;
  maxBodyBytes?: number;
}

export type BridgeStats = ExecutorStats;

export interface UpstashBridge {
  /** UPSTASH_REDIS_REST_URL for clients. */
  url: string;
  /** UPSTASH_REDIS_REST_TOKEN for clients. */
  token: string;
  stats(): BridgeStats;
  resetStats(): void;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const digest = (s: string) => createHash('sha256').update(s).digest();

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, 'ERR request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'ERR request body is not valid JSON');
  }
}

// Redis's own error replies and rejected commands are the 400 Upstash uses;
// anything else (upstream connection lost, …) is the bridge failing: 502.
function statusOf(err: unknown): number {
  if (err instanceof HttpError) return err.status;
  if (isRequestError(err)) return 400;
  return 502;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function startUpstashBridge(options: BridgeOptions): Promise<UpstashBridge> {
  const redis = new Redis(options.redisUrl ?? 'redis://127.0.0.1:6379', {
    lazyConnect: true,
    ...(options.db === undefined ? {} : { db: options.db }),
  });
  redis.on('error', (err: Error) => console.error(`[upstash-bridge] redis: ${err.message}`));
  await redis.connect();

  const executor = new UpstashCommandExecutor(redis);
  const expectedAuth = digest(`Bearer ${options.token}`);
  const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024;
  const single = (raw: unknown, base64: boolean) => executor.single(raw, base64);
  const batch = (raw: unknown, base64: boolean, transaction: boolean) => executor.batch(raw, base64, transaction);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const auth = req.headers.authorization;
    if (!auth || !timingSafeEqual(digest(auth), expectedAuth)) throw new HttpError(401, 'Unauthorized');
    if (req.method !== 'POST' && req.method !== 'GET') throw new HttpError(405, 'ERR method not allowed');
    const base64 = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const body = await readBody(req, maxBodyBytes);

    if (path === '/' || path === '') return send(res, 200, await single(parseJson(body), base64));
    if (path === '/pipeline') return send(res, 200, await batch(parseJson(body), base64, false));
    if (path === '/multi-exec') return send(res, 200, await batch(parseJson(body), base64, true));
    const fromPath: unknown[] = path.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
    if (body !== '') fromPath.push(body);
    return send(res, 200, await single(fromPath, base64));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return;
      send(res, statusOf(err), { error: errorMessage(err) });
    });
  });
  // Longer than client-side idle timeouts, so pooled connections are reused
  // instead of racing a server-side close.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const host = wildcard ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    token: options.token,
    stats: () => executor.stats(),
    resetStats: () => executor.resetStats(),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
