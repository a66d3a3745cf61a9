/**
 * When each event left this node, kept until the first cumulative ack covering it arrives,
 * to time emit-to-ack latency. Bounded by a total count: events that are never acked (a
 * client without acks, a user whose sockets are on another node) are forgotten oldest run
 * first instead of piling up.
 *
 * An ack is timed by the newest event it covers: a client acks what it just received, and
 * the older events in a cumulative ack were only waiting for the client's ack interval, so
 * timing each of them would measure that wait, not delivery.
 */
export class PendingAcks {
  /** runId -> flat [seq, sentAt, seq, sentAt, …] in ascending seq (one node sends a run in order) */
  readonly #runs = new Map<string, number[]>();
  #size = 0;

  constructor(private readonly limit: number) {}

  get size(): number {
    return this.#size;
  }

  sent(runId: string, seq: number, at: number): void {
    let pending = this.#runs.get(runId);
    if (!pending) {
      pending = [];
      this.#runs.set(runId, pending);
    }
    pending.push(seq, at);
    this.#size++;
    if (this.#size <= this.limit) return;
    for (const [oldest, entries] of this.#runs) {
      if (this.#size <= this.limit) break;
      this.#runs.delete(oldest);
      this.#size -= entries.length / 2;
    }
  }

  /** Forgets the pending events up to `seq` of the run, and reports the latency of the newest of them. */
  acked(runId: string, seq: number, now: number, latency: { observe(ms: number): void }): void {
    const pending = this.#runs.get(runId);
    if (!pending) return;
    let covered = 0;
    while (covered + 1 < pending.length && (pending[covered] ?? Infinity) <= seq) covered += 2;
    if (covered === 0) return;
    latency.observe(now - (pending[covered - 1] ?? now));
    this.#size -= covered / 2;
    if (covered === pending.length) this.#runs.delete(runId);
    else pending.splice(0, covered);
  }

  clear(): void {
    this.#runs.clear();
    this.#size = 0;
  }
}
