/**
 * `npm run bench:emitter`: raw ws frames, socket.io room emits, socket.io with a per-event
 * ack and unified-ws with every guarantee on, side by side in one run, on loopback, with the
 * servers and the clients in separate processes; then the socket.io systems and unified-ws
 * again on two nodes over Redis. Not a test: it prints figures (or one JSON object with --json).
 *
 *   --clients 200 --events 500 --warmup 500 --burst 10 --payload 120 --repeat 3
 *   --redis redis://127.0.0.1:6379|off --systems ws,socketio,socketioAck,unifiedWs --json
 *   --ack-delay <ms>|off   (unified-ws clients: the SDK's ackDelayMs, or no acks; default: the SDK's)
 *   --rate <events/s>      (the timed pass at this offered load, all clients together; default:
 *                           as fast as each system goes, where latency is mostly queueing)
 *
 * Every system first carries an untimed warm-up pass (`--warmup` events per client) on the
 * same processes and connections, so the figures are those of servers that have been running,
 * not of cold processes compiling their hot paths; `--warmup 0` measures cold processes.
 *
 * Each repetition runs every system once, in turn, so a noisy neighbour on a shared machine
 * hits all of them alike; the figures are the medians over the repetitions.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { machineIdle, median, ratio, round, samplePeakRss, table } from '../shared/measure.js';
import {
  SYSTEM_LABELS,
  SYSTEMS,
  type ClientArgs,
  type ClientMessage,
  type ClientResult,
  type CpuMessage,
  type Pass,
  type ServerArgs,
  type ServerMessage,
  type SystemName,
  type Workload,
} from './workload.js';

const { values: flags } = parseArgs({
  options: {
    clients: { type: 'string', default: '200' },
    events: { type: 'string', default: '500' },
    warmup: { type: 'string', default: '500' },
    burst: { type: 'string', default: '10' },
    payload: { type: 'string', default: '120' },
    'ack-delay': { type: 'string' },
    rate: { type: 'string' },
    repeat: { type: 'string', default: '3' },
    systems: { type: 'string', default: SYSTEMS.join(',') },
    redis: { type: 'string', default: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379' },
    json: { type: 'boolean', default: false },
  },
});
const repeat = positive(flags.repeat, 'repeat');
const chosen = flags.systems.split(',').filter((name): name is SystemName => (SYSTEMS as readonly string[]).includes(name));
const workload: Workload = {
  clients: positive(flags.clients, 'clients'),
  events: positive(flags.events, 'events'),
  warmup: nonNegative(flags.warmup, 'warmup'),
  burst: positive(flags.burst, 'burst'),
  payloadBytes: positive(flags.payload, 'payload'),
  ...(flags.rate === undefined ? {} : { rate: positive(flags.rate, 'rate') }),
};
/** What unified-ws's clients ack with: the SDK's default (undefined), no acks, or this `ackDelayMs`. */
const ackDelay: ClientArgs['ackDelay'] =
  flags['ack-delay'] === undefined || flags['ack-delay'] === 'off' ? flags['ack-delay'] : positive(flags['ack-delay'], 'ack-delay');
/** Generous bound on one system's run; a stuck system fails the bench instead of hanging it. */
const RUN_TIMEOUT_MS = Number(process.env['BENCH_TIMEOUT_MS'] ?? 300_000);

interface Figures {
  /** median over the repetitions, as are the other figures */
  eventsPerSec: number;
  /** slowest and fastest repetition */
  eventsPerSecRange: [number, number];
  p50Ms: number;
  p99Ms: number;
  /** peak RSS of the server process(es) during the run, summed over nodes */
  rssMb: number;
  /** CPU time from go to the last event, per 1,000 events: server process(es), and the client process */
  serverCpuMsPer1k: number;
  clientCpuMsPer1k: number;
  /**
   * CPU of the busiest server's main thread per 1,000 events (Linux; null elsewhere): the
   * resource that bounds every system here, as a server's event loop is single-threaded
   */
  serverMainThreadMsPer1k: number | null;
  /**
   * That thread's CPU over the wall time from go until it was read (just after the last
   * event), in percent of one core (Linux; null elsewhere). Under 100 while it is the
   * bottleneck, it waited: for a core (`serverMainThreadWaitPct`), or, asleep, for the
   * first events of the pass to be asked for or for the clients to take in the last.
   */
  serverMainThreadBusyPct: number | null;
  /** how long that thread was ready to run but waited for a core, in percent of the same wall time (Linux; null elsewhere) */
  serverMainThreadWaitPct: number | null;
  /** the machine's idle CPU time over the same span, in percent of all cores */
  machineIdlePct: number;
  /** unified-ws: replays its clients asked for (gaps they detected and filled); 0 for the others */
  resumes: number;
  /** events sent and never received, warm-up and timed pass, summed over the repetitions */
  lost: number;
}
type Results = Partial<Record<SystemName, Figures>> & {
  ratios: {
    unifiedVsRoomEmits: number;
    unifiedVsPerEventAck: number;
    /** main-thread CPU per event of socket.io per-event acks over unified-ws's (Linux; NaN elsewhere) */
    perEventAckMainThreadCost: number;
    /**
     * The throughput ratios of each repetition, lowest and highest: a repetition runs the
     * systems back to back, so the machine's slower drifts hit both sides of its ratio alike
     */
    perRepetition: { unifiedVsRoomEmits: [number, number]; unifiedVsPerEventAck: [number, number] };
  };
};

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const log = (line: string) => {
  if (!flags.json) console.log(line);
};

