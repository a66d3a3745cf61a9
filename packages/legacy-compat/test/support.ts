import {
  AuthorizationError,
  createEmitterServer,
  setDefaultEmitterServer,
  type AgentEvent,
  type EmitterServer,
  type Handshake,
  type UserEvent,
} from '@unified-ws/emitter';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ConnectionSocket } from '../src/unified-manager.js';

/** Test identity scheme: the handshake carries `auth.token = "user:<id>"`. */
export function tokenAuth({ auth }: Handshake): { userId: string } {
  const token = (auth as Record<string, unknown>)['token'];
  if (typeof token !== 'string' || !token.startsWith('user:')) throw new AuthorizationError('invalid token');
  return { userId: token.slice('user:'.length) };
}

/**
 * A plain socket.io client of one user that records everything exactly as it arrives
 * (duplicates included, unlike the SDK, which would hide them): the run envelopes in
 * arrival order and the user events.
 */
export class UserClient {
  readonly events: AgentEvent[] = [];
  readonly userEvents: UserEvent[] = [];
  frames = 0;

  private constructor(readonly socket: Socket) {
    socket.on('agent_event', (event: AgentEvent) => {
      this.frames++;
      this.events.push(event);
    });
    socket.on('agent_events', (events: AgentEvent[]) => {
      this.frames++;
      this.events.push(...events);
    });
    socket.on('user_event', (event: UserEvent) => this.userEvents.push(event));
  }

  static async connect(url: string, userId: string): Promise<UserClient> {
    const socket = io(`${url}/agent-events`, { auth: { token: `user:${userId}` }, transports: ['websocket'], reconnection: false });
    const client = new UserClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return client;
  }

  /** The envelopes of one run, as received. */
  run(runId: string): AgentEvent[] {
    return this.events.filter((event) => event.runId === runId);
  }

  close(): void {
    this.socket.disconnect();
  }
}

export interface Harness {
  readonly server: EmitterServer;
  readonly url: string;
  /** A connected client of `userId`, closed after the test. */
  client(userId: string): Promise<UserClient>;
}

/**
 * Registers the hooks of a test file: one real EmitterServer on 127.0.0.1 and a free port,
 * registered as the default server (what the shim delivers through), closed after the file;
 * clients closed after each test.
 */
export function useHarness(): Harness {
  let server: EmitterServer | undefined;
  let url = '';
  const clients: UserClient[] = [];
  beforeAll(async () => {
    server = createEmitterServer({ authenticate: tokenAuth });
    const { port } = await server.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${port}`;
    setDefaultEmitterServer(server);
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('the harness server starts in beforeAll');
      return server;
    },
    get url() {
      return url;
    },
    async client(userId: string) {
      const client = await UserClient.connect(url, userId);
      clients.push(client);
      return client;
    },
  };
}

/**
 * A legacy connection socket that records what is emitted on it: the shim must never use
 * it (every delivery goes through the EmitterServer), so tests expect `sent` to stay empty.
 */
export function recordingSocket(id = 'legacy-socket'): ConnectionSocket & { sent: unknown[] } {
  const sent: unknown[] = [];
  return {
    id,
    connected: true,
    sent,
    emit(_event: 'message', message: unknown) {
      sent.push(message);
      return true;
    },
  };
}

let sequence = 0;

/** A fresh run of a fresh user, so no two tests share state in the shim's registries. */
export function freshRun(label = 'u'): { userId: string; threadId: string; runId: string } {
  sequence++;
  const tag = `${label}-${process.pid}-${sequence}`;
  return { userId: `user-${tag}`, threadId: `thread-${tag}`, runId: `run-${tag}` };
}

/** Polls until `predicate` holds; fails after `timeoutMs` (a bound, not a performance assertion). */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Lets in-flight frames arrive, before asserting that something was NOT delivered. */
export function settle(ms = 150): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * What a run looks like on the wire, without what legitimately differs between two runs
 * (ids, timestamps): type, seq and payload, with generated tool call ids renamed
 * `call#1`, `call#2`, … in order of first appearance.
 */
export function wire(events: readonly AgentEvent[]): Array<{ type: string; seq: number; payload: unknown }> {
  const calls = new Map<string, string>();
  return events.map((event) => {
    const payload: Record<string, unknown> = { ...event.payload };
    const id = payload['toolCallId'];
    if (typeof id === 'string') {
      if (!calls.has(id)) calls.set(id, `call#${calls.size + 1}`);
      payload['toolCallId'] = calls.get(id);
    }
    return { type: event.type, seq: event.seq, payload };
  });
}

/** `[type, payload]` pairs: the compact form for asserting a run. */
export function types(events: readonly AgentEvent[]): string[] {
  return events.map((event) => event.type);
}
