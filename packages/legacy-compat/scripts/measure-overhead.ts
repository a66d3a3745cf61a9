/**
 * What the shim costs on top of the canonical emitter: the same runs (start, thinking, one
 * tool call, completion: 5 events) emitted through `forRun()` and through each legacy path,
 * with one connected client receiving everything. A measurement, not a test.
 *
 *   node --conditions=@unified-ws/source --import tsx packages/legacy-compat/scripts/measure-overhead.ts [runs]
 */
import { createEmitterServer, setDefaultEmitterServer, type RunRef } from '@unified-ws/emitter';
import { io } from 'socket.io-client';
import { AgentWebSocketBridge, UnifiedWebSocketEmitter, createWebSocketManager } from '../src/index.js';

process.noDeprecation = true;
const RUNS = Number(process.argv[2] ?? 2000);
const ROUNDS = 5;

const server = createEmitterServer({ authenticate: () => ({ userId: 'bench-user' }) });
const { port } = await server.listen(0, '127.0.0.1');
setDefaultEmitterServer(server);
const socket = io(`http://127.0.0.1:${port}/agent-events`, { transports: ['websocket'] });
let received = 0;
socket.on('agent_event', () => received++);
socket.on('agent_events', (events: unknown[]) => (received += events.length));
await new Promise<void>((resolve) => socket.once('connect', () => resolve()));

let runCounter = 0;
const nextRun = (): RunRef => ({ userId: 'bench-user', threadId: 'bench-thread', runId: `bench-run-${++runCounter}` });

const paths: Record<string, (ref: RunRef) => Promise<unknown>> = {
  'canonical forRun()': async (ref) => {
    const run = server.forRun(ref);
    await run.agentStarted({ agentName: 'a' });
    await run.agentThinking({ agentName: 'a', reasoning: 'r', stepNumber: 1 });
    const call = await run.toolExecuting({ agentName: 'a', toolName: 't', parameters: { q: 1 } });
    await run.toolCompleted({ agentName: 'a', toolName: 't', toolCallId: call.payload.toolCallId, result: 1 });
    await run.agentCompleted({ agentName: 'a', status: 'succeeded' });
  },
  'UnifiedWebSocketEmitter.notify*': async (ref) => {
    const emitter = new UnifiedWebSocketEmitter(null, { context: ref });
    await emitter.notifyAgentStarted('a');
    await emitter.notifyAgentThinking({ reasoning: 'r', stepNumber: 1 });
    await emitter.notifyToolExecuting('t', { metadata: { parameters: { q: 1 } } });
    await emitter.notifyToolCompleted('t', { metadata: { result: 1 } });
    await emitter.notifyAgentCompleted('a');
  },
  'manager per call (emitCriticalEvent)': async (ref) => {
    for (const [type, data] of [
      ['agent_started', { agent_name: 'a' }],
      ['agent_thinking', { reasoning: 'r', step_number: 1 }],
      ['tool_executing', { tool_name: 't', parameters: { q: 1 } }],
      ['tool_completed', { tool_name: 't', result: 1 }],
      ['agent_completed', { status: 'completed' }],
    ] as const) {
      await (await createWebSocketManager(ref)).emitCriticalEvent(ref.userId, type, { ...data });
    }
  },
  'AgentWebSocketBridge.notify*': async (ref) => {
    const bridge = new AgentWebSocketBridge({ userContext: ref });
    await bridge.notifyAgentStarted(ref.runId, 'a');
    await bridge.notifyAgentThinking(ref.runId, 'a', 'r', { stepNumber: 1 });
    await bridge.notifyToolExecuting(ref.runId, 't', { agentName: 'a', parameters: { q: 1 } });
    await bridge.notifyToolCompleted(ref.runId, 't', { agentName: 'a', result: 1 });
    await bridge.notifyAgentCompleted(ref.runId, 'a');
  },
};

async function measure(drive: (ref: RunRef) => Promise<unknown>): Promise<number> {
  const expected = received + RUNS * 5;
  const started = process.hrtime.bigint();
  // 50 runs in flight at a time, each run's events in order.
  for (let done = 0; done < RUNS; done += 50) {
    await Promise.all(Array.from({ length: Math.min(50, RUNS - done) }, () => drive(nextRun())));
  }
  const deadline = Date.now() + 30_000;
  while (received < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  if (received < expected) throw new Error(`only ${received} of ${expected} events arrived`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

// Paths interleaved round by round, so machine noise hits them alike; the median round counts.
const times = new Map<string, number[]>(Object.keys(paths).map((name) => [name, []]));
for (const drive of Object.values(paths)) await measure(drive); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, drive] of Object.entries(paths)) times.get(name)?.push(await measure(drive));
}
const results = [...times].map(([path, samples]) => {
  const ms = samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? Number.NaN;
  return { path, ms, eventsPerSecond: Math.round((RUNS * 5) / (ms / 1000)), usPerEvent: (ms * 1000) / (RUNS * 5) };
});
const base = results[0]?.usPerEvent ?? Number.NaN;
console.log(`${RUNS} runs x 5 events per path, median of ${ROUNDS}, one client receiving (node ${process.version})`);
console.log('| path | events/s | µs/event | vs canonical |');
console.log('| --- | ---: | ---: | ---: |');
for (const result of results) {
  console.log(`| ${result.path} | ${result.eventsPerSecond} | ${result.usPerEvent.toFixed(1)} | ${(result.usPerEvent / base).toFixed(2)}x |`);
}
console.log(`rss: ${Math.round(process.memoryUsage().rss / 1e6)} MB after ${runCounter} runs`);
socket.disconnect();
await server.close();
