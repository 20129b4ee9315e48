// A small SSE client over node:http (one socket per stream, no EventSource
// polyfill): raw bytes, so a test can see whether a proxy or the server
// compressed or buffered the stream, and light enough for thousands of
// streams in one benchmark process.
import { request, type IncomingHttpHeaders } from 'node:http';

export interface RawFrame {
  id?: string;
  data?: string;
  comment?: string;
  retry?: number;
  /** performance.now() when the frame was complete. */
  at: number;
}

export function parseSseBlock(block: string, at: number): RawFrame {
  const f: RawFrame = { at };
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) f.comment = line.slice(1).trim();
    else if (line.startsWith('id:')) f.id = line.slice(3).trim();
    else if (line.startsWith('data:')) f.data = (f.data ? f.data + '\n' : '') + line.slice(5).trim();
    else if (line.startsWith('retry:')) f.retry = Number(line.slice(6).trim());
  }
  return f;
}

export interface SseConnection {
  status: number;
  headers: IncomingHttpHeaders;
  /** Every byte received, as text (what a browser would parse). */
  raw(): string;
  frames: RawFrame[];
  onFrame: ((f: RawFrame) => void) | null;
  waitFor(pred: (f: RawFrame) => boolean, timeoutMs?: number): Promise<RawFrame>;
  close(): void;
  closed: Promise<void>;
}

/**
 * keep=false: frames go to onFrame only (thousands of streams in one process).
 * Pass onFrame here to see the very first frames: they can arrive in the
 * same read as the headers, before the returned promise's continuation runs.
 */
export function openSse(
  url: string,
  headers: Record<string, string> = {},
  { keep = true, onFrame = null }: { keep?: boolean; onFrame?: ((f: RawFrame) => void) | null } = {},
): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers: { accept: 'text/event-stream', ...headers }, agent: false }, (res) => {
      let raw = '';
      let buffer = '';
      const waiters = new Set<() => void>();
      let ended = false;
      const conn: SseConnection = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        raw: () => raw,
        frames: [],
        onFrame,
        async waitFor(pred, timeoutMs = 5000) {
          const until = Date.now() + timeoutMs;
          for (;;) {
            const hit = conn.frames.find(pred);
            if (hit) return hit;
            if (ended) throw new Error(`stream ended; got ${raw.slice(0, 2000)}`);
            const left = until - Date.now();
            if (left <= 0) throw new Error(`no matching frame within ${timeoutMs} ms; got ${raw.slice(-2000)}`);
            await new Promise<void>((r) => {
              const done = () => {
                clearTimeout(t);
                waiters.delete(done);
                r();
              };
              const t = setTimeout(done, left);
              waiters.add(done);
            });
          }
        },
        close: () => req.destroy(),
        closed: new Promise<void>((r) => res.once('close', () => r())),
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (keep) raw += chunk;
        buffer += chunk;
        const at = performance.now();
        let i: number;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const f = parseSseBlock(buffer.slice(0, i), at);
          buffer = buffer.slice(i + 2);
          if (keep) conn.frames.push(f);
          conn.onFrame?.(f);
        }
        for (const w of waiters) w();
      });
      res.on('close', () => {
        ended = true;
        for (const w of waiters) w();
      });
      res.on('error', () => undefined);
      resolve(conn);
    });
    req.on('error', reject);
    req.end();
  });
}
