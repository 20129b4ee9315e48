// Turns a JSON command array into what the bridge sends to Redis: upper-case
// name (ioredis reshapes replies of some lower-case names, e.g. hgetall into
// an object, which @upstash/redis then cannot read), string/number arguments,
// and the Lua-flag translation of lua-compat.ts.
import { ScriptRegistry } from './lua-compat';

export type Arg = string | number;

export interface PreparedCommand {
  name: string;
  args: Arg[];
  /** Adjusts Redis's reply before it goes back to the client. */
  finish?: (reply: unknown) => unknown;
}

export class CommandError extends Error {}

// All clients share one connection, so anything that changes connection state
// or blocks it would leak into, or stall, everyone else's requests.
const UNSUPPORTED = new Set([
  'SELECT', 'MULTI', 'EXEC', 'DISCARD', 'WATCH', 'UNWATCH', 'AUTH', 'HELLO', 'RESET', 'QUIT', 'MONITOR',
  'SUBSCRIBE', 'PSUBSCRIBE', 'SSUBSCRIBE', 'UNSUBSCRIBE', 'PUNSUBSCRIBE', 'SUNSUBSCRIBE', 'CLIENT',
  'BLPOP', 'BRPOP', 'BRPOPLPUSH', 'BLMOVE', 'BLMPOP', 'BZPOPMIN', 'BZPOPMAX', 'BZMPOP', 'WAIT', 'WAITAOF',
]);

function toArg(value: unknown): Arg {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return '';
  return JSON.stringify(value);
}

export function parseCommand(raw: unknown): { name: string; args: Arg[] } {
  if (!Array.isArray(raw) || raw.length === 0 || typeof raw[0] !== 'string' || raw[0] === '') {
    throw new CommandError('ERR command must be a non-empty JSON array starting with the command name');
  }
  const name = raw[0].toUpperCase();
  const args = raw.slice(1).map(toArg);
  if (UNSUPPORTED.has(name)) throw new CommandError(`ERR command '${name}' is not supported by the REST bridge`);
  if ((name === 'XREAD' || name === 'XREADGROUP') && args.some((a) => String(a).toUpperCase() === 'BLOCK')) {
    throw new CommandError(`ERR blocking ${name} is not supported by the REST bridge`);
  }
  return { name, args };
}

export function prepareCommand(raw: unknown, scripts: ScriptRegistry): PreparedCommand {
  const { name, args } = parseCommand(raw);
  const [first, ...rest] = args;
  if ((name === 'EVAL' || name === 'EVAL_RO') && first !== undefined) {
    return { name, args: [scripts.register(String(first)).script, ...rest] };
  }
  if ((name === 'EVALSHA' || name === 'EVALSHA_RO') && first !== undefined) {
    return { name, args: [scripts.resolve(String(first)), ...rest] };
  }
  if (name === 'SCRIPT' && first !== undefined) {
    const sub = String(first).toUpperCase();
    if (sub === 'LOAD' && rest[0] !== undefined) {
      const { script, originalSha } = scripts.register(String(rest[0]));
      return { name, args: [first, script], finish: () => originalSha };
    }
    if (sub === 'EXISTS') return { name, args: [first, ...rest.map((sha) => scripts.resolve(String(sha)))] };
  }
  return { name, args };
}
