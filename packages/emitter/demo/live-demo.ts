/**
 * `npm start` (until the migration demo lands): a real emitter server on 127.0.0.1, a real
 * client SDK connection, and one agent run printed as the client receives it.
 */
import { createEmitterClient } from '../src/client/index.js';
import { AuthorizationError, createEmitterServer, type AgentEvent } from '../src/index.js';

const server = createEmitterServer({
  authenticate: ({ auth }) => {
    if (typeof auth['token'] !== 'string') throw new AuthorizationError('a token is required');
    return { userId: auth['token'] };
  },
});
const { port } = await server.listen(0, '127.0.0.1');
console.log(`emitter listening on http://127.0.0.1:${port}/agent-events`);

let done: () => void;
const finished = new Promise<void>((resolve) => (done = resolve));
const started = Date.now();
const client = createEmitterClient({
  url: `http://127.0.0.1:${port}`,
  auth: { token: 'ada' },
  onEvent: (event: AgentEvent) => {
    const ms = String(Date.now() - started).padStart(4);
    console.log(`${ms} ms  #${event.seq}  ${event.type.padEnd(16)} ${JSON.stringify(event.payload)}`);
    if (event.type === 'agent_completed') done();
  },
});
await client.ready();

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const thought = { agentName: 'travel-agent', reasoning: 'Cold but clear: suggest the fjord walk', stepNumber: 2, progress: 80 };
const run = server.forRun({ userId: 'ada', threadId: 'thread-1', runId: 'run-demo' });
await run.agentStarted({ agentName: 'travel-agent', message: 'Planning a weekend in Oslo' });
await pause(150);
await run.agentThinking({ agentName: 'travel-agent', reasoning: 'Check the weather first', stepNumber: 1, progress: 20 });
const weather = await run.toolExecuting({ agentName: 'travel-agent', toolName: 'weather', parameters: { city: 'Oslo' } });
await pause(200);
await run.toolCompleted({
  agentName: 'travel-agent',
  toolName: 'weather',
  toolCallId: weather.payload.toolCallId,
  result: { celsius: -3, sky: 'clear' },
  durationMs: 200,
});
// A retried emit with the same idempotency key is delivered once.
await run.agentThinking(thought, { idempotencyKey: 'step-2' });
await run.agentThinking(thought, { idempotencyKey: 'step-2' });
await run.agentCompleted({
  agentName: 'travel-agent',
  status: 'succeeded',
  result: 'Pack a warm coat; the fjord walk is lovely in clear weather.',
  usage: { inputTokens: 812, outputTokens: 96, costUsd: 0.0021 },
});

await finished;
const metrics = server.metrics();
console.log(
  `\nrun complete: ${Object.values(metrics.emitted).reduce((sum, n) => sum + n, 0)} events emitted, ${metrics.deduplicated} duplicate suppressed, ` +
    `${client.stats().delivered} delivered in order to the client`,
);
client.close();
await server.close();
