// Executes Upstash REST requests (a command, a pipeline, a transaction) on a
// plain Redis through ioredis, with Upstash's reply shapes. Shared by the
// REST bridge (tools/upstash-bridge, over HTTP) and the in-process TCP
// requester (tcp-requester.ts), so @upstash/redis and @upstash/ratelimit
// behave the same on both.
import type { Redis } from 'ioredis';
import { CommandError, prepareCommand, type PreparedCommand } from './commands';
import { encodeReply } from './encoding';
import { ScriptRegistry } from './lua-compat';

export interface ExecutorStats {
  /** Redis commands executed (pipelines and transactions count each command). */
  total: number;
  byCommand: Record<string, number>;
}

/** A request the REST API refuses before Redis sees it (Upstash answers 400). */
export class RequestError extends Error {}

export type Reply = { result: unknown } | { error: string };

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class UpstashCommandExecutor {
  private readonly scripts = new ScriptRegistry();
  private counts: ExecutorStats = { total: 0, byCommand: {} };

  constructor(private readonly redis: Redis) {}

  stats(): ExecutorStats {
    return { total: this.counts.total, byCommand: { ...this.counts.byCommand } };
  }

  resetStats(): void {
    this.counts = { total: 0, byCommand: {} };
  }

  /** One command; Redis errors and refused commands throw (the caller maps them to 400). */
  async single(raw: unknown, base64: boolean): Promise<{ result: unknown }> {
    const command = prepareCommand(raw, this.scripts);
    this.count([command]);
    const reply = await this.redis.callBuffer(command.name, ...command.args);
    return { result: encodeReply(this.finish(command, reply), base64) };
  }

  /** A pipeline (each command answers on its own) or a transaction (all or nothing). */
  async batch(raw: unknown, base64: boolean, transaction: boolean): Promise<Reply[]> {
    if (!Array.isArray(raw) || raw.length === 0) throw new RequestError('ERR body must be a non-empty array of commands');
    const prepared = raw.map((c): PreparedCommand | CommandError => {
      try {
        return prepareCommand(c, this.scripts);
      } catch (err) {
        if (err instanceof CommandError) return err;
        throw err;
      }
    });
    const invalid = prepared.find((c): c is CommandError => c instanceof CommandError);
    if (transaction && invalid) throw invalid;
    const valid = prepared.filter((c): c is PreparedCommand => !(c instanceof CommandError));
    const chain = transaction ? this.redis.multi() : this.redis.pipeline();
    for (const c of valid) chain.callBuffer(c.name, ...c.args);
    this.count(valid);
    const replies = valid.length > 0 ? ((await chain.exec()) ?? []) : [];
    let next = 0;
    return prepared.map((c): Reply => {
      if (c instanceof CommandError) return { error: c.message };
      const [err, reply] = replies[next++] ?? [new Error('ERR no reply')];
      return err ? { error: errorMessage(err) } : { result: encodeReply(this.finish(c, reply), base64) };
    });
  }

  private count(commands: PreparedCommand[]): void {
    for (const c of commands) {
      this.counts.total += 1;
      this.counts.byCommand[c.name] = (this.counts.byCommand[c.name] ?? 0) + 1;
    }
  }

  private finish(c: PreparedCommand, reply: unknown): unknown {
    return c.finish ? c.finish(reply) : reply;
  }
}

/** Whether an error is Redis (or the REST API) refusing a request, as opposed to Redis being unreachable. */
export function isRequestError(err: unknown): boolean {
  return err instanceof CommandError || err instanceof RequestError || (err instanceof Error && err.name === 'ReplyError');
}
