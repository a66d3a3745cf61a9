import { describe, expect, it } from 'vitest';
import { compileDetection } from '../../src/audit/detection.js';
import type { AuditSite } from '../../src/audit/report.js';
import { scanFile, type ScanContext } from '../../src/audit/scan-file.js';
import { compileRecipe, loadRecipe } from '../../src/recipe/index.js';

/**
 * The detectors, table-driven: every pattern with a positive case and the look-alikes that
 * must not count (strings, comments, other modules, receiving calls, declarations without a
 * body). A row's code is one file at `src/services/<name>.ts` of a service laid out like
 * docs/legacy-map.md; nothing is read from disk.
 */

const recipe = loadRecipe();
const ctx: ScanContext = { recipe: compileRecipe(recipe), rules: compileDetection(recipe) };

const EMITTER = `import { createEmitterServer, getDefaultEmitterServer, type EmitterServer, type RunEmitter } from '@unified-ws/emitter';\n`;
const FACTORY = `import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';\n`;

interface Row {
  name: string;
  code: string;
  /** `category:kind[:event][ via][ [excluded]]`, in source order */
  sites: string[];
  file?: string;
}

function describeSite(site: AuditSite): string {
  return [
    `${site.category}:${site.kind}${site.event ? `:${site.event}` : ''}`,
    site.via && site.via !== 'legacy' ? ` via ${site.via}` : '',
    site.module && site.category === 'legacy' ? ` (${site.module})` : '',
    site.socketIo ? ' socket.io' : '',
    site.byName ? ' by-name' : '',
    site.excluded ? ` [${site.excluded}]` : '',
  ].join('');
}

function scan(code: string, file = 'src/services/sample.ts') {
  const result = scanFile(file, code, ctx);
  const sites = [...result.sites].sort((a, b) => a.line - b.line);
  return { ...result, described: sites.map(describeSite), sites };
}

const canonical: Row[] = [
  {
    name: 'a forRun(…) chain of the default server',
    code: `${EMITTER}export async function f(ctx: any) {\n  await getDefaultEmitterServer().forRun(ctx).agentStarted({ agentName: 'a' });\n}\n`,
    sites: ['canonical:run-event:agent_started'],
  },
  {
    name: 'a run handle kept in a variable, emit with the event name and emitBatch',
    code: `${EMITTER}export async function f(server: EmitterServer, ctx: any) {\n  const run = server.forRun(ctx);\n  await run.toolExecuting({ agentName: 'a', toolName: 't', toolCallId: '1' });\n  await run.emit('agent_thinking', { agentName: 'a', reasoning: 'r' });\n  await run.emitBatch([]);\n}\n`,
    sites: ['canonical:run-event:tool_executing', 'canonical:run-event:agent_thinking', 'canonical:run-event'],
  },
  {
    name: 'a parameter and a constructor property typed RunEmitter',
    code: `${EMITTER}export function f(run: RunEmitter) {\n  return run.agentCompleted({ agentName: 'a', status: 'succeeded' });\n}\nexport class Agent {\n  constructor(private readonly run: RunEmitter) {}\n  think() {\n    return this.run.agentThinking({ agentName: 'a', reasoning: 'r' });\n  }\n}\n`,
    sites: ['canonical:run-event:agent_completed', 'canonical:run-event:agent_thinking'],
  },
  {
    name: 'notifyUser on the default server and on a created one',
    code: `${EMITTER}const server = createEmitterServer({ authenticate: () => ({ userId: 'u' }) });\nexport function f() {\n  getDefaultEmitterServer().notifyUser('u', 'thread_renamed', {});\n  server.notifyUser('u', 'x', {});\n}\n`,
    sites: ['canonical:user-notice', 'canonical:user-notice'],
  },
  {
    name: 'notifyUser with a run event is a duplicate (the emitter throws on it), as the ESLint rule says',
    code: `${EMITTER}const STARTED = 'agent_started';\nexport function f(userId: string) {\n  getDefaultEmitterServer().notifyUser(userId, STARTED, {});\n  getDefaultEmitterServer().notifyUser(userId, 'tool_completed', {});\n  getDefaultEmitterServer().notifyUser(userId, 'thread_renamed', { type: 'agent_started' });\n}\n`,
    sites: ['duplicate:direct-send:agent_started', 'duplicate:direct-send:tool_completed', 'duplicate:hand-built-message:agent_started'],
  },
  {
    name: 'excludes a RunEmitter of another package (its emit of an event name is a duplicate)',
    code: `import type { RunEmitter } from './my-emitter.js';\nexport function f(run: RunEmitter) {\n  run.agentStarted({});\n  run.emit('agent_started', {});\n}\n`,
    sites: ['duplicate:direct-send:agent_started'],
  },
  {
    name: 'excludes notifyUser of other objects and a local getDefaultEmitterServer',
    code: `declare const mailer: { notifyUser(id: string): void };\nfunction getDefaultEmitterServer() { return { notifyUser(_: string) {} }; }\nexport function f() {\n  mailer.notifyUser('u');\n  getDefaultEmitterServer().notifyUser('u');\n}\n`,
    sites: [],
  },
];