async function main(): Promise<void> {
  log(
    `emitter bench: ${workload.clients} clients x ${workload.events} events (after ${workload.warmup} untimed warm-up events each), ${workload.burst} per client per turn, ${workload.payloadBytes}-byte payloads, median of ${repeat}; servers and clients in separate processes on 127.0.0.1`,
  );
  if (workload.rate !== undefined) {
    log(
      `paced: the timed pass offers ${workload.rate} events/s to every system (open loop), so compare latency; events/s shows which systems kept up, and its ratios mean little`,
    );
  }
  const output: Record<string, unknown> = { workload, repeat };

  log('\none node');
  output['singleNode'] = await compare(chosen, 1);

  if (flags.redis === 'off') {
    log('\ntwo nodes on Redis: skipped (--redis off)');
  } else if (!(await reachable(flags.redis))) {
    log(`\ntwo nodes on Redis: skipped (no Redis at ${flags.redis})`);
    output['twoNodesRedis'] = { skipped: `no Redis at ${flags.redis}` };
  } else {
    log(`\ntwo nodes on Redis (${flags.redis}); producer on node A, clients split over A and B; raw ws has no fan-out`);
    output['twoNodesRedis'] = await compare(
      chosen.filter((system) => system !== 'ws'),
      2,
    );
  }
  if (flags.json) console.log(JSON.stringify(output, null, 2));
}

async function compare(systems: readonly SystemName[], nodes: 1 | 2): Promise<Results> {
  const runs = new Map<SystemName, Figures[]>(systems.map((system) => [system, []]));
  for (let round = 0; round < repeat; round++) {
    for (const system of systems) runs.get(system)?.push(await measure(system, nodes));
  }
  const results: Partial<Record<SystemName, Figures>> = {};
  for (const [system, figures] of runs) results[system] = medianOf(figures);
  const unified = results.unifiedWs?.eventsPerSec ?? Number.NaN;
  const ratios = {
    unifiedVsRoomEmits: ratio(unified, results.socketio?.eventsPerSec ?? Number.NaN),
    unifiedVsPerEventAck: ratio(unified, results.socketioAck?.eventsPerSec ?? Number.NaN),
    perEventAckMainThreadCost: ratio(
      results.socketioAck?.serverMainThreadMsPer1k ?? Number.NaN,
      results.unifiedWs?.serverMainThreadMsPer1k ?? Number.NaN,
    ),
    perRepetition: {
      unifiedVsRoomEmits: ratioRange(runs.get('unifiedWs'), runs.get('socketio')),
      unifiedVsPerEventAck: ratioRange(runs.get('unifiedWs'), runs.get('socketioAck')),
    },
  };
  log(
    table([
      ['system', 'events/s', 'range', 'p50 ms', 'p99 ms', 'server RSS MB', 'CPU ms/1k ev server', 'main thread', 'client', 'main busy %', 'main waited %', 'idle %', 'resumes', 'lost'],
      ...systems.map((system) => {
        const figures = results[system];
        if (!figures) return [SYSTEM_LABELS[system], '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-'];
        const [low, high] = figures.eventsPerSecRange;
        return [
          SYSTEM_LABELS[system],
          figures.eventsPerSec,
          `${low}-${high}`,
          figures.p50Ms,
          figures.p99Ms,
          figures.rssMb,
          figures.serverCpuMsPer1k,
          figures.serverMainThreadMsPer1k ?? '-',
          figures.clientCpuMsPer1k,
          figures.serverMainThreadBusyPct ?? '-',
          figures.serverMainThreadWaitPct ?? '-',
          figures.machineIdlePct,
          system === 'unifiedWs' ? figures.resumes : '-',
          figures.lost,
        ];
      }),
    ]),
  );
  const spread = ([low, high]: [number, number]) => (Number.isNaN(low) ? '' : ` (repetitions ${low}-${high}x)`);
  log(
    `unified-ws / socket.io room emits: ${ratios.unifiedVsRoomEmits}x${spread(ratios.perRepetition.unifiedVsRoomEmits)}   ` +
      `unified-ws / socket.io per-event ack: ${ratios.unifiedVsPerEventAck}x${spread(ratios.perRepetition.unifiedVsPerEventAck)}`,
  );
  log(`server main-thread CPU per event, socket.io per-event ack / unified-ws: ${ratios.perEventAckMainThreadCost}x`);
  return { ...results, ratios };
}

