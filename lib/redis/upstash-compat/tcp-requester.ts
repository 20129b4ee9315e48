// @upstash/redis's Requester over a plain Redis connection (REDIS_URL), in
// process: the same executor as the REST bridge, without HTTP. It lets
// @upstash/ratelimit share its counters across instances on self-hosted
// Redis exactly as it does on Upstash (Lua flags Redis 7.0 rejects are
// stripped by the executor).
import type { Requester, UpstashRequest, UpstashResponse } from '@upstash/redis';
import { isRequestError, type UpstashCommandExecutor } from './executor';

export class TcpUpstashRequester implements Requester {
  // No replicas behind a single Redis connection: nothing to keep in sync.
  readYourWrites = false;
  upstashSyncToken = '';

  constructor(private readonly executor: UpstashCommandExecutor) {}

  request = async <T = unknown>(req: UpstashRequest): Promise<UpstashResponse<T>> => {
    const [path, ...rest] = req.path ?? [];
    try {
      if (path === undefined) return (await this.executor.single(req.body, false)) as UpstashResponse<T>;
      if ((path === 'pipeline' || path === 'multi-exec') && rest.length === 0) {
        // The SDK reads a pipeline's reply as the array itself.
        return (await this.executor.batch(req.body, false, path === 'multi-exec')) as unknown as UpstashResponse<T>;
      }
      return { error: `ERR unsupported request path /${(req.path ?? []).join('/')}` };
    } catch (err) {
      // Redis refusing the command is a reply, as Upstash gives it; an
      // unreachable Redis is a failure of the call.
      if (isRequestError(err)) return { error: (err as Error).message };
      throw err;
    }
  };
}
