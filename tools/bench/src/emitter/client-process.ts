/**
 * The client process of the emitter benchmark (forked by run.ts): connects every client of
 * one system, reports `ready`, reports `warm` once the warm-up pass has arrived, and once
 * every timed event has arrived reports throughput inputs and latency percentiles. One
 * process for all clients, separate from the servers.
 */
import { io, type Socket } from 'socket.io-client';
import { WebSocket } from 'ws';
import { createEmitterClient, type EmitterClient } from '@unified-ws/emitter/client';
import { percentile } from '../shared/measure.js';
import { cpuMeter, now, sentAt, userOf, type ClientArgs, type ClientMessage, type ControlMessage, type Pass } from './workload.js';

const args = JSON.parse(process.argv[2] ?? '{}') as ClientArgs;
const { workload } = args;
const expected = workload.clients * workload.events;
const expectedWarmup = workload.clients * workload.warmup;
const latencies = new Float64Array(expected);
let received = 0;
let warmupReceived = 0;
let firstSentAt = Infinity;
let lastReceivedAt = 0;
/** unified-ws clients, whose replay requests the result reports */
const sdks: EmitterClient[] = [];
const send = (message: ClientMessage) => process.send?.(message);

/**
 * How long the clients wait, once the producer is done, for events still on their way before
 * counting the rest as lost: longer than the SDK's quiet-run probe (5 s, then 10 s), so
 * unified-ws gets to recover a lost tail before anything counts as lost.
 */
const QUIET_MS = 15_000;
let warmReported = false;
let doneReported = false;

function record(reasoning: string): void {
  const at = now();
  const sent = sentAt(reasoning);
  if (sent === undefined) {
    if (++warmupReceived === expectedWarmup) reportWarm();
    return;
  }
  if (sent < firstSentAt) firstSentAt = sent;
  lastReceivedAt = at;
  if (received < expected) latencies[received] = at - sent;
  if (++received === expected) reportDone();
}

function reportWarm(): void {
  if (warmReported) return;
  warmReported = true;
  send({ type: 'warm', lost: Math.max(0, expectedWarmup - warmupReceived) });
}

function reportDone(): void {
  if (doneReported) return;
  doneReported = true;
  const sorted = Array.from(latencies.subarray(0, Math.min(received, expected)).sort());
  send({
    type: 'done',
    result: {
      received,
      lost: Math.max(0, expected - received),
      resumes: sdks.reduce((total, sdk) => total + sdk.stats().resumes, 0),
      firstSentAt,
      lastReceivedAt,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
    },
  });
}

/** After the producer's pass: report once the count has not moved for QUIET_MS (at-most-once systems lose events). */
function settle(pass: Pass): void {
  const count = () => (pass === 'warmup' ? warmupReceived : received);
  let last = count();
  let quietSince = Date.now();
  const timer = setInterval(() => {
    if (pass === 'warmup' ? warmReported : doneReported) {
      clearInterval(timer);
      return;
    }
    if (count() !== last) {
      last = count();
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= QUIET_MS) {
      clearInterval(timer);
      if (pass === 'warmup') reportWarm();
      else reportDone();
    }
  }, 250);
}

const urlOf = (client: number) => `http://127.0.0.1:${args.ports[client % args.ports.length]}`;
type Thinking = { reasoning: string };

function connectWs(client: number): Promise<() => void> {
  const socket = new WebSocket(`${urlOf(client).replace('http', 'ws')}/?user=${userOf(client)}`);
  socket.on('message', (data) => record((JSON.parse(String(data)) as Thinking).reasoning));
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(() => socket.terminate()));
    socket.once('error', reject);
  });
}

function connectSocketIo(client: number, withAck: boolean): Promise<() => void> {
  const socket: Socket = io(urlOf(client), { auth: { user: userOf(client) }, transports: ['websocket'] });
  if (withAck) socket.on('agent_event', (event: Thinking, ack: () => void) => (record(event.reasoning), ack()));
  else socket.on('agent_event', (event: Thinking) => record(event.reasoning));
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(() => socket.disconnect()));
    socket.once('connect_error', reject);
  });
}

async function connectUnifiedWs(client: number): Promise<() => void> {
  // The SDK as an app uses it: dedup by id, release in seq order, gap detection, cumulative acks.
  const sdk: EmitterClient = createEmitterClient({
    url: urlOf(client),
    auth: { user: userOf(client) },
    ...(args.ackDelay === 'off' ? { ack: false } : args.ackDelay === undefined ? {} : { ackDelayMs: args.ackDelay }),
    onEvent: (event) => {
      if (event.type === 'agent_thinking') record(event.payload.reasoning);
    },
  });
  sdks.push(sdk);
  await sdk.ready();
  return () => sdk.close();
}

const connect = {
  ws: connectWs,
  socketio: (client: number) => connectSocketIo(client, false),
  socketioAck: (client: number) => connectSocketIo(client, true),
  unifiedWs: connectUnifiedWs,
} satisfies Record<ClientArgs['system'], (client: number) => Promise<() => void>>;

try {
  const closers: Array<() => void> = [];
  for (let client = 0; client < workload.clients; client++) closers.push(await connect[args.system](client));
  const cpu = cpuMeter(send);
  process.on('message', (message: ControlMessage) => {
    cpu(message);
    if (message.type === 'settle') settle(message.pass);
    if (message.type === 'stop') {
      for (const close of closers) close();
      process.exit(0);
    }
  });
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'error', message: String(error) });
  process.exit(1);
}