const legacy: Row[] = [
  {
    name: 'a manager from the deprecated factory, sendToUser',
    code: `${FACTORY}export async function f(ctx: any) {\n  const manager = await createWebSocketManager({ userContext: ctx });\n  await manager.sendToUser(ctx.userId, { type: 'thread_renamed' });\n}\n`,
    sites: ['legacy:legacy-call (websocket-manager-factory)'],
  },
  {
    name: 'the same through the compat shim: migrated in import only',
    code: `import { createWebSocketManager } from '@unified-ws/legacy-compat/websocket-manager-factory';\nexport async function f(ctx: any) {\n  const manager = await createWebSocketManager({ userContext: ctx });\n  await manager.sendToUser(ctx.userId, { type: 'thread_renamed' });\n}\n`,
    sites: ['legacy:legacy-call via compat (websocket-manager-factory)'],
  },
  {
    name: 'a legacy function that names the event is a legacy call, not a duplicate',
    code: `import { emitWebSocketEvent } from '../agents/data/unified-data-agent.js';\nexport async function f(ctx: any) {\n  await emitWebSocketEvent(ctx, 'agent_started', { agent_name: 'a' });\n}\n`,
    sites: ['legacy:legacy-call (unified-data-agent)'],
  },
  {
    name: 'a receiver typed with a legacy type, emitCriticalEvent with an event name',
    code: `import type { WebSocketManager } from '../websocket-core/websocket-manager.js';\nexport async function f(manager: WebSocketManager) {\n  await manager.emitCriticalEvent('u', 'tool_completed', {});\n}\n`,
    sites: ['legacy:legacy-call (websocket-manager)'],
  },
  {
    name: 'this in a class that extends a legacy class',
    code: `import { UnifiedWebSocketEmitter } from '../websocket-core/unified-emitter.js';\nexport class Mine extends UnifiedWebSocketEmitter {\n  go() {\n    return this.notifyAgentStarted('a');\n  }\n}\n`,
    sites: ['legacy:legacy-call (unified-emitter)'],
  },
  {
    name: 'a receiver syntax cannot place counts by its method name in a file binding a legacy module',
    code: `import { WebSocketBridgeAdapter } from '../agents/mixins/websocket-bridge-adapter.js';\nexport class Agent {\n  protected readonly adapter = new WebSocketBridgeAdapter();\n  start() {\n    return this.adapter.emitAgentStarted();\n  }\n}\n`,
    sites: ['legacy:legacy-call by-name'],
  },
  {
    name: 'excludes factories and bookkeeping (not sends), and this.x() of a class extending a non-legacy one',
    code: `${FACTORY}import { Base } from './base.js';\nexport async function f(ctx: any, connection: any) {\n  const manager = await createWebSocketManager({ userContext: ctx });\n  await manager.addConnection(connection);\n}\nexport class Agent extends Base {\n  go() {\n    return this.emitAgentStartedNow();\n  }\n}\n`,
    sites: [],
  },
  {
    name: 'excludes look-alikes: the same name from another module, a sendToUser of your own',
    code: `import { createWebSocketManager } from './corpus/websocket-manager-factory.js';\nclass Inbox { sendToUser(_: string, __: object) {} }\nexport async function f(ctx: any) {\n  const manager = await createWebSocketManager({ userContext: ctx });\n  await manager.sendToUser(ctx.userId, { type: 'x' });\n  new Inbox().sendToUser('u', {});\n}\n`,
    sites: [],
  },
];

