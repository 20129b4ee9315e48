// Runs the Upstash REST bridge in front of a plain Redis, for self-hosting and
// local development:
//   REDIS_URL=redis://127.0.0.1:6379 BRIDGE_TOKEN=… BRIDGE_PORT=8079 npx tsx tools/upstash-bridge/cli.ts
// Without BRIDGE_TOKEN a random token is generated and printed. Put the
// printed UPSTASH_REDIS_REST_URL / UPSTASH_REDIS_REST_TOKEN in the app's env.
// BRIDGE_HOST defaults to 127.0.0.1; expose it wider only behind TLS.
import { randomBytes } from 'node:crypto';
import { startUpstashBridge } from './server';

async function main(): Promise<void> {
  const port = Number(process.env.BRIDGE_PORT ?? 8079);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('BRIDGE_PORT must be a port number');
  const bridge = await startUpstashBridge({
    redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
    token: process.env.BRIDGE_TOKEN || randomBytes(24).toString('base64url'),
    port,
    host: process.env.BRIDGE_HOST || '127.0.0.1',
  });
  console.log(`Upstash REST bridge listening. Use:\nUPSTASH_REDIS_REST_URL=${bridge.url}\nUPSTASH_REDIS_REST_TOKEN=${bridge.token}`);
  const stop = () => {
    bridge.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`[upstash-bridge] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
