import { createEmitterClient, type EmitterClient, type EmitterClientOptions } from '../src/client/index.js';
import {
  AuthorizationError,
  createEmitterServer,
  type AgentEvent,
  type EmitterServer,
  type EmitterServerOptions,
  type UserEvent,
} from '../src/index.js';

/** Test identity scheme: the handshake carries `auth.token = "user:<id>"`. */
export function tokenAuth({ auth }: { auth: Record<string, unknown> }): { userId: string } {
  const token = auth['token'];
  if (typeof token !== 'string' || !token.startsWith('user:')) throw new AuthorizationError('invalid token');
  return { userId: token.slice('user:'.length) };
}

export interface TestServer {
  server: EmitterServer;
  url: string;
}

/** A real emitter server on 127.0.0.1 and a free port (or `port`); callers close it. */
export async function startServer(options: Partial<EmitterServerOptions> = {}, listenOn = 0): Promise<TestServer> {
  const server = createEmitterServer({ authenticate: tokenAuth, ...options });
  const { port } = await server.listen(listenOn, '127.0.0.1');
  return { server, url: `http://127.0.0.1:${port}` };
}

export interface TestClient {
  client: EmitterClient;
  events: AgentEvent[];
  userEvents: UserEvent[];
  failures: Array<{ runId: string; reason: string }>;
}

export async function connectClient(
  url: string,
  userId: string,
  options: Partial<EmitterClientOptions> = {},
): Promise<TestClient> {
  const events: AgentEvent[] = [];
  const userEvents: UserEvent[] = [];
  const failures: Array<{ runId: string; reason: string }> = [];
  const client = createEmitterClient({
    url,
    auth: { token: `user:${userId}` },
    socketOptions: { reconnectionDelay: 50, reconnectionDelayMax: 200 },
    onEvent: (event) => events.push(event),
    onUserEvent: (event) => userEvents.push(event),
    onRecoveryFailed: (failure) => failures.push(failure),
    ...options,
  });
  await client.ready();
  return { client, events, userEvents, failures };
}

/** Polls until `predicate` holds; fails after `timeoutMs` (a bound, not a performance assertion). */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** `waitFor` for conditions that need I/O to check (a Redis key, a store read). */
export async function waitForAsync(predicate: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Lets in-flight frames arrive, for asserting that something was NOT delivered. */
export function settle(ms = 150): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function runOf(userId: string, runId: string, threadId = `thread-${userId}`) {
  return { userId, threadId, runId };
}
