// The HTTP transport under @upstash/redis (its public `Requester` extension
// point), replacing the SDK's fetch-based client for two measured reasons
// (bench:cache, 32 connections, see bench/README.md):
// - Cross-request batching. Single commands issued by concurrent requests in
//   the same event-loop turn leave as ONE `POST /pipeline`, so under load a
//   request's cache read and rate-limit script share an HTTP round trip with
//   other requests' instead of paying one each. The SDK's own auto-pipelining
//   only joins commands issued in the same microtask burst (one caller).
// - node:http keep-alive instead of fetch, and no base64 response encoding:
//   decoding base64 in JS cost ~6% of the server's CPU on a cache HIT.
//   Values we store are UTF-8 text (JSON), which plain JSON replies carry
//   intact; binary values would need the SDK's base64 mode.
// Semantics kept from the SDK: one command is executed once (no retries, so
// an EVALSHA of the rate limiter is never counted twice), per-command
// errors come back as { error } (pipeline replies are per command), and
// Upstash's read-your-writes sync token is sent and updated.
// A batch that fails at the HTTP level (timeout, refused, 5xx) fails every
// command in it; callers (lib/redis/call.ts) treat that as they treat any
// Redis failure. Pipelines and transactions built by the caller
// (path "pipeline" / "multi-exec") are sent as they are.
import http from 'node:http';
import https from 'node:https';
import type { Requester, UpstashRequest, UpstashResponse } from '@upstash/redis';

export interface TransportStats {
  /** HTTP requests sent. */
  httpRequests: number;
  /** Single commands sent, batched or not. */
  commands: number;
  /** The largest batch sent. */
  maxBatch: number;
}

export interface UpstashTransportOptions {
  url: string;
  token: string;
  /** Deadline of one HTTP request (the whole batch). */
  timeoutMs: number;
  /** Commands per pipeline at most; a fuller queue is flushed at once. */
  maxBatch?: number;
  /**
   * Batches in flight at most (default 2). Commands issued meanwhile wait for
   * one to return and leave together: under load batches grow instead of
   * HTTP requests multiplying; when idle a command leaves at once.
   */
  maxInFlight?: number;
  /** Keep-alive sockets to the REST endpoint at most. */
  maxSockets?: number;
}

interface Pending {
  command: unknown;
  queuedAt: number;
  resolve: (r: UpstashResponse<unknown>) => void;
  reject: (err: Error) => void;
}

export class UpstashHttpError extends Error {
  override readonly name = 'UpstashHttpError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export class UpstashTransport implements Requester {
  readYourWrites = true;
  upstashSyncToken = '';
  readonly stats: TransportStats = { httpRequests: 0, commands: 0, maxBatch: 0 };

  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly send: typeof http.request;
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;
  private queue: Pending[] = [];
  private scheduled = false;
  private inFlight = 0;

