import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectClient, runOf, startServer, waitFor, type TestClient, type TestServer } from './support.js';

const USERS = 50;
const RUNS_PER_USER = 20;
const EVENTS_PER_RUN = 5;

let started: TestServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  started = await startServer();
  for (let user = 0; user < USERS; user++) clients.push(await connectClient(started.url, `user-${user}`));
});

afterAll(async () => {
  for (const { client } of clients) client.close();
  await started.server.close();
});

it(`keeps ${USERS} users x ${RUNS_PER_USER} concurrent runs apart: zero cross-user deliveries`, async () => {
  const { server } = started;
  await Promise.all(
    Array.from({ length: USERS * RUNS_PER_USER }, async (_, index) => {
      const user = `user-${index % USERS}`;
      const run = server.forRun(runOf(user, `${user}/run-${Math.floor(index / USERS)}`));
      await run.agentStarted({ agentName: 'a' });
      const tool = await run.toolExecuting({ agentName: 'a', toolName: 'lookup' });
      await run.agentThinking({ agentName: 'a', reasoning: 'r' });
      await run.toolCompleted({ agentName: 'a', toolName: 'lookup', toolCallId: tool.payload.toolCallId });
      await run.agentCompleted({ agentName: 'a', status: 'succeeded' });
    }),
  );
  const expected = RUNS_PER_USER * EVENTS_PER_RUN;
  await waitFor(() => clients.every((c) => c.events.length >= expected), 'every client to get its runs', 20_000);

  let crossUser = 0;
  clients.forEach(({ events }, user) => {
    crossUser += events.filter((event) => event.userId !== `user-${user}` || !event.runId.startsWith(`user-${user}/`)).length;
    expect(events).toHaveLength(expected);
    const byRun = new Map<string, typeof events>();
    for (const event of events) byRun.set(event.runId, [...(byRun.get(event.runId) ?? []), event]);
    expect(byRun.size).toBe(RUNS_PER_USER);
    for (const runEvents of byRun.values()) {
      expect(runEvents.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5]);
    }
  });
  expect(crossUser).toBe(0);
});
