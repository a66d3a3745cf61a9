/**
 * What every system of the emitter benchmark runs: the same clients, events, bursts and
 * payloads, and the messages the orchestrator exchanges with its server and client processes.
 */

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
  /** events each client receives */
  events: number;
  /** events the producer emits to each client per event-loop turn */
  burst: number;
  /** bytes of each payload's JSON */
  payloadBytes: number;
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
  /** client i connects to ports[i % ports.length] */
  ports: number[];
}

export interface ClientResult {
  received: number;
  /** wall-clock ms (performance.timeOrigin based, shared by the processes of one machine) */
  firstSentAt: number;
  lastReceivedAt: number;
  p50Ms: number;
  p99Ms: number;
}

export type ServerMessage = { type: 'ready'; port: number } | { type: 'produced' } | { type: 'error'; message: string };
export type ClientMessage = { type: 'ready' } | { type: 'done'; result: ClientResult } | { type: 'error'; message: string };
export type ControlMessage = { type: 'go' } | { type: 'stop' };

/** A clock that processes on one machine share, with sub-millisecond resolution. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

/** The payload of every system: an agent_thinking payload whose JSON is `bytes` long, carrying its send time. */
export function payload(bytes: number): { agentName: string; reasoning: string } {
  const stamp = `${now().toFixed(3)}|`;
  const empty = JSON.stringify({ agentName: 'bench', reasoning: stamp }).length;
  return { agentName: 'bench', reasoning: stamp + 'x'.repeat(Math.max(0, bytes - empty)) };
}

export function sentAt(reasoning: string): number {
  return Number(reasoning.slice(0, reasoning.indexOf('|')));
}

export function userOf(client: number): string {
  return `u${client}`;
}
