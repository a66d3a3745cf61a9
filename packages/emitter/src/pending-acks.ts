/**
 * When each event left this node, kept until the first cumulative ack covering it arrives,
 * to time emit-to-ack latency. Bounded by a total count: events that are never acked (a
 * client without acks, a user whose sockets are on another node) are forgotten oldest run
 * first instead of piling up.
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

  /** Reports the latency of every pending event up to `seq` of the run, once, and forgets them. */
  acked(runId: string, seq: number, now: number, latency: { observe(ms: number): void }): void {
    const pending = this.#runs.get(runId);
    if (!pending) return;
    let covered = 0;
    for (; covered + 1 < pending.length; covered += 2) {
      if ((pending[covered] ?? Infinity) > seq) break;
      latency.observe(now - (pending[covered + 1] ?? now));
    }
    if (covered === 0) return;
    this.#size -= covered / 2;
    if (covered === pending.length) this.#runs.delete(runId);
    else pending.splice(0, covered);
  }

  clear(): void {
    this.#runs.clear();
    this.#size = 0;
  }
}
