import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmitterServer, DEFAULT_NAMESPACE, WIRE, type AgentEvent } from '@unified-ws/emitter';
import { Server } from 'socket.io';
import { GOLDEN_PATH_AGENT } from '../src/golden-path-script.js';

/**
 * A correct chat service for the harness to judge: the fixture's HTTP API, the golden-path
 * agent's script, every event through @unified-ws/emitter. Test-only.
 *
 * `fault: 'broadcast'` makes it also broadcast every event to every socket of the namespace, the
 * mistake that leaks runs to other users: the harness must see it.
 */
export interface ReferenceService {
  baseUrl: string;
  close(): Promise<void>;
}

async function json(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? {} : (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export async function startReferenceService(options: { fault?: 'broadcast' } = {}): Promise<ReferenceService> {
  const sessions = new Map<string, string>();
  const userOf = (token: unknown) => (typeof token === 'string' ? sessions.get(token) : undefined);

  const httpServer = createServer((request, response) => {
    void route(request, response).catch((error: unknown) => answer(response, 500, { error: String(error) }));
  });
  const io = new Server(httpServer, { serveClient: false });
  const emitter = createEmitterServer({
    io,
    authenticate: ({ auth }) => {
      const userId = userOf(auth['token']);
      if (!userId) throw new Error('invalid token');
      return { userId };
    },
  });

  async function runAgent(userId: string, threadId: string, runId: string, text: string): Promise<void> {
    const run = emitter.forRun({ userId, threadId, runId });
    const agentName = GOLDEN_PATH_AGENT;
    const sent: AgentEvent[] = [];
    sent.push(await run.agentStarted({ agentName, message: text }));
    sent.push(await run.agentThinking({ agentName, reasoning: 'Looking for documents that answer the question', stepNumber: 1 }));
    const search = await run.toolExecuting({ agentName, toolName: 'search_knowledge_base', parameters: { query: text } });
    sent.push(search);
    sent.push(await run.toolCompleted({ agentName, toolName: 'search_knowledge_base', toolCallId: search.payload.toolCallId, result: { documents: 16 } }));
    sent.push(await run.agentThinking({ agentName, reasoning: 'Drafting a reply from the best documents', stepNumber: 2 }));
    const draft = await run.toolExecuting({ agentName, toolName: 'draft_reply', parameters: { sources: 3 } });
    sent.push(draft);
    sent.push(await run.toolCompleted({ agentName, toolName: 'draft_reply', toolCallId: draft.payload.toolCallId, result: 'See the export page.' }));
    sent.push(await run.agentCompleted({ agentName, status: 'succeeded', result: 'See the export page.' }));
    if (options.fault === 'broadcast') for (const event of sent) io.of(DEFAULT_NAMESPACE).emit(WIRE.event, event);
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const body = await json(request);
    if (request.method === 'POST' && url.pathname === '/api/login') {
      const token = randomBytes(24).toString('base64url');
      const userId = `usr_${String(body['username'])}`;
      sessions.set(token, userId);
      answer(response, 200, { token, userId });
      return;
    }
    const message = /^\/api\/threads\/([^/]+)\/messages$/.exec(url.pathname);
    if (request.method === 'POST' && message) {
      const userId = userOf(request.headers.authorization?.replace(/^Bearer /, ''));
      if (!userId) return answer(response, 401, { error: 'invalid token' });
      const threadId = message[1] ?? '';
      const runId = `run_${randomUUID()}`;
      answer(response, 202, { runId, threadId });
      setImmediate(() => void runAgent(userId, threadId, runId, String(body['text'])));
      return;
    }
    answer(response, 404, { error: 'not found' });
  }

  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await emitter.close();
      await io.close();
    },
  };
}
