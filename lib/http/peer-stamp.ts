// Next.js does not give route handlers or proxy.ts the address of the TCP
// peer, and it fills X-Forwarded-For from the socket only when the client did
// not send one (base-server.js: `x-forwarded-for ??= socket.remoteAddress`),
// so a client-sent X-Forwarded-For reaches the app unchanged. The client
// address therefore has to be taken before Next.js sees the request:
// instrumentation.ts subscribes to Node's `http.server.request.start`
// diagnostics channel, which Node publishes synchronously for every request,
// before the server's 'request' listener (Next.js) runs. The subscriber
// overwrites two request headers with what the socket says (any value the
// client sent under those names is replaced), and marks the process so the
// app trusts those headers only where they are actually written.
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

export const PEER_ADDRESS_HEADER = 'x-concilia-peer-address';
export const PEER_PROTO_HEADER = 'x-concilia-peer-proto';
const INSTALLED = Symbol.for('concilia.peerStamp');
const CHANNEL = 'http.server.request.start';

function stamp({ request, socket }: { request: IncomingMessage; socket: Socket }): void {
  const tls = (socket as Socket & { encrypted?: boolean }).encrypted === true;
  request.headers[PEER_ADDRESS_HEADER] = socket.remoteAddress ?? '';
  request.headers[PEER_PROTO_HEADER] = tls ? 'https' : 'http';
}

/** Subscribes once per process; every request that reaches this process's HTTP servers gets stamped. */
export function installPeerStamp(): void {
  const g = globalThis as Record<symbol, unknown>;
  if (g[INSTALLED]) return;
  subscribe(CHANNEL, (message) => stamp(message as { request: IncomingMessage; socket: Socket }));
  g[INSTALLED] = true;
}

/** Whether this process stamps every incoming request (so the headers can be believed). */
export function peerStampInstalled(): boolean {
  return (globalThis as Record<symbol, unknown>)[INSTALLED] === true;
}

/**
 * For the in-process test harness, which calls route handlers without an
 * HTTP server: stamps a Headers object the way the subscriber stamps a
 * request, and marks the process as stamping.
 */
export function stampForTests(headers: Headers, address: string, proto: 'http' | 'https' = 'http'): void {
  if (process.env.NODE_ENV !== 'test') throw new Error('stampForTests is for tests only');
  (globalThis as Record<symbol, unknown>)[INSTALLED] = true;
  headers.set(PEER_ADDRESS_HEADER, address);
  headers.set(PEER_PROTO_HEADER, proto);
}
