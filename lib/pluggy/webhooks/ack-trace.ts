// Per-stage timestamps of one webhook acknowledgement (receive.ts,
// store-event.ts), published on a diagnostics channel for whoever measures
// where an ack's time goes (bench/sync.ts subscribes). With no subscriber
// the cost is one boolean check per delivery: nothing is recorded.
import { channel } from 'node:diagnostics_channel';

/** performance.now() at each stage; absent when the delivery did not get there. */
export interface AckMarks {
  /** receiveWebhook entered. */
  start: number;
  /** Secret checked (cached auth, or one SELECT). */
  auth?: number;
  /** Body read and parsed (zod). */
  body?: number;
  /** clientId checked. */
  clientId?: number;
  /** Handed to the group commit. */
  queued?: number;
  /** Its group's statement started (it waited for a slot until then). */
  flush?: number;
  /** Its group's statement got a connection. */
  conn?: number;
  /** Its group's statement committed. */
  committed?: number;
  /** The ack resumed after the commit (microtask/event-loop hop). */
  stored?: number;
  /** receiveWebhook returned. */
  end?: number;
  /** Events in its group's statement. */
  group?: number;
  /** Pool requests waiting for a connection when its statement asked for one. */
  poolWaiting?: number;
  /**
   * What the ack did about the tenant's batch job: nothing needed (a queued
   * job is known not to have started yet), joined the enqueue waiting to
   * run, started one, or nothing at all (a replay of a processed event).
   */
  batch?: 'known-queued' | 'joined' | 'enqueued' | 'none';
}

export const ackTraceChannel = channel('concilia.pluggy.webhook-ack');

/** A fresh set of marks when someone listens, else null (nothing recorded). */
export function startAckMarks(): AckMarks | null {
  return ackTraceChannel.hasSubscribers ? { start: performance.now() } : null;
}

export function publishAckMarks(marks: AckMarks | null): void {
  if (marks) {
    marks.end = performance.now();
    ackTraceChannel.publish(marks);
  }
}
