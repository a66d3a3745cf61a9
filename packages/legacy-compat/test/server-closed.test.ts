import { createEmitterServer, setDefaultEmitterServer } from '@unified-ws/emitter';
import { afterEach, expect, it } from 'vitest';
import { WebSocketNotifier } from '../src/agent-websocket-bridge.js';
import { getLegacyFailures } from '../src/index.js';
import { freshRun, tokenAuth } from './support.js';

// A file of its own: the shim must tell a closed server from a missing one with no legacy
// call ever made while the server was registered (module state starts fresh here).
const savedNodeEnv = process.env['NODE_ENV'];
afterEach(() => {
  process.env['NODE_ENV'] = savedNodeEnv;
});

const closedFailures = () =>
  getLegacyFailures()
    .filter((failure) => failure.reason === 'server_closed')
    .reduce((sum, failure) => sum + failure.count, 0);

it('in production, a first legacy call after the registered server closed is a server_closed failure, not a missing start-up line', async () => {
  process.env['NODE_ENV'] = 'production';
  const server = createEmitterServer({ authenticate: tokenAuth });
  await server.listen(0, '127.0.0.1');
  setDefaultEmitterServer(server);
  await server.close(); // unregisters itself; no legacy call was made meanwhile
  const ctx = freshRun();
  await expect(new WebSocketNotifier(null, ctx).sendAgentThinking(ctx, 'after close')).resolves.toBe(false);
  expect(closedFailures()).toBe(1);
});
