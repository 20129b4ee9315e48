// Redis pub/sub (REDIS_URL): a dedicated subscriber connection (a
// subscribed connection can issue nothing else) and a publisher. Pub/sub is
// not scoped by Redis database, so the channel names the PostgreSQL database
// the events belong to: two installations sharing a Redis never mix.
import { Redis } from 'ioredis';
import { log } from '@/lib/log';
import type { Transport } from './types';

export function redisChannel(databaseUrl: string): string {
  const u = new URL(databaseUrl);
  return `concilia:events:${u.hostname}:${u.port || '5432'}${u.pathname}`;
}

export function createRedisTransport(redisUrl: string, channel: string): Transport {
  const options = { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: (n: number) => Math.min(n * 200, 2000) };
  const publisher = new Redis(redisUrl, options);
  const subscriber = new Redis(redisUrl, options);
  let connected = false;
  publisher.on('error', (err: Error) => log('debug', 'events publisher error', { err: err.message }));
  subscriber.on('error', (err: Error) => log('debug', 'events subscriber error', { err: err.message }));

  return {
    name: 'redis',
    notifyChannel: null,
    get connected() {
      return connected;
    },
    async publishInTx() {},
    async publishAfterCommit(payloads) {
      if (publisher.status === 'wait') await publisher.connect().catch(() => undefined);
      // A payload lost here is recovered by the receivers' catch-up: the rows are committed.
      await Promise.all(payloads.map((p) => publisher.publish(channel, p)));
    },
    subscribe(onMessage, onState) {
      const handler = (ch: string, message: string) => {
        if (ch === channel) onMessage(message);
      };
      subscriber.on('message', handler);
      const up = () => {
        connected = true;
        onState(true);
      };
      const down = () => {
        if (!connected) return;
        connected = false;
        onState(false);
      };
      // ioredis re-subscribes after a reconnect and then emits 'ready' again.
      subscriber.on('ready', () => void subscriber.subscribe(channel).then(up, down));
      subscriber.on('close', down);
      if (subscriber.status === 'wait') subscriber.connect().catch(() => undefined);
      return () => {
        subscriber.off('message', handler);
      };
    },
    async stop() {
      connected = false;
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
