// Upstash accepts Lua shebang flags that stock Redis 7.0 rejects
// ("ERR Unexpected flag in script shebang: allow-key-locking"), and
// @upstash/ratelimit 2.x puts that flag on every script. The bridge removes
// the flag before Redis sees the script. Clients address scripts by the SHA1 of
// the text they sent, so the bridge remembers original SHA → rewritten SHA and
// translates EVALSHA / SCRIPT EXISTS / SCRIPT LOAD in both directions.
import { createHash } from 'node:crypto';

const UNSUPPORTED_FLAGS = new Set(['allow-key-locking']);

export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** The script without flags Redis 7.0 does not know; the same string when nothing changes. */
export function rewriteScript(script: string): string {
  if (!script.startsWith('#!lua')) return script;
  const eol = script.indexOf('\n');
  const line = eol === -1 ? script : script.slice(0, eol);
  const rest = eol === -1 ? '' : script.slice(eol);
  const [interpreter, ...options] = line.trimEnd().split(/[ \t]+/);
  if (interpreter !== '#!lua') return script;
  let changed = false;
  const kept = options.flatMap((option) => {
    if (!option.startsWith('flags=')) return [option];
    const flags = option.slice('flags='.length).split(',');
    const supported = flags.filter((f) => !UNSUPPORTED_FLAGS.has(f));
    if (supported.length === flags.length) return [option];
    changed = true;
    return supported.length > 0 ? [`flags=${supported.join(',')}`] : [];
  });
  if (!changed) return script;
  return [interpreter, ...kept].join(' ') + rest;
}

export class ScriptRegistry {
  private readonly rewrittenSha = new Map<string, string>();

  /** Rewrites a script and remembers how its original SHA maps to the stored one. */
  register(script: string): { script: string; originalSha: string } {
    const rewritten = rewriteScript(script);
    const originalSha = sha1(script);
    if (rewritten !== script) this.rewrittenSha.set(originalSha, sha1(rewritten));
    return { script: rewritten, originalSha };
  }

  /** The SHA Redis knows for a SHA a client sent (unknown SHAs pass through, so Redis answers NOSCRIPT). */
  resolve(sha: string): string {
    return this.rewrittenSha.get(sha.toLowerCase()) ?? sha;
  }
}