  constructor(options: UpstashTransportOptions) {
    this.base = new URL(options.url.replace(/\/$/, ''));
    const secure = this.base.protocol === 'https:';
    const Agent = secure ? https.Agent : http.Agent;
    this.agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 16 });
    this.send = secure ? https.request : http.request;
    this.authorization = `Bearer ${options.token}`;
    this.timeoutMs = options.timeoutMs;
    this.maxBatch = options.maxBatch ?? 64;
    this.maxInFlight = options.maxInFlight ?? 2;
  }

  request = <T = unknown>(req: UpstashRequest): Promise<UpstashResponse<T>> => {
    if (req.path?.length || req.isStreaming || req.onMessage || (req.headers && Object.keys(req.headers).length)) {
      return this.post(req.path ?? [], req.body, req.headers) as Promise<UpstashResponse<T>>;
    }
    return new Promise<UpstashResponse<T>>((resolve, reject) => {
      this.queue.push({ command: req.body, queuedAt: performance.now(), resolve: resolve as Pending['resolve'], reject });
      if (this.queue.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate, not a microtask: it runs after the poll phase, so
        // every request whose I/O completed in this turn has queued by then.
        setImmediate(this.flush);
      }
    });
  };

  close(): void {
    this.agent.destroy();
  }

  private flush = (): void => {
    this.scheduled = false;
    this.dropExpired();
    const batch = this.queue;
    if (batch.length === 0) return;
    // A full batch always leaves; otherwise wait for a batch to come back.
    if (this.inFlight >= this.maxInFlight && batch.length < this.maxBatch) return;
    this.queue = [];
    this.inFlight++;
    const done = () => {
      this.inFlight--;
      if (this.queue.length && !this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flush);
      }
    };
    this.stats.commands += batch.length;
    this.stats.maxBatch = Math.max(this.stats.maxBatch, batch.length);
    if (batch.length === 1) {
      const [only] = batch as [Pending];
      this.post([], only.command)
        .then((r) => only.resolve(r as UpstashResponse<unknown>), only.reject)
        .finally(done);
      return;
    }
    this.post(['pipeline'], batch.map((p) => p.command)).then(
      (replies) => {
        if (!Array.isArray(replies) || replies.length !== batch.length) {
          const err = new UpstashHttpError(`pipeline answered ${Array.isArray(replies) ? replies.length : 'no'} replies for ${batch.length} commands`);
          for (const p of batch) p.reject(err);
          return;
        }
        batch.forEach((p, i) => p.resolve(replies[i] as UpstashResponse<unknown>));
      },
      (err: Error) => {
        for (const p of batch) p.reject(err);
      },
    ).finally(done);
  };

  /**
   * Commands that waited longer than the deadline for a free slot (the
   * endpoint is hanging) are failed, not sent: their callers have given up,
   * and a late write or rate-limit count would only surprise them.
   */
  private dropExpired(): void {
    const now = performance.now();
    if (this.queue.length === 0 || now - this.queue[0]!.queuedAt <= this.timeoutMs) return;
    const expired = this.queue.filter((p) => now - p.queuedAt > this.timeoutMs);
    this.queue = this.queue.filter((p) => now - p.queuedAt <= this.timeoutMs);
    const err = new UpstashHttpError(`not sent: waited over ${this.timeoutMs} ms for the endpoint (timed out)`);
    for (const p of expired) p.reject(err);
  }

  /** One HTTP POST; resolves with the parsed JSON reply of a 2xx, rejects otherwise. */
  private post(path: string[], body: unknown, extraHeaders?: Record<string, string>): Promise<unknown> {
    const payload = JSON.stringify(body);
    const headers: Record<string, string | number> = {
      authorization: this.authorization,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
      ...extraHeaders,
    };
    if (this.readYourWrites && this.upstashSyncToken) headers['upstash-sync-token'] = this.upstashSyncToken;
    const basePath = this.base.pathname === '/' ? '' : this.base.pathname;
    const target = `${basePath}/${path.map(encodeURIComponent).join('/')}`;
    this.stats.httpRequests++;
    return new Promise((resolve, reject) => {
      const req = this.send(
        {
          protocol: this.base.protocol,
          hostname: this.base.hostname,
          port: this.base.port,
          path: target,
          method: 'POST',
          agent: this.agent,
          headers,
          timeout: this.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const token = res.headers['upstash-sync-token'];
            if (this.readYourWrites && typeof token === 'string') this.upstashSyncToken = token;
            let parsed: unknown;
            try {
              parsed = JSON.parse(text);
            } catch {
              reject(new UpstashHttpError(`unreadable reply (HTTP ${res.statusCode}): ${text.slice(0, 200)}`, res.statusCode));
              return;
            }
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve(parsed);
            else {
              const message = (parsed as { error?: unknown } | null)?.error;
              reject(new UpstashHttpError(typeof message === 'string' ? message : `HTTP ${status}`, status));
            }
          });
        },
      );
      req.on('timeout', () => req.destroy(new UpstashHttpError(`no reply within ${this.timeoutMs} ms (timed out)`)));
      req.on('error', reject);
      req.end(payload);
    });
  }
}