const duplicates: Row[] = [
  {
    name: 'socket.emit of an event name in a file importing socket.io',
    code: `import type { Socket } from 'socket.io';\nexport function f(socket: Socket) {\n  socket.emit('agent_started', { agent: 'a' });\n}\n`,
    sites: ['duplicate:direct-send:agent_started socket.io'],
  },
  {
    name: 'io.to(room).emit: a broadcast operator says socket.io',
    code: `export function f(io: any, room: string) {\n  io.to(room).emit('tool_completed', {});\n}\n`,
    sites: ['duplicate:direct-send:tool_completed socket.io'],
  },
  {
    name: 'ws.send(JSON.stringify({type})) is a hand-built message',
    code: `export function f(ws: { send(text: string): void }) {\n  ws.send(JSON.stringify({ type: 'tool_executing', tool: 't' }));\n}\n`,
    sites: ['duplicate:hand-built-message:tool_executing'],
  },
  {
    name: 'through const names: an event constant, a message object, a quoted key',
    code: `const EVENT = 'agent_thinking';\nconst message = { 'type': 'agent_completed' } as const;\nexport function f(bus: any, channel: any) {\n  bus.publish(EVENT, {});\n  channel.write(message);\n  notify(\`agent_started\`);\n}\ndeclare function notify(event: string): void;\n`,
    sites: ['duplicate:direct-send:agent_thinking', 'duplicate:hand-built-message:agent_completed', 'duplicate:direct-send:agent_started'],
  },
  {
    name: 'emitter methods of its own: class methods, arrow properties, private names, object literals, functions',
    code: `export class Mine {\n  async emitAgentStarted() {}\n  sendThinking = () => undefined;\n  #notifyToolCompleted() {}\n}\nexport const helpers = {\n  notifyToolExecuting: async () => undefined,\n  emitAgentCompleted() {},\n};\nexport function notifyAgentCompleted() {}\n`,
    sites: [
      'duplicate:own-emitter-method',
      'duplicate:own-emitter-method',
      'duplicate:own-emitter-method',
      'duplicate:own-emitter-method',
      'duplicate:own-emitter-method',
      'duplicate:own-emitter-method',
    ],
  },
  {
    name: 'excludes mentions: logs, comments, other strings, receiving, assertions, the v1 wire event',
    code: `// socket.emit('agent_started', {})\n/* ws.send(JSON.stringify({ type: 'tool_executing' })) */\nexport function f(socket: any, logger: any, expect: any, x: unknown) {\n  logger.info('agent_started');\n  socket.emit('message', 'agent_started happened');\n  socket.on('agent_completed', () => undefined);\n  expect(x).toEqual({ type: 'agent_started' });\n  socket.emit('agent_event', { type: 'agent_started' === x ? 1 : 2 });\n  const text = "socket.emit('agent_thinking')";\n  return text;\n}\n`,
    sites: [],
  },
  {
    name: 'excludes a mutable name, a computed key, and names that only start like an emitter method',
    code: `let event = 'agent_started';\nexport function f(socket: any) {\n  event = 'x';\n  socket.emit(event);\n  socket.send({ ['type']: 'tool_completed' });\n}\nexport class C {\n  emitAgentStartedLater() {}\n  notifyAgentsStarted() {}\n}\n`,
    sites: [],
  },
  {
    name: 'excludes declarations without a body: interfaces, ambient classes, abstract and overload signatures',
    code: `export interface Emitter { emitAgentStarted(): void; notifyToolCompleted: () => void }\ndeclare class Ambient { notifyAgentStarted(): void }\nexport abstract class Base {\n  abstract emitThinking(): void;\n  sendAgentCompleted(a: string): void;\n  sendAgentCompleted(a: string, b?: string): void {}\n}\n`,
    sites: ['duplicate:own-emitter-method'],
  },
];

const markers: Row[] = [
  {
    name: 'a marker above a legacy call, or above the declaration of the name it calls through',
    code: `${FACTORY}export async function f(ctx: any) {\n  const manager = await createWebSocketManager({ userContext: ctx });\n  // @unified-ws-migrate-todo(manager-send-to-thread): why\n  await manager.sendToThread(ctx.threadId, {});\n  // @unified-ws-migrate-todo(receiver-escapes): why\n  const other = await createWebSocketManager({ userContext: ctx });\n  await wrap(other).sendToUser({});\n  await manager.sendToUser(ctx.userId, { type: 'x' });\n}\ndeclare function wrap(x: unknown): { sendToUser(m: object): Promise<void> };\n`,
    sites: ['legacy:legacy-call (websocket-manager-factory) [marker]', 'legacy:legacy-call by-name [marker]', 'legacy:legacy-call (websocket-manager-factory)'],
  },
  {
    name: 'an emitter method of its own that wraps a marked call waits for the same human',
    code: `import { WebSocketBridgeAdapter } from '../agents/mixins/websocket-bridge-adapter.js';\nexport class Agent {\n  readonly adapter = new WebSocketBridgeAdapter();\n  async emitAgentStarted() {\n    // @unified-ws-migrate-todo(bridge-adapter-emit): why\n    await this.adapter.emitAgentStarted();\n  }\n  async emitThinking() {}\n}\n`,
    sites: ['duplicate:own-emitter-method [marker]', 'legacy:legacy-call by-name [marker]', 'duplicate:own-emitter-method'],
  },
  {
    name: 'a canonical call is never excluded by a marker',
    code: `${EMITTER}export function f(ctx: any) {\n  // @unified-ws-migrate-todo(some-rule): why\n  return getDefaultEmitterServer().forRun(ctx).agentStarted({ agentName: 'a' });\n}\n`,
    sites: ['canonical:run-event:agent_started'],
  },
];

