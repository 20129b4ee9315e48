// The stamp through a real node:http server: what a client sends under the
// stamp's names is replaced by what the socket says, before any listener.
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { installPeerStamp, PEER_ADDRESS_HEADER, PEER_PROTO_HEADER, peerStampInstalled } from '@/lib/http/peer-stamp';

function roundTrip(headers: Record<string, string>): Promise<IncomingHttpHeaders> {
  return new Promise((resolve, reject) => {
    const server = createServer((req, res) => {
      resolve(req.headers);
      res.end();
    });
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const req = request({ host: '127.0.0.1', port, path: '/api/me', headers }, (res) => {
        res.resume();
        res.on('end', () => server.close());
      });
      req.on('error', reject);
      req.end();
    });
  });
}

describe('peer stamp', () => {
  it('overwrites client-sent stamp headers with the socket address and scheme', async () => {
    installPeerStamp();
    installPeerStamp(); // once per process, however often called
    expect(peerStampInstalled()).toBe(true);
    const seen = await roundTrip({ [PEER_ADDRESS_HEADER]: '7.7.7.7', [PEER_PROTO_HEADER]: 'https', 'x-forwarded-for': '6.6.6.6' });
    expect(seen[PEER_ADDRESS_HEADER]).toBe('127.0.0.1');
    expect(seen[PEER_PROTO_HEADER]).toBe('http');
    expect(seen['x-forwarded-for']).toBe('6.6.6.6'); // left alone, and ignored unless TRUSTED_PROXIES says otherwise
  });
});
