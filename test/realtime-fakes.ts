// Fakes of the browser APIs the realtime modules use (EventSource,
// BroadcastChannel, Web Locks), for unit tests under fake timers. Each
// behaves as the spec says in the parts these modules rely on: a channel
// never receives its own messages and delivers asynchronously; a lock is
// held until its callback's promise settles, then goes to the next waiter.
import type { EventSourceLike } from '@/lib/hooks/realtime/connection';
import type { Timers } from '@/lib/hooks/realtime/invalidation';
import type { ChannelLike, LocksLike } from '@/lib/hooks/realtime/tabs';

export const realTimers = (): Timers => ({
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
});

export class FakeEventSource implements EventSourceLike {
  static all: FakeEventSource[] = [];
  static open(): FakeEventSource[] {
    return FakeEventSource.all.filter((s) => s.readyState !== 2);
  }
  readyState = 0;
  onmessage: EventSourceLike['onmessage'] = null;
  onerror: EventSourceLike['onerror'] = null;
  onopen: EventSourceLike['onopen'] = null;
  constructor(readonly url: string) {
    FakeEventSource.all.push(this);
  }
  accept() {
    this.readyState = 1;
    this.onopen?.({});
  }
  message(data: unknown, id = '') {
    this.onmessage?.({ data: typeof data === 'string' ? data : JSON.stringify(data), lastEventId: id });
  }
  fail() {
    this.onerror?.({});
  }
  close() {
    this.readyState = 2;
  }
}

export class FakeChannelBus {
  /** In creation order. */
  readonly channels: FakeChannel[] = [];
  make = (name: string): FakeChannel => {
    const c = new FakeChannel(name, this);
    this.channels.push(c);
    return c;
  };
  deliver(from: FakeChannel, data: unknown) {
    if (from.muted) return;
    for (const c of this.channels) {
      if (c === from || c.name !== from.name || c.closed || c.muted) continue;
      // structured clone + asynchronous, as BroadcastChannel does
      const copy = JSON.parse(JSON.stringify(data)) as unknown;
      setTimeout(() => {
        if (!c.closed) c.onmessage?.({ data: copy });
      }, 0);
    }
  }
}

export class FakeChannel implements ChannelLike {
  onmessage: ChannelLike['onmessage'] = null;
  closed = false;
  /** A crashed tab: nothing goes in or out, and nobody is told. */
  muted = false;
  constructor(
    readonly name: string,
    private readonly bus: FakeChannelBus,
  ) {}
  postMessage(message: unknown) {
    if (this.closed) throw new Error('channel closed');
    this.bus.deliver(this, message);
  }
  close() {
    this.closed = true;
  }
}

export class FakeLocks implements LocksLike {
  private readonly held = new Map<string, boolean>();
  private readonly queues = new Map<string, (() => void)[]>();

  request(name: string, options: { mode: 'exclusive'; signal?: AbortSignal }, callback: () => Promise<void>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const run = () => {
        this.held.set(name, true);
        void callback().finally(() => {
          this.held.set(name, false);
          resolve(undefined);
          this.queues.get(name)?.shift()?.();
        });
      };
      if (!this.held.get(name)) return run();
      const queue = this.queues.get(name) ?? [];
      this.queues.set(name, queue);
      queue.push(run);
      options.signal?.addEventListener('abort', () => {
        const i = queue.indexOf(run);
        if (i >= 0) queue.splice(i, 1);
        reject(new DOMException('aborted', 'AbortError'));
      });
    });
  }
}
