// A minimal DevTools-protocol client for a server started with
// `--inspect=127.0.0.1:0` (the URL is read from its output): full GCs,
// process.memoryUsage() and heap snapshots, for the benchmarks' memory
// figures.

export class Inspector {
  private id = 0;
  private readonly chunks: string[] = [];

  private constructor(private readonly ws: WebSocket) {
    ws.addEventListener('message', (ev: MessageEvent) => {
      const m = JSON.parse(String(ev.data)) as { method?: string; params?: { chunk?: string } };
      if (m.method === 'HeapProfiler.addHeapSnapshotChunk') this.chunks.push(m.params!.chunk!);
    });
  }

  /** Connects to the first inspector URL printed in `output`. */
  static async connect(output: string): Promise<Inspector> {
    const url = /ws:\/\/127\.0\.0\.1:\d+\/[\w-]+/.exec(output)?.[0];
    if (!url) throw new Error('the server printed no inspector URL');
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => {
      ws.addEventListener('open', resolve);
      ws.addEventListener('error', reject);
    });
    return new Inspector(ws);
  }

  call<T = Record<string, unknown>>(method: string, params: object = {}): Promise<T> {
    return new Promise((resolve, reject) => {
      const mine = ++this.id;
      const on = (ev: MessageEvent) => {
        const m = JSON.parse(String(ev.data)) as { id?: number; result?: T; error?: { message: string } };
        if (m.id !== mine) return;
        this.ws.removeEventListener('message', on);
        if (m.error) reject(new Error(`${method}: ${m.error.message}`));
        else resolve(m.result ?? ({} as T));
      };
      this.ws.addEventListener('message', on);
      this.ws.send(JSON.stringify({ id: mine, method, params }));
    });
  }

  async gc(): Promise<void> {
    await this.call('HeapProfiler.collectGarbage');
    await this.call('HeapProfiler.collectGarbage');
  }

  /** process.memoryUsage() of the server, after a full GC. */
  async memoryAfterGc(): Promise<{ rss: number; heap: number }> {
    await this.gc();
    const res = await this.call<{ result?: { value?: string } }>('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    });
    const m = JSON.parse(res.result?.value ?? '{}') as { rss: number; heapUsed: number; external: number };
    return { rss: m.rss, heap: m.heapUsed + m.external };
  }

  /** A heap snapshot (taken after a full GC), as the raw JSON text. */
  async heapSnapshot(): Promise<string> {
    await this.gc();
    this.chunks.length = 0;
    await this.call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    const text = this.chunks.join('');
    this.chunks.length = 0;
    return text;
  }

  close(): void {
    this.ws.close();
  }
}
