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
// A tab starts from `since`, the last event id its server render includes.
// Events after it but before the tab listened (it was still loading) were
// relayed to the others only, so a follower says hello with `since` and the
// leader answers with the events after it from the few it keeps; when it
// cannot vouch for all of them (its stream began later) the tab resyncs (it
// refetches what it shows). A leader just passes `since` to the server.
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
  /** The last event id the page's server render includes: events after it are replayed to this tab. */
  since?: string | null;
}

export const HEARTBEAT_MS = 1000;
export const LEADER_TIMEOUT_MS = 3000;
export const CLAIM_MS = 200;
/** Events a leader keeps to answer a joining tab; more recent than that is a resync. */
export const RECENT_EVENTS = 200;
/** A hello nobody answered (no leader yet, or it went away) is repeated this often, a few times. */
export const HELLO_RETRY_MS = 1000;
const HELLO_ATTEMPTS = 5;

type Message =
  | { t: 'event'; event: StreamEvent; id?: string }
  | { t: 'hb'; id: string }
  | { t: 'claim'; id: string }
  | { t: 'resign'; id: string }
  // A tab joined; its page already holds every change up to `since`.
  | { t: 'hello'; id: string; since: string }
  // The leader's answer to one tab: the events after its `since`, and whether they are all of them.
  | { t: 'catchup'; id: string; to: string; events: { event: StreamEvent; id: string }[]; complete: boolean };

const seqOf = (id: string | null | undefined) => (id && /^\d{1,15}$/.test(id) ? Number(id) : null);

function isMessage(m: unknown): m is Message {
  if (!m || typeof m !== 'object') return false;
  const t = (m as { t?: unknown }).t;
  if (t === 'event') {
    const id = (m as { id?: unknown }).id;
    return typeof (m as { event?: { type?: unknown } }).event?.type === 'string' && (id === undefined || typeof id === 'string');
  }
  if (typeof (m as { id?: unknown }).id !== 'string') return false;
  if (t === 'hello') return typeof (m as { since?: unknown }).since === 'string';
  if (t === 'catchup') return typeof (m as { to?: unknown }).to === 'string' && Array.isArray((m as { events?: unknown }).events);
  return t === 'hb' || t === 'claim' || t === 'resign';
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
  const since = seqOf(opts.since) === null ? null : opts.since!;
  let lastId: string | null = since;
  // This tab's id on the channel (also its ballot in the election without Web Locks).
  const id = `${Date.now().toString(36)}-${random().toString(36).slice(2, 10)}`;

  // As leader: the last events of its stream, and from which id on it has them all.
  let recent: { event: StreamEvent; id: string }[] = [];
  let coveredFrom: number | null = null;
  let dropped = -1;
  let waiting: { to: string; since: string }[] = [];
  // As a joining follower: the hello not answered yet, and the ids already relayed to it.
  let hello: { timer: unknown; attempts: number } | null = null;
  const seen = new Set<string>();

  const setRole = (next: 'leader' | 'follower') => {
    if (role === next) return;
    role = next;
    opts.onRole?.(next);
  };

  function answer(to: string, after: string) {
    const from = seqOf(after)!;
    const complete = coveredFrom !== null && coveredFrom <= from && dropped <= from;
    channel?.postMessage({ t: 'catchup', id, to, events: recent.filter((e) => Number(e.id) > from), complete } satisfies Message);
  }

  function lead() {
    if (stopped || stream) return;
    setRole('leader');
    // A hello still unanswered: resume from the render's id, not from a later relayed one.
    const resumeFrom = hello ? since : lastId;
    stopHello();
    recent = [];
    dropped = -1;
    coveredFrom = seqOf(resumeFrom);
    stream = connectEventStream({
      url: opts.url,
      open: env.open,
      timers: env.timers,
      random,
      lastEventId: resumeFrom,
      onEvent: (event, eventId) => {
        if (eventId) lastId = eventId;
        const seq = seqOf(eventId);
        if (seq !== null) {
          // `ready` says where a fresh stream begins; after `resync` nothing older can be vouched for.
          if (event.type === 'resync' || coveredFrom === null) coveredFrom = seq;
          if (event.type !== 'ready') {
            recent.push({ event, id: eventId });
            if (recent.length > RECENT_EVENTS) dropped = Number(recent.shift()!.id);
          }
        }
        opts.onEvent(event);
        channel?.postMessage({ t: 'event', event, ...(eventId ? { id: eventId } : {}) } satisfies Message);
        if (coveredFrom !== null) for (const w of waiting.splice(0)) answer(w.to, w.since);
      },
    });
  }

  function follow() {
    stream?.close();
    stream = null;
    waiting = [];
    setRole('follower');
  }

  const remember = (eventId: string) => {
    seen.add(eventId);
    if (seen.size > RECENT_EVENTS) seen.delete(seen.values().next().value!);
  };

  const relayed = (m: Message) => {
    if (m.t !== 'event' || role !== 'follower') return;
    if (m.id) {
      lastId = m.id;
      if (hello) remember(m.id);
    }
    opts.onEvent(m.event);
  };

  function sayHello() {
    if (!hello || stopped || role === 'leader') return stopHello();
    if (hello.attempts++ >= HELLO_ATTEMPTS) {
      // Nobody answers and this tab does not lead: better to refetch once than to show stale data.
      stopHello();
      opts.onEvent({ type: 'resync' });
      return;
    }
    channel!.postMessage({ t: 'hello', id, since: since! } satisfies Message);
    hello.timer = env.timers.setTimeout(sayHello, HELLO_RETRY_MS);
  }

  function stopHello() {
    if (hello?.timer != null) env.timers.clearTimeout(hello.timer);
    hello = null;
  }

  /** hello / catchup, in either kind of leadership. */
  function catchUpMessage(m: Message): boolean {
    if (m.t === 'hello') {
      if (role !== 'leader' || m.id === id) return true;
      if (coveredFrom === null) waiting.push({ to: m.id, since: m.since });
      else answer(m.id, m.since);
      return true;
    }
    if (m.t === 'catchup') {
      if (m.to !== id || !hello) return true;
      stopHello();
      for (const e of m.events) if (!seen.has(e.id) && isMessage({ t: 'event', event: e.event, id: e.id })) opts.onEvent(e.event);
      seen.clear();
      if (!m.complete) opts.onEvent({ type: 'resync' });
      return true;
    }
    return false;
  }

  const startHello = () => {
    if (since === null || !channel) return;
    hello = { timer: null, attempts: 0 };
    sayHello();
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
      if (!isMessage(ev.data) || stopped || catchUpMessage(ev.data)) return;
      relayed(ev.data);
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
    // The lock is granted asynchronously: a tab that gets it leads and drops its hello then.
    startHello();
    return {
      role: () => role,
      stop() {
        stopped = true;
        stopHello();
        follow();
        abort?.abort();
        release?.();
        channel.close();
      },
    };
  }

  // BroadcastChannel-only election.
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
    if (!isMessage(m) || stopped || catchUpMessage(m)) return;
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
  startHello();

  return {
    role: () => role,
    stop() {
      const wasLeader = role === 'leader';
      stopped = true;
      stopHello();
      cancelClaim();
      if (beat !== null) env.timers.clearTimeout(beat);
      follow();
      if (wasLeader) post({ t: 'resign', id });
      channel.close();
    },
  };
}
