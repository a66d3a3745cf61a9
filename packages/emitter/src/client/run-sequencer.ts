import type { AgentEvent } from '../protocol.js';

/**
 * The client's view of one run: releases events strictly in `seq` order, exactly once,
 * holding back what arrives early and saying which range is missing.
 */
export class RunSequencer {
  /** highest seq released so far (every seq up to it was released, in order) */
  lastSeq: number;
  duplicates = 0;
  terminal = false;
  /** the client's quiet-run sweep count when an event of this run last arrived */
  heardAt = 0;
  readonly #early = new Map<number, AgentEvent>();

  constructor(
    readonly runId: string,
    afterSeq = 0,
  ) {
    this.lastSeq = afterSeq;
  }

  get buffered(): number {
    return this.#early.size;
  }

  /**
   * Takes one envelope; appends the envelopes now releasable, in order, to `released` (a new
   * array unless given) and returns it.
   */
  accept(event: AgentEvent, released: AgentEvent[] = []): AgentEvent[] {
    const seq = event.seq;
    // The common case, the next event with nothing held back, never touches the map.
    if (seq === this.lastSeq + 1 && this.#early.size === 0) {
      this.#advance(event, released);
      return released;
    }
    if (seq <= this.lastSeq || this.#early.has(seq)) {
      this.duplicates++;
      return released;
    }
    this.#early.set(seq, event);
    return this.#release(released);
  }

  /** The missing range, when something after it already arrived. */
  gap(): { from: number; to: number } | undefined {
    if (this.#early.size === 0) return undefined;
    return { from: this.lastSeq + 1, to: Math.min(...this.#early.keys()) - 1 };
  }

  /** Gives up on the missing range (after `recovered: false`) and releases what is held. */
  skipGap(): AgentEvent[] {
    if (this.#early.size === 0) return [];
    this.lastSeq = Math.min(...this.#early.keys()) - 1;
    return this.#release();
  }

  #release(released: AgentEvent[] = []): AgentEvent[] {
    for (let next = this.#early.get(this.lastSeq + 1); next; next = this.#early.get(this.lastSeq + 1)) {
      this.#early.delete(next.seq);
      this.#advance(next, released);
    }
    return released;
  }

  #advance(event: AgentEvent, released: AgentEvent[]): void {
    this.lastSeq = event.seq;
    if (event.type === 'agent_completed') this.terminal = true;
    released.push(event);
  }
}
