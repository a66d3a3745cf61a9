/**
 * One server process of the emitter benchmark (forked by run.ts): starts one system on
 * 127.0.0.1, reports its port, and (producer role) emits the warm-up pass on `warmup` and the
 * timed pass on `go`, then waits for `stop`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { Server, type Socket } from 'socket.io';
import { WebSocketServer, type WebSocket } from 'ws';
import { createEmitterServer, type RunEmitter } from '@unified-ws/emitter';
import { redisStore } from '@unified-ws/emitter/redis';
import { cpuMeter, pacer, payload, userOf, type ControlMessage, type Pass, type ServerArgs, type ServerMessage } from './workload.js';

interface System {
  port: number;
  /** emits `events` events to every client, each marked with the pass */
  produce(events: number, pass: Pass): Promise<void>;
  close(): Promise<void>;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ServerArgs;
const { workload, cluster } = args;
const users = Array.from({ length: workload.clients }, (_, i) => userOf(i));
const turn = () => new Promise((resolve) => setImmediate(resolve));

/** The timed pass keeps to `--rate` when given; the warm-up pass always goes as fast as it can. */
const paceOf = (pass: Pass, rate: number | undefined) => (pass === 'timed' ? pacer(rate) : undefined);

type Send = (user: string, pass: Pass) => void;

/**
 * The same producer shape for every fire-and-forget system: `burst` events per client per
 * turn, the next burst on the next turn or, paced, when the schedule says.
 */
async function inBursts(events: number, pass: Pass, send: Send): Promise<void> {
  const pace = paceOf(pass, workload.rate);
  for (let sent = 0; sent < events; sent += workload.burst) {
    const count = Math.min(workload.burst, events - sent);
    burst(count, pass, send);
    await (pace ? pace((sent + count) * users.length) : turn());
  }
}

/**
 * One turn's events. The warm-up must leave the timed pass nothing to compile, and V8 throws
 * optimized code away (and recompiles it while the pass is timed) when it meets what it has
 * not seen before:
 * - the loop is a function called every turn, so it is optimized from calls that all ran the
 *   same code. As part of inBursts, entered once per pass, it was compiled mid-loop, without
 *   the feedback of the function's first lines, and dropped as the timed pass entered them;
 * - each system makes its `send` once for both passes, since a call site that meets another
 *   function drops the code inlined for the first.
 */
function burst(count: number, pass: Pass, send: Send): void {
  for (const user of users) for (let i = 0; i < count; i++) send(user, pass);
}

async function startWs(): Promise<System> {
  const byUser = new Map<string, WebSocket>();
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  wss.on('connection', (socket, request) => {
    byUser.set(new URL(request.url ?? '/', 'http://localhost').searchParams.get('user') ?? '', socket);
  });
  const send = (user: string, pass: Pass) => byUser.get(user)?.send(JSON.stringify(payload(workload.payloadBytes, pass)));
  return {
    port: (wss.address() as AddressInfo).port,
    produce: (events, pass) => inBursts(events, pass, send),
    close: () => new Promise((resolve) => wss.close(() => resolve())),
  };
}

