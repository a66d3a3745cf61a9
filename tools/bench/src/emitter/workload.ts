/**
 * What every system of the emitter benchmark runs: the same clients, events, bursts and
 * payloads, and the messages the orchestrator exchanges with its server and client processes.
 */
import { readFileSync } from 'node:fs';

/** The systems compared side by side, in print order. */
export const SYSTEMS = ['ws', 'socketio', 'socketioAck', 'unifiedWs'] as const;
export type SystemName = (typeof SYSTEMS)[number];

export const SYSTEM_LABELS: Record<SystemName, string> = {
  ws: 'raw ws frames',
  socketio: 'socket.io room emits',
  socketioAck: 'socket.io per-event ack',
  unifiedWs: 'unified-ws (all guarantees)',
};

export interface Workload {
  /** connected clients, one user each */
  clients: number;
  /** events each client receives in the timed pass */
  events: number;
  /**
   * events each client first receives in an untimed pass, so that every system is measured
   * as a server that has been running, not as a cold process compiling its hot paths
   */
  warmup: number;
  /** events the producer emits to each client per event-loop turn */
  burst: number;
  /** bytes of each payload's JSON */
  payloadBytes: number;
  /**
   * events per second the producer sends in the timed pass, all clients together; absent, as
   * fast as each system takes them (saturation)
   */
  rate?: number;
}

/** Where a server process stands in a run: a single node, or one of two nodes over Redis. */
export interface ClusterRole {
  redisUrl: string;
  keyPrefix: string;
  /** the producer node emits every event; the peer only serves its clients */
  producer: boolean;
}

export interface ServerArgs {
  system: SystemName;
  workload: Workload;
  cluster?: ClusterRole;
}

export interface ClientArgs {
  system: SystemName;
  workload: Workload;
  /** unified-ws clients: the SDK's `ackDelayMs`, or `off` for `ack: false`; the SDK's default when absent */
  ackDelay?: number | 'off';
  /** client i connects to ports[i % ports.length] */
  ports: number[];
}

export interface ClientResult {
  received: number;
  /** events of the timed pass that never arrived (socket.io is at-most-once across nodes) */
  lost: number;
  /** unified-ws only: replays the SDK asked for (gaps it detected and filled) */
  resumes: number;
  /** wall-clock ms (performance.timeOrigin based, shared by the processes of one machine) */
  firstSentAt: number;
  lastReceivedAt: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * CPU time a process spent since `go` (user + system), in ms: all its threads, and its main
 * (JavaScript) thread alone where the OS tells (Linux).
 */
export type CpuMessage = {
  type: 'cpu';
  ms: number;
  mainThreadMs?: number;
  /** how long the main thread was ready to run but waited for a core (Linux scheduler statistics) */
  mainThreadWaitMs?: number;
};
export type ServerMessage = { type: 'ready'; port: number } | { type: 'produced' } | CpuMessage | { type: 'error'; message: string };
export type ClientMessage =
  | { type: 'ready' }
  /** the warm-up pass arrived, or as much of it as will: `lost` never came */
  | { type: 'warm'; lost: number }
  | { type: 'done'; result: ClientResult }
  | CpuMessage
  | { type: 'error'; message: string };
/** `warmup` starts the untimed pass, `go` the timed one; `cpu` asks for a CpuMessage; every process starts counting at `go` */
export type ControlMessage =
  | { type: 'warmup' }
  | { type: 'go' }
  | { type: 'cpu' }
  | { type: 'stop' }
  /** to the clients: the producer has sent the whole pass; report once nothing more arrives */
  | { type: 'settle'; pass: Pass };

/** Which pass an event belongs to; warm-up events carry no send time. */
export type Pass = 'warmup' | 'timed';

/** Counts this process's CPU time from `go`, and answers `cpu` requests. */
export function cpuMeter(send: (message: CpuMessage) => void): (message: ControlMessage) => void {
  let since = process.cpuUsage();
  let mainSince = mainThreadCpuMs();
  let waitSince = mainThreadWaitMs();
  return (message) => {
    if (message.type === 'go') {
      since = process.cpuUsage();
      mainSince = mainThreadCpuMs();
      waitSince = mainThreadWaitMs();
    }
    if (message.type === 'cpu') {
      const used = process.cpuUsage(since);
      const main = mainThreadCpuMs();
      const wait = mainThreadWaitMs();
      send({
        type: 'cpu',
        ms: (used.user + used.system) / 1000,
        ...(main !== undefined && mainSince !== undefined ? { mainThreadMs: main - mainSince } : {}),
        ...(wait !== undefined && waitSince !== undefined ? { mainThreadWaitMs: wait - waitSince } : {}),
      });
    }
  };
}

/**
 * CPU ms of this process's main thread (user + system), from Linux's per-thread accounting
 * (`/proc/self/task/<pid>/stat`, in 10 ms ticks); undefined elsewhere. Node 20 has no
 * per-thread CPU clock. A single-threaded event loop is the bottleneck of every system here:
 * this is the resource they spend per event, which the process total (GC helper threads,
 * libuv) and wall-clock busy time (it also counts time the thread waited for a core) blur.
 */
function mainThreadCpuMs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
  } catch {
    return undefined;
  }
}

