import { buildEnvelope } from './envelope.js';
import type { AgentEvent, AgentEventType, RunRef } from './protocol.js';

/** Slots per event: type, ts, payload. */
const STRIDE = 3;

/**
 * The newest `limit` events of one run (seq 1 first), for resume. Only what differs from one
 * event to the next is held (type, ts, payload, in one flat array): `seq` is the position, and
 * the rest of the envelope is the run's, so a resume rebuilds envelopes equal to those sent.
 * Holding the envelopes themselves kept two more objects per event (the envelope and its `id`
 * string): 249 bytes of heap per event held instead of 138 (`npm run bench:store-memory`,
 * a million events), and more objects for every full collection to mark.
 */
export class ReplayLog {
  #slots: unknown[] = [];
  /** index in `#slots` of the oldest event held; the slots before it are cleared */
  #head = 0;
  /** seq of the oldest event held */
  #first = 1;

  constructor(private readonly limit: number) {}

  /** Events held. */
  get length(): number {
    return (this.#slots.length - this.#head) / STRIDE;
  }

  /** Appends the run's next event; answers how many events left the window for it (0 or 1). */
  push(type: AgentEventType, ts: string, payload: unknown): number {
    const slots = this.#slots;
    slots.push(type, ts, payload);
    if (this.length <= this.limit) return 0;
    const head = this.#head;
    slots[head] = slots[head + 1] = slots[head + 2] = undefined;
    this.#head = head + STRIDE;
    this.#first++;
    // Dropping from the front costs one copy of the window per window's worth of events.
    if (this.#head >= this.limit * STRIDE) {
      this.#slots = slots.slice(this.#head);
      this.#head = 0;
    }
    return 1;
  }

  /** The envelopes after `afterSeq`, or undefined when the first of them has left the window. */
  after(ref: RunRef, afterSeq: number): AgentEvent[] | undefined {
    if (afterSeq + 1 < this.#first) return undefined;
    const slots = this.#slots;
    const events: AgentEvent[] = [];
    let seq = Math.max(Math.floor(afterSeq) + 1, this.#first);
    for (let index = this.#head + (seq - this.#first) * STRIDE; index < slots.length; index += STRIDE) {
      events.push(buildEnvelope(ref, seq++, slots[index] as string, slots[index + 1] as string, slots[index + 2]));
    }
    return events;
  }
}