describe.each([
  ['canonical sites', canonical],
  ['legacy sites', legacy],
  ['duplicate emitters', duplicates],
  ['markers', markers],
])('%s', (_, rows) => {
  it.each(rows)('$name', ({ code, sites, file }) => {
    const result = scan(code, file);
    expect(result.error).toBeUndefined();
    expect(result.described).toEqual(sites);
  });
});

describe('scanFile', () => {
  it('reports the line of each site and names it the way the code reads', () => {
    const { sites } = scan(`${EMITTER}export class A {\n  async notifyToolCompleted() {\n    await getDefaultEmitterServer()\n      .forRun({ userId: 'u', threadId: 't', runId: 'r' })\n      .toolCompleted({ agentName: 'a', toolName: 't', toolCallId: '1' });\n  }\n}\n`);
    expect(sites.map(({ line, name }) => [line, name])).toEqual([
      [3, 'A.notifyToolCompleted'],
      [4, 'getDefaultEmitterServer(…).forRun(…).toolCompleted'],
    ]);
  });

  it('lists markers that are comments, not marker text inside strings or templates', () => {
    const code = `// @unified-ws-migrate-todo(rule-a): a real one\nconst s = '// @unified-ws-migrate-todo(rule-b): in a string';\nconst t = \`\n// @unified-ws-migrate-todo(rule-c): in a template\n\`;\nexport { s, t };\n  // @unified-ws-migrate-todo(rule-d): before the end of the file\n`;
    expect(scan(code).markers).toEqual([
      { rule: 'rule-a', reason: 'a real one', line: 1 },
      { rule: 'rule-d', reason: 'before the end of the file', line: 7 },
    ]);
  });

  it("lists a legacy module's own emitter code under the module, never counted, and its imports apart", () => {
    const code = `import type { WebSocketManager } from './websocket-manager.js';\nexport class UnifiedWebSocketEmitter {\n  constructor(private readonly manager: WebSocketManager) {}\n  async emitAgentStarted(data: object) {\n    await this.emitCritical('agent_started', data);\n  }\n  private async emitCritical(type: string, data: object) {\n    await this.manager.emitCriticalEvent('u', type, data);\n  }\n}\n`;
    const result = scan(code, 'src/websocket-core/unified-emitter.ts');
    expect(result.described).toEqual(['duplicate:own-emitter-method [legacy-implementation]', 'duplicate:direct-send:agent_started [legacy-implementation]']);
    expect(result.sites.every((site) => site.module === 'unified-emitter')).toBe(true);
    expect(result.imports).toEqual([]);
    expect(result.moduleImports).toEqual(['websocket-manager']);
  });

  it("records the legacy modules a legacy module's own file imports, even with nothing else to scan there", () => {
    const code = `import { UnifiedWebSocketManagerImplementation as WebSocketManager } from './unified-manager.js';\nimport type { UserExecutionContext } from './user-execution-context.js';\nexport type { UserExecutionContext };\nexport { WebSocketManager };\n`;
    expect(scan(code, 'src/websocket-core/websocket-manager.ts')).toMatchObject({ parsed: true, imports: [], moduleImports: ['unified-manager'] });
    expect(scan(code).moduleImports).toEqual([]);
  });

  it('records the imports of legacy modules and of the shim, and whether markers explain them', () => {
    const result = scan(
      `${FACTORY}import { WebSocketNotifier } from '@unified-ws/legacy-compat/agent-websocket-bridge';\n// @unified-ws-migrate-todo(x): y\nexport const m = [createWebSocketManager, WebSocketNotifier];\nexport const lazy = () => import('../websocket-core/unified-emitter.js');\n`,
    );
    expect(result.imports.map(({ line, kind, module, via, keptForMarkers }) => ({ line, kind, module, via, keptForMarkers }))).toEqual([
      { line: 1, kind: 'import', module: 'websocket-manager-factory', via: 'legacy', keptForMarkers: true },
      { line: 2, kind: 'import', module: 'agent-websocket-bridge', via: 'compat', keptForMarkers: true },
      { line: 5, kind: 'dynamic-import', module: 'unified-emitter', via: 'legacy', keptForMarkers: true },
    ]);
  });

  it('parses only what the text pre-filter lets through, and reports what does not parse', () => {
    expect(scan('export const answer = 42; // nothing about agents\n').parsed).toBe(false);
    expect(scan(`export class Broken { emitAgentStarted( }\n`).error).toMatch(/^does not parse: 1:\d+ /);
  });
});
