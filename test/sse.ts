// Reads Server-Sent Events the way EventSource does (frames separated by a
// blank line; `id:`, `data:`, `retry:`, `:` comments), from a route handler
// response or a real HTTP response.
export interface SseFrame {
  id?: string;
  data?: string;
  retry?: number;
  comment?: string;
  /** `data` parsed as JSON, when it is. */
  json?: { type: string; entity?: string; ids?: string[]; data?: Record<string, unknown> };
}

export function parseFrame(block: string): SseFrame {
  const f: SseFrame = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) f.comment = line.slice(1).trim();
    else if (line.startsWith('id:')) f.id = line.slice(3).trim();
    else if (line.startsWith('data:')) f.data = (f.data ? f.data + '\n' : '') + line.slice(5).trim();
    else if (line.startsWith('retry:')) f.retry = Number(line.slice(6).trim());
  }
  if (f.data) {
    try {
      f.json = JSON.parse(f.data) as SseFrame['json'];
    } catch {
      // not JSON
    }
  }
  return f;
}

export class SseReader {
  readonly frames: SseFrame[] = [];
  private buffer = '';
  private readonly decoder = new TextDecoder();
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private ended = false;
  private waiters = new Set<() => void>();
  readonly done: Promise<void>;

  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
    this.done = this.pump();
  }

  get closed(): boolean {
    return this.ended;
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        const { value, done } = await this.reader.read();
        if (done) break;
        this.buffer += this.decoder.decode(value, { stream: true });
        let i: number;
        while ((i = this.buffer.indexOf('\n\n')) >= 0) {
          this.frames.push(parseFrame(this.buffer.slice(0, i)));
          this.buffer = this.buffer.slice(i + 2);
        }
        for (const w of this.waiters) w();
      }
    } catch {
      // cancelled or reset
    } finally {
      this.ended = true;
      for (const w of this.waiters) w();
    }
  }

  /** Frames carrying data (events, ready, resync). */
  get events(): SseFrame[] {
    return this.frames.filter((f) => f.data !== undefined);
  }

  /** Waits for a frame matching pred (searching all frames so far); throws after timeoutMs. */
  async waitFor(pred: (f: SseFrame) => boolean, timeoutMs = 3000): Promise<SseFrame> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.frames.find(pred);
      if (hit) return hit;
      if (this.ended) throw new Error(`stream ended without the frame; got ${JSON.stringify(this.frames)}`);
      const left = until - Date.now();
      if (left <= 0) throw new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done() {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        }
        const waiters = this.waiters;
        waiters.add(done);
      });
    }
  }

  async cancel(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
    await this.done;
  }
}
