import type { AgentEvent } from './protocol.js';

/**
 * Collects the envelopes accepted during one turn of the event loop and sends each user
 * one frame: `Promise.all` of ten emits costs one socket.io packet, not ten, and the order
 * of acceptance (hence `seq` order per run) is kept inside the frame.
 */
export class OutboundBatcher {
  #pending = new Map<string, AgentEvent[]>();
  #scheduled: NodeJS.Immediate | undefined;

  constructor(private readonly send: (userId: string, events: AgentEvent[]) => void) {}

  get pendingUsers(): number {
    return this.#pending.size;
  }

  enqueue(userId: string, event: AgentEvent): void {
    const list = this.#pending.get(userId);
    if (list) list.push(event);
    else this.#pending.set(userId, [event]);
    // setImmediate, not a microtask: every append resolved in this turn joins the frame.
    this.#scheduled ??= setImmediate(() => this.flush());
  }

  flush(): void {
    if (this.#scheduled !== undefined) clearImmediate(this.#scheduled);
    this.#scheduled = undefined;
    const batches = this.#pending;
    this.#pending = new Map();
    for (const [userId, events] of batches) this.send(userId, events);
  }
}
