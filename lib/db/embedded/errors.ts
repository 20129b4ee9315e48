// Every way the embedded PostgreSQL can fail to start ends in this one error,
// so `npm start` and `npm test` print a message that names the cause and
// what to do about it, instead of a stack trace from deep inside a spawn.

export const OWN_DATABASE = 'set DATABASE_URL to a PostgreSQL server of your own';
export const MOVE_CHECKOUT =
  'move the checkout to a folder every user can enter (for example /srv or /opt, not /root)';

export type EmbeddedPostgresFailure =
  | 'no-postgres-user'
  | 'not-installed'
  | 'no-reachable-folder'
  | 'unsafe-folder'
  | 'copy-failed'
  | 'cannot-run'
  | 'timeout'
  | 'port-in-use'
  | 'data-dir-in-use'
  | 'initdb-failed'
  | 'server-exited';

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';

  constructor(
    readonly code: EmbeddedPostgresFailure,
    /** What went wrong, in a sentence (may carry the server's last output lines). */
    readonly reason: string,
    /** What the user can do about it. */
    readonly remedy: string,
    options?: ErrorOptions,
  ) {
    super(`The embedded PostgreSQL could not start: ${reason}\nWhat to do: ${remedy}.`, options);
  }
}