/** Lowest and highest throughput ratio of one repetition's pair; NaN when a side was not run. */
function ratioRange(numerators: Figures[] | undefined, denominators: Figures[] | undefined): [number, number] {
  if (!numerators || !denominators) return [Number.NaN, Number.NaN];
  const ratios = numerators.map((figures, round) => ratio(figures.eventsPerSec, denominators[round]?.eventsPerSec ?? Number.NaN));
  return [Math.min(...ratios), Math.max(...ratios)];
}

function medianOf(runs: Figures[]): Figures {
  const middle = (pick: (figures: Figures) => number) => median(runs.map(pick));
  // A figure only some platforms measure is null when any repetition lacks it.
  const linuxOnly = (pick: (figures: Figures) => number | null) =>
    runs.some((figures) => pick(figures) === null) ? null : middle((figures) => pick(figures) ?? Number.NaN);
  const throughput = runs.map((figures) => figures.eventsPerSec);
  return {
    eventsPerSec: middle((figures) => figures.eventsPerSec),
    eventsPerSecRange: [Math.min(...throughput), Math.max(...throughput)],
    p50Ms: middle((figures) => figures.p50Ms),
    p99Ms: middle((figures) => figures.p99Ms),
    rssMb: middle((figures) => figures.rssMb),
    serverCpuMsPer1k: middle((figures) => figures.serverCpuMsPer1k),
    clientCpuMsPer1k: middle((figures) => figures.clientCpuMsPer1k),
    serverMainThreadMsPer1k: linuxOnly((figures) => figures.serverMainThreadMsPer1k),
    serverMainThreadBusyPct: linuxOnly((figures) => figures.serverMainThreadBusyPct),
    serverMainThreadWaitPct: linuxOnly((figures) => figures.serverMainThreadWaitPct),
    machineIdlePct: middle((figures) => figures.machineIdlePct),
    resumes: middle((figures) => figures.resumes),
    lost: runs.reduce((total, figures) => total + figures.lost, 0),
  };
}

async function measure(system: SystemName, nodes: 1 | 2): Promise<Figures> {
  const keyPrefix = `uws-bench:${randomUUID().slice(0, 8)}:`;
  const servers: ChildProcess[] = [];
  let clients: ChildProcess | undefined;
  try {
    const ports: number[] = [];
    for (let node = 0; node < nodes; node++) {
      const args: ServerArgs = {
        system,
        workload,
        ...(nodes === 2 ? { cluster: { redisUrl: flags.redis, keyPrefix, producer: node === 0 } } : {}),
      };
      const server = spawnChild('./server-process.ts', args);
      servers.push(server);
      const ready = await next<ServerMessage, 'ready'>(server, 'ready');
      ports.push(ready.port);
    }
    const clientArgs: ClientArgs = { system, workload, ports, ...(ackDelay === undefined ? {} : { ackDelay }) };
    clients = spawnChild('./client-process.ts', clientArgs);
    await next<ClientMessage, 'ready'>(clients, 'ready');
    // Node A produces; once it is done, the clients report when nothing more arrives, so a
    // system that loses events (at-most-once) shows its losses instead of stalling the run.
    const [producer] = servers as [ChildProcess, ...ChildProcess[]];
    const settleAfterProduced = (pass: Pass) => {
      const child = clients;
      void next<ServerMessage, 'produced'>(producer, 'produced').then(
        () => child?.send({ type: 'settle', pass }),
        () => undefined, // its error or exit fails the wait for the clients below
      );
    };
    let warmupLost = 0;
    if (workload.warmup > 0) {
      const warm = next<ClientMessage, 'warm'>(clients, 'warm');
      settleAfterProduced('warmup');
      for (const child of [...servers, clients]) child.send({ type: 'warmup' });
      warmupLost = (await warm).lost;
    }

    const rss = servers.map((server) => samplePeakRss(server.pid ?? 0));
    const done = next<ClientMessage, 'done'>(clients, 'done');
    settleAfterProduced('timed');
    const idle = machineIdle();
    const goAt = performance.now();
    for (const child of [...servers, clients]) child.send({ type: 'go' });
    const { result } = await done;
    result.lost += warmupLost;
    const rssMb = rss.reduce((total, sampler) => total + sampler.stop(), 0);
    const serverCpu = await Promise.all(servers.map((server) => cpuOf<ServerMessage>(server)));
    const clientCpu = await cpuOf<ClientMessage>(clients);
    // The threads' CPU is counted from go until they answer, so the wall time and idle time are too.
    const wallMs = performance.now() - goAt;
    const machineIdlePct = idle.stop();
    const busiest = serverCpu.reduce((most, cpu) => ((cpu.mainThreadMs ?? 0) > (most.mainThreadMs ?? 0) ? cpu : most));
    return figures(
      result,
      rssMb,
      serverCpu.reduce((total, cpu) => total + cpu.ms, 0),
      clientCpu.ms,
      serverCpu.every((cpu) => cpu.mainThreadMs !== undefined) ? busiest : undefined,
      wallMs,
      machineIdlePct,
    );
  } catch (error) {
    // Which system stalled is the first thing to know about a run that did not finish.
    throw new Error(`${system} on ${nodes} node(s): ${(error as Error).message}`, { cause: error });
  } finally {
    const children = [clients, ...servers].filter((child): child is ChildProcess => child !== undefined);
    for (const child of children) child.send({ type: 'stop' });
    await Promise.all(children.map(exited));
    if (nodes === 2) await dropPrefix(flags.redis, keyPrefix);
  }
}

