/** One criterion's verdict for a (transaction, client[, receivables]) pair. */
export interface Signal<K extends string> {
  /** Share of the criterion's weight earned, [0, 1]. */
  fraction: number;
  /** False when there was nothing to compare: the criterion then counts neither way. */
  counted: boolean;
  kind: K;
}
