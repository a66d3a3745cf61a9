import { evictOldest } from './evict-oldest.js';

/**
 * The highest `seq` of each run this node has sent to its own sockets, live or in a resume
 * answer. An ack counts (`acked`) only up to there: a client acking a `seq` it was never sent,
 * or one another node sent it, cannot inflate the figure past what this node delivered.
 * Bounded by run count, oldest run first; the acks of a forgotten run count nothing more.
 */
export class SentPositions {
  readonly #runs = new Map<string, number>();

  constructor(private readonly limit: number) {}

  get size(): number {
    return this.#runs.size;
  }

  sent(runId: string, seq: number): void {
    const runs = this.#runs;
    const known = runs.get(runId);
    if (known !== undefined && known >= seq) return;
    runs.set(runId, seq);
    if (known === undefined && runs.size > this.limit) evictOldest(runs, this.limit);
  }

  /** The highest seq sent of the run, 0 when none was (or it was forgotten). */
  upTo(runId: string): number {
    return this.#runs.get(runId) ?? 0;
  }

  clear(): void {
    this.#runs.clear();
  }
}
