// One EventSource with our own reconnection: on any error it is closed and
// reopened after an exponential backoff with jitter (the browser's own
// retry is a fixed delay, and it gives up for good on a non-200 answer).
// The new one carries the last id in the URL (a new EventSource cannot set
// Last-Event-ID), so the server replays what was missed.
import { backoffDelay } from '@/lib/hooks/realtime/backoff';
import type { Timers } from '@/lib/hooks/realtime/invalidation';

export interface EventSourceLike {
  readonly readyState: number;
  onmessage: ((ev: { data: string; lastEventId: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onopen: ((ev: unknown) => void) | null;
  close(): void;
}
export type EventSourceFactory = (url: string) => EventSourceLike;

export interface StreamEvent {
  type: string;
  entity?: string;
  ids?: string[];
  data?: Record<string, unknown>;
}

export interface ConnectionOptions {
  url: string;
  open: EventSourceFactory;
  onEvent: (event: StreamEvent, id: string) => void;
  timers: Timers;
  random?: () => number;
  onState?: (state: 'connecting' | 'open' | 'waiting') => void;
  /** Resume after this id (a tab taking the stream over from another resumes where that one was). */
  lastEventId?: string | null;
}

export function connectEventStream(opts: ConnectionOptions): { close(): void; lastEventId(): string | null } {
  let source: EventSourceLike | null = null;
  let lastId: string | null = opts.lastEventId ?? null;
  let attempt = 0;
  let timer: unknown = null;
  let closed = false;

  function urlWithId(): string {
    if (lastId === null) return opts.url;
    const sep = opts.url.includes('?') ? '&' : '?';
    return `${opts.url}${sep}lastEventId=${encodeURIComponent(lastId)}`;
  }

  function open() {
    timer = null;
    if (closed) return;
    opts.onState?.('connecting');
    const es = (source = opts.open(urlWithId()));
    es.onopen = () => opts.onState?.('open');
    es.onmessage = (ev) => {
      if (ev.lastEventId) lastId = ev.lastEventId;
      // A frame arrived: the server accepted us, so the next failure starts over at 1 s.
      attempt = 0;
      let parsed: StreamEvent;
      try {
        parsed = JSON.parse(ev.data) as StreamEvent;
      } catch {
        return;
      }
      if (parsed && typeof parsed.type === 'string') opts.onEvent(parsed, ev.lastEventId);
    };
    es.onerror = () => {
      if (source !== es) return;
      es.close();
      source = null;
      if (closed) return;
      opts.onState?.('waiting');
      timer = opts.timers.setTimeout(open, backoffDelay(attempt++, opts.random));
    };
  }

  open();
  return {
    close() {
      closed = true;
      if (timer !== null) opts.timers.clearTimeout(timer);
      source?.close();
      source = null;
    },
    lastEventId: () => lastId,
  };
}
