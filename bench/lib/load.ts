// A small in-process load generator: N keep-alive connections (node:http,
// one socket per virtual client), each sending its next request as soon as
// the previous answer is fully read, for a fixed duration or until the
// request source runs dry. Latency is measured per request, from write to
// the last byte of the body.
import http from 'node:http';

export interface Sample {
  status: number;
  ms: number;
  xCache: string | undefined;
  /** Body length as received. */
  bytes: number;
}

export interface LoadResult {
  label: string;
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  /** Responses by status code. */
  statuses: Record<string, number>;
  /** Responses by X-Cache value ('-' when absent). */
  xCache: Record<string, number>;
  /** Smallest and largest body received: a HIT must carry the same body as a MISS. */
  bodyBytes: { min: number; max: number };
  /** True when the request source ran dry before the duration ended. */
  exhausted: boolean;
}

export interface Percentiles {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
  return { n: sorted.length, p50: at(50), p99: at(99), max: sorted[sorted.length - 1] ?? Number.NaN };
}

export interface PlannedRequest {
  path: string;
  headers?: Record<string, string>;
}

export interface LoadOptions {
  label: string;
  baseUrl: string;
  connections: number;
  durationMs: number;
  /** The next request to send, or null when there is nothing left (ends the run early). */
  next: (i: number) => PlannedRequest | null;
}

function send(agent: http.Agent, base: URL, req: PlannedRequest): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const r = http.request(
      { host: base.hostname, port: base.port, path: req.path, method: 'GET', agent, headers: req.headers },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => {
          const x = res.headers['x-cache'];
          resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, xCache: Array.isArray(x) ? x[0] : x, bytes });
        });
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end();
  });
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const base = new URL(options.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const xCache: Record<string, number> = {};
  const bodyBytes = { min: Infinity, max: 0 };
  let issued = 0;
  let exhausted = false;
  const started = performance.now();
  const deadline = started + options.durationMs;
  try {
    await Promise.all(
      Array.from({ length: options.connections }, async () => {
        while (performance.now() < deadline) {
          const planned = options.next(issued++);
          if (!planned) {
            exhausted = true;
            return;
          }
          const s = await send(agent, base, planned);
          latencies.push(s.ms);
          statuses[s.status] = (statuses[s.status] ?? 0) + 1;
          xCache[s.xCache ?? '-'] = (xCache[s.xCache ?? '-'] ?? 0) + 1;
          bodyBytes.min = Math.min(bodyBytes.min, s.bytes);
          bodyBytes.max = Math.max(bodyBytes.max, s.bytes);
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  const seconds = (performance.now() - started) / 1000;
  const p = percentiles(latencies);
  return {
    label: options.label,
    requests: latencies.length,
    seconds,
    rps: latencies.length / seconds,
    p50: p.p50,
    p99: p.p99,
    max: p.max,
    statuses,
    xCache,
    bodyBytes,
    exhausted,
  };
}

/** Runs fn n times with `concurrency` callers in parallel; per-call latency and throughput. */
export async function timeCalls(
  n: number,
  concurrency: number,
  fn: (i: number) => Promise<unknown>,
): Promise<Percentiles & { opsPerSecond: number }> {
  const samples: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const s = performance.now();
        await fn(i);
        samples.push(performance.now() - s);
      }
    }),
  );
  const total = performance.now() - t0;
  return { ...percentiles(samples), opsPerSecond: (n / total) * 1000 };
}