/**
 * How long this process's main thread has been runnable without a core to run on, in ms: the
 * second field of `/proc/self/task/<pid>/schedstat` (nanoseconds; Linux with scheduler
 * statistics); undefined elsewhere. A bottleneck thread that waits is throughput lost to the
 * other threads and processes sharing the machine, not to its own work.
 */
function mainThreadWaitMs(): number | undefined {
  try {
    const waited = Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[1]);
    return Number.isFinite(waited) ? waited / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

/** Linux reports thread times in USER_HZ ticks, 100 per second on every architecture Node runs on. */
const MS_PER_TICK = 10;

/** A clock that processes on one machine share, with sub-millisecond resolution. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * The payload of every system: an agent_thinking payload whose JSON is `bytes` long, carrying
 * its pass and send time. Both passes stamp the same way: code that took another path in the
 * timed pass than in the warm-up would be deoptimized (and recompiled) as the timed pass starts.
 */
export function payload(bytes: number, pass: Pass): { agentName: string; reasoning: string } {
  const stamp = `${pass === 'timed' ? TIMED_MARK : WARMUP_MARK}${now().toFixed(3)}|`;
  return { agentName: 'bench', reasoning: stamp + padding(bytes - EMPTY_PAYLOAD_BYTES - stamp.length) };
}

/** JSON length of the payload with an empty `reasoning` (the stamp needs no escaping). */
const EMPTY_PAYLOAD_BYTES = JSON.stringify({ agentName: 'bench', reasoning: '' }).length;
const paddings = new Map<number, string>();

/** The harness must not cost more than the systems it measures: one padding string per length. */
function padding(length: number): string {
  let pad = paddings.get(length);
  if (pad === undefined) {
    pad = 'x'.repeat(Math.max(0, length));
    paddings.set(length, pad);
  }
  return pad;
}

/** One character each, so that both stamps are read alike. */
const TIMED_MARK = 't';
const WARMUP_MARK = 'w';

/** The send time of a timed event, or undefined for a warm-up event (read alike, for the same reason). */
export function sentAt(reasoning: string): number | undefined {
  const sent = Number(reasoning.slice(TIMED_MARK.length, reasoning.indexOf('|')));
  return reasoning.startsWith(TIMED_MARK) ? sent : undefined;
}

export function userOf(client: number): string {
  return `u${client}`;
}

/**
 * An open-loop schedule of `rate` events per second from its first call: resolves when the
 * producer may go past `sent` events, at once (next turn) when it is late. A system that falls
 * behind is not given slack, so its latency is that of the offered load, not of a producer
 * that waits for it. Undefined without a rate.
 */
export function pacer(rate: number | undefined): ((sent: number) => Promise<void>) | undefined {
  if (rate === undefined) return undefined;
  let start: number | undefined;
  return (sent) => {
    start ??= performance.now();
    const wait = start + (sent / rate) * 1000 - performance.now();
    return new Promise((resolve) => (wait >= 1 ? setTimeout(resolve, wait) : setImmediate(resolve)));
  };
}
