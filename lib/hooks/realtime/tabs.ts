// One EventSource per browser, not per tab: browsers allow six HTTP/1.1
// connections per origin, and an SSE stream holds one for good, so seven
// tabs each with its own stream would leave no connection for requests.
// One tab leads: it holds the stream and relays every event to the other
// tabs over a BroadcastChannel; when it closes, another tab takes over.
//
// - With Web Locks (navigator.locks), the leader is whoever holds an
//   exclusive lock; the browser releases it when the tab goes away and hands
//   it to the next waiting tab.
// - Without Web Locks, an election over the BroadcastChannel: the leader
//   announces itself every HEARTBEAT_MS; a tab that hears nobody for
//   LEADER_TIMEOUT_MS (or hears the leader resign) claims, and among
//   concurrent claimants or leaders the smallest id wins.
// - Without BroadcastChannel either, every tab keeps its own stream.
// Every tab remembers the id of the last event it got (relayed ones carry
// it), so a tab that takes the stream over resumes after it: the server
// replays what was sent while no tab held the stream.
// Pure apart from what `env` provides, so it is tested with fakes.
import { connectEventStream, type EventSourceFactory, type StreamEvent } from '@/lib/hooks/realtime/connection';
import type { Timers } from '@/lib/hooks/realtime/invalidation';

export interface LocksLike {
  request(name: string, options: { mode: 'exclusive'; signal?: AbortSignal }, callback: () => Promise<void>): Promise<unknown>;
}
export interface ChannelLike {
  onmessage: ((ev: { data: unknown }) => void) | null;
  postMessage(message: unknown): void;
  close(): void;
}

export interface TabEnv {
  open: EventSourceFactory;
  timers: Timers;
  random?: () => number;
  locks?: LocksLike;
  channel?: (name: string) => ChannelLike;
}

export interface RealtimeOptions {
  url: string;
  onEvent: (event: StreamEvent) => void;
  onRole?: (role: 'leader' | 'follower') => void;
  name?: string;
}

export const HEARTBEAT_MS = 1000;
export const LEADER_TIMEOUT_MS = 3000;
export const CLAIM_MS = 200;

type Message =
  | { t: 'event'; event: StreamEvent; id?: string }
  | { t: 'hb'; id: string }
  | { t: 'claim'; id: string }
  | { t: 'resign'; id: string };

function isMessage(m: unknown): m is Message {
  if (!m || typeof m !== 'object') return false;
  const t = (m as { t?: unknown }).t;
  if (t === 'event') {
    const id = (m as { id?: unknown }).id;
    return typeof (m as { event?: { type?: unknown } }).event?.type === 'string' && (id === undefined || typeof id === 'string');
  }
  return (t === 'hb' || t === 'claim' || t === 'resign') && typeof (m as { id?: unknown }).id === 'string';
}

export interface Realtime {
  role(): 'leader' | 'follower';
  stop(): void;
}

export function startRealtime(env: TabEnv, opts: RealtimeOptions): Realtime {
  const name = opts.name ?? 'concilia-events';
  const random = env.random ?? Math.random;
  const channel = env.channel?.(name) ?? null;
  let role: 'leader' | 'follower' = 'follower';
  let stream: { close(): void } | null = null;
  let stopped = false;
  let lastId: string | null = null;

  const setRole = (next: 'leader' | 'follower') => {
    if (role === next) return;
    role = next;
    opts.onRole?.(next);
  };

  function lead() {
    if (stopped || stream) return;
    setRole('leader');
    stream = connectEventStream({
      url: opts.url,
      open: env.open,
      timers: env.timers,
      random,
      lastEventId: lastId,
      onEvent: (event, id) => {
        if (id) lastId = id;
        opts.onEvent(event);
        channel?.postMessage({ t: 'event', event, ...(id ? { id } : {}) } satisfies Message);
      },
    });
  }

  function follow() {
    stream?.close();
    stream = null;
    setRole('follower');
  }

  const relayed = (m: Message) => {
    if (m.t !== 'event' || role !== 'follower') return;
    if (m.id) lastId = m.id;
    opts.onEvent(m.event);
  };

  // No way to talk to other tabs: this tab is on its own.
  if (!channel) {
    lead();
    return {
      role: () => role,
      stop() {
        stopped = true;
        follow();
      },
    };
  }

  if (env.locks) {
    let release: (() => void) | null = null;
    const abort = typeof AbortController === 'function' ? new AbortController() : null;
    channel.onmessage = (ev) => {
      if (isMessage(ev.data)) relayed(ev.data);
    };
    env.locks
      .request(`${name}-leader`, { mode: 'exclusive', signal: abort?.signal }, () =>
        new Promise<void>((resolve) => {
          release = resolve;
          if (stopped) resolve();
          else lead();
        }),
      )
      .catch(() => undefined);
    return {
      role: () => role,
      stop() {
        stopped = true;
        follow();
        abort?.abort();
        release?.();
        channel.close();
      },
    };
  }

  // BroadcastChannel-only election.
  const id = `${Date.now().toString(36)}-${random().toString(36).slice(2, 10)}`;
  let lastHeard = env.timers.now();
  let claiming: unknown = null;
  let beat: unknown = null;

  const post = (m: Message) => channel.postMessage(m);
  const schedule = (fn: () => void, ms: number) => env.timers.setTimeout(fn, ms);

  function heartbeat() {
    beat = null;
    if (stopped || role !== 'leader') return;
    post({ t: 'hb', id });
    beat = schedule(heartbeat, HEARTBEAT_MS);
  }

  function becomeLeader() {
    claiming = null;
    lead();
    heartbeat();
  }

  function claim() {
    if (stopped || role === 'leader' || claiming !== null) return;
    post({ t: 'claim', id });
    claiming = schedule(becomeLeader, CLAIM_MS);
  }

  function cancelClaim() {
    if (claiming !== null) env.timers.clearTimeout(claiming);
    claiming = null;
  }

  function watchdog() {
    if (stopped) return;
    if (role === 'follower' && env.timers.now() - lastHeard > LEADER_TIMEOUT_MS) claim();
    schedule(watchdog, HEARTBEAT_MS);
  }

  channel.onmessage = (ev) => {
    const m = ev.data;
    if (!isMessage(m) || stopped) return;
    if (m.t === 'event') return relayed(m);
    if (m.id === id) return;
    if (m.t === 'hb') {
      if (role === 'leader') {
        // Two leaders (a claim crossed a heartbeat): the smaller id keeps it.
        if (m.id < id) {
          if (beat !== null) env.timers.clearTimeout(beat);
          beat = null;
          follow();
        } else return;
      }
      lastHeard = env.timers.now();
      cancelClaim();
    } else if (m.t === 'claim') {
      if (role === 'leader') post({ t: 'hb', id });
      else if (claiming !== null && m.id < id) {
        cancelClaim();
        lastHeard = env.timers.now();
      }
    } else if (m.t === 'resign') {
      lastHeard = 0;
      claim();
    }
  };

  // A leader already there answers a claim with its heartbeat at once.
  claim();
  schedule(watchdog, HEARTBEAT_MS);

  return {
    role: () => role,
    stop() {
      const wasLeader = role === 'leader';
      stopped = true;
      cancelClaim();
      if (beat !== null) env.timers.clearTimeout(beat);
      follow();
      if (wasLeader) post({ t: 'resign', id });
      channel.close();
    },
  };
}