async function startSocketIo(withAck: boolean): Promise<System> {
  const http = createServer();
  const redis = cluster ? new Redis(cluster.redisUrl) : undefined;
  const io = new Server(http, {
    serveClient: false,
    ...(redis && cluster
      ? { adapter: createAdapter(redis, { streamName: `${cluster.keyPrefix}fanout`, channelPrefix: `${cluster.keyPrefix}fanout` }) }
      : {}),
  });
  const local = new Map<string, Socket>();
  io.on('connection', (socket) => {
    const user = String(socket.handshake.auth['user']);
    local.set(user, socket);
    void socket.join(`user:${user}`);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  // Reliable delivery with socket.io acks: each client's next event waits for the previous ack
  // (order kept), on the socket itself when it is local, through the adapter when it is not.
  // One function for both passes, as for burst.
  const sendAcked = async (user: string, events: number, pass: Pass) => {
    // Paced, each client gets its share of the rate (and still waits for each ack).
    const pace = paceOf(pass, workload.rate === undefined ? undefined : workload.rate / users.length);
    for (let i = 0; i < events; i++) {
      const event = payload(workload.payloadBytes, pass);
      const socket = local.get(user);
      if (socket) await socket.timeout(60_000).emitWithAck('agent_event', event);
      else await io.to(`user:${user}`).timeout(60_000).emitWithAck('agent_event', event);
      if (pace) await pace(i + 1);
    }
  };
  const send = (user: string, pass: Pass) => io.to(`user:${user}`).emit('agent_event', payload(workload.payloadBytes, pass));
  const produce = withAck
    ? async (events: number, pass: Pass) => {
        await Promise.all(users.map((user) => sendAcked(user, events, pass)));
      }
    : (events: number, pass: Pass) => inBursts(events, pass, send);
  return {
    port: (http.address() as AddressInfo).port,
    produce,
    close: async () => {
      await io.close();
      redis?.disconnect();
    },
  };
}

async function startUnifiedWs(): Promise<System> {
  // Library defaults throughout (replayLimit 1000, so every event of a run stays replayable).
  const store = cluster ? redisStore({ url: cluster.redisUrl, keyPrefix: cluster.keyPrefix }) : undefined;
  const server = createEmitterServer({
    authenticate: ({ auth }) => ({ userId: String(auth['user']) }),
    ...(store ? { store } : {}),
    runTimeoutMs: 600_000,
  });
  const { port } = await server.listen(0, '127.0.0.1');
  // Fire and forget like the other systems, but every emit must be accepted. The two
  // handlers are shared by every emit: the harness adds one reaction per event, no closure.
  // The pass's runs and its count of emits in flight live out here, so that `send` is one
  // function for both passes (see burst).
  let runs = new Map<string, RunEmitter>();
  let rounds = 0;
  let pending = 0;
  let failure: unknown;
  let settled: () => void = () => undefined;
  const accepted = () => {
    if (--pending === 0) settled();
  };
  const refused = (error: unknown) => {
    failure ??= error;
    accepted();
  };
  const send = (user: string, pass: Pass) => {
    const run = runs.get(user);
    if (!run) return;
    pending++;
    run.agentThinking(payload(workload.payloadBytes, pass)).then(accepted, refused);
  };
  return {
    port,
    produce: async (events, pass) => {
      const round = ++rounds;
      runs = new Map(users.map((user) => [user, server.forRun({ userId: user, threadId: 'bench', runId: `${pass}-${round}-${user}` })]));
      failure = undefined;
      await Promise.all([...runs.values()].map((run) => run.agentStarted({ agentName: 'bench' })));
      await inBursts(events, pass, send);
      if (pending > 0) await new Promise<void>((resolve) => (settled = resolve));
      if (failure) throw failure;
      // Runs end: a client that missed the tail of a run (a lagging node's fan-out) finds out here and resumes.
      await Promise.all([...runs.values()].map((run) => run.agentCompleted({ agentName: 'bench', status: 'succeeded' })));
    },
    close: async () => {
      await server.close();
      await store?.close();
    },
  };
}

/**
 * Rounds of the warm-up pass, each a pass of its own (for unified-ws: runs started, streamed
 * and completed), sharing `--warmup` between them. A server that has been running has seen
 * runs come and go; after a single round V8 had dropped the optimized emit path on the
 * warm-up's run completions (code it had not run before) and recompiled it during the timed
 * pass. Systems without runs just produce their warm-up events in five calls.
 */
const WARMUP_ROUNDS = 5;

async function warmUp(system: System): Promise<void> {
  for (let round = 0; round < WARMUP_ROUNDS; round++) {
    // The first rounds take the remainder, so that the rounds add up to exactly --warmup.
    const events = Math.floor(workload.warmup / WARMUP_ROUNDS) + (round < workload.warmup % WARMUP_ROUNDS ? 1 : 0);
    if (events > 0) await system.produce(events, 'warmup');
  }
}

const starters = {
  ws: startWs,
  socketio: () => startSocketIo(false),
  socketioAck: () => startSocketIo(true),
  unifiedWs: startUnifiedWs,
} satisfies Record<ServerArgs['system'], () => Promise<System>>;

const send = (message: ServerMessage) => process.send?.(message);
try {
  const system = await starters[args.system]();
  const cpu = cpuMeter(send);
  process.on('message', (message: ControlMessage) => {
    cpu(message);
    const pass = message.type === 'warmup' ? 'warmup' : message.type === 'go' ? 'timed' : undefined;
    if (pass && (cluster?.producer ?? true)) {
      (pass === 'warmup' ? warmUp(system) : system.produce(workload.events, pass)).then(
        () => send({ type: 'produced' }),
        (error: unknown) => send({ type: 'error', message: String(error) }),
      );
    }
    if (message.type === 'stop') void system.close().finally(() => process.exit(0));
  });
  send({ type: 'ready', port: system.port });
} catch (error) {
  send({ type: 'error', message: String(error) });
  process.exit(1);
}