async function cpuOf<M extends { type: string }>(child: ChildProcess): Promise<CpuMessage> {
  const answer = next<M | CpuMessage, 'cpu'>(child, 'cpu');
  child.send({ type: 'cpu' });
  return (await answer) as CpuMessage;
}

function figures(
  result: ClientResult,
  rssMb: number,
  serverCpuMs: number,
  clientCpuMs: number,
  busiestServer: CpuMessage | undefined,
  wallMs: number,
  machineIdlePct: number,
): Figures {
  const serverMainThreadMs = busiestServer?.mainThreadMs;
  const waitedMs = busiestServer?.mainThreadWaitMs;
  const seconds = (result.lastReceivedAt - result.firstSentAt) / 1000;
  const eventsPerSec = Math.round(result.received / seconds);
  const per1k = (ms: number) => round((ms / result.received) * 1000, 1);
  return {
    resumes: result.resumes,
    lost: result.lost,
    serverCpuMsPer1k: per1k(serverCpuMs),
    clientCpuMsPer1k: per1k(clientCpuMs),
    serverMainThreadMsPer1k: serverMainThreadMs === undefined ? null : per1k(serverMainThreadMs),
    serverMainThreadBusyPct: serverMainThreadMs === undefined ? null : round((serverMainThreadMs / wallMs) * 100, 0),
    serverMainThreadWaitPct: waitedMs === undefined ? null : round((waitedMs / wallMs) * 100, 0),
    machineIdlePct,
    eventsPerSec,
    eventsPerSecRange: [eventsPerSec, eventsPerSec],
    p50Ms: round(result.p50Ms, 2),
    p99Ms: round(result.p99Ms, 2),
    rssMb: round(rssMb, 1),
  };
}

function spawnChild(script: string, args: unknown): ChildProcess {
  // Same flags as this process (source condition, tsx loader), one JSON argument.
  return fork(here(script), [JSON.stringify(args)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** The child's next message of `type`; rejects on its error message, its exit, or the time bound. */
function next<M extends { type: string }, T extends M['type']>(child: ChildProcess, type: T): Promise<Extract<M, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`no '${type}' from ${child.pid} within ${RUN_TIMEOUT_MS} ms`)), RUN_TIMEOUT_MS);
    const onMessage = (message: M) => {
      if (message.type === type) finish(undefined, message as Extract<M, { type: T }>);
      else if (message.type === 'error') finish(new Error((message as { message?: string }).message));
    };
    const onExit = (code: number | null) => finish(new Error(`process ${child.pid} exited (${code}) before '${type}'`));
    const finish = (error: Error | undefined, message?: Extract<M, { type: T }>) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (message) resolve(message);
      else reject(error ?? new Error(`no '${type}'`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
  });
}

async function reachable(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

async function dropPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  let cursor = '0';
  do {
    const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = nextCursor;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}

function positive(value: string, name: string): number {
  const number = nonNegative(value, name);
  if (number === 0) throw new RangeError(`--${name} must be a positive integer, got ${value}`);
  return number;
}

function nonNegative(value: string, name: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new RangeError(`--${name} must be a non-negative integer, got ${value}`);
  return number;
}

await main();
