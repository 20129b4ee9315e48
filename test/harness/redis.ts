// Which Redis `npm test` uses: TEST_REDIS_URL when set and answering, else
// 127.0.0.1:6379 when it answers, else a redis-server started for the run
// (TEST_REDIS_SERVER names the binary; otherwise the first one on the PATH or
// in the usual places). With none, the Redis-backed suites skip — or, under
// CI=true, the run fails.
import { defaultSearchPath, findExecutable, isExecutableFile } from '@/test/harness/executables';
import { redisAnswers, startRedisServer } from '@/test/harness/redis-server';
import { choose, isCi, type Service } from '@/test/harness/select';

export const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';

const REDIS: Service = {
  name: 'Redis',
  suites: 'Redis-backed suites',
  enable: 'Install Redis (`apt-get install redis-server`, `brew install redis`) or set TEST_REDIS_URL to one that answers',
};

export interface TestRedisSelection {
  /** null: no Redis for this run, and the Redis-backed suites skip. */
  url: string | null;
  source: 'TEST_REDIS_URL' | 'local' | 'started' | 'none';
  /** The one line `npm test` prints about it. */
  summary: string;
  /** Stops the server started for the run, if any. */
  stop(): Promise<void>;
}

export interface SelectOptions {
  /** An explicitly provided Redis (default: TEST_REDIS_URL); it replaces the local one. */
  url?: string | null;
  localUrl?: string;
  /** An explicitly provided binary (default: TEST_REDIS_SERVER); it replaces the search. */
  binary?: string | null;
  /** Where to look for redis-server (default: PATH and the usual places). */
  searchPath?: string[];
  ci?: boolean;
}

const nothing = async () => {};

/** Throws, with the reason and the remedy, when no Redis can be had under CI. */
export async function selectTestRedis(options: SelectOptions = {}): Promise<TestRedisSelection> {
  const url = options.url === undefined ? process.env.TEST_REDIS_URL || null : options.url;
  const localUrl = options.localUrl ?? LOCAL_REDIS_URL;
  const binary = options.binary === undefined ? process.env.TEST_REDIS_SERVER || null : options.binary;
  const searchPath = options.searchPath ?? defaultSearchPath();
  const tried: string[] = [];

  let given: string | undefined;
  let local: string | undefined;
  if (url) {
    if (await redisAnswers(url)) given = url;
    else tried.push(`nothing answers at TEST_REDIS_URL ${url}`);
  } else if (await redisAnswers(localUrl)) local = localUrl;
  else tried.push(`nothing answers at ${localUrl}`);

  let startable: string | undefined;
  if (given === undefined && local === undefined) {
    if (binary) {
      if (isExecutableFile(binary)) startable = binary;
      else tried.push(`TEST_REDIS_SERVER ${binary} is not an executable file`);
    } else {
      startable = findExecutable(['redis-server'], searchPath);
      if (!startable) tried.push(searchPath.length ? `no redis-server in ${searchPath.join(':')}` : 'no redis-server (empty search path)');
    }
  }

  const choice = choose(REDIS, { given, local, startable, tried }, { ci: options.ci ?? isCi() });
  switch (choice.action) {
    case 'use':
      return choice.source === 'given'
        ? { url: choice.value, source: 'TEST_REDIS_URL', summary: `[test] Redis from TEST_REDIS_URL (${choice.value})`, stop: nothing }
        : { url: choice.value, source: 'local', summary: `[test] Redis at ${choice.value}`, stop: nothing };
    case 'start': {
      const server = await startRedisServer(choice.value);
      return {
        url: server.url,
        source: 'started',
        summary: `[test] Redis: ${tried.join('; ')}; started ${choice.value} at ${server.url} for this run`,
        stop: server.stop,
      };
    }
    case 'skip':
      return { url: null, source: 'none', summary: choice.message, stop: nothing };
    case 'fail':
      throw new Error(choice.message);
  }
}
