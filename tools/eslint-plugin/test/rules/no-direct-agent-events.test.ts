import type { Rule } from 'eslint';
import { noDirectAgentEvents } from '../../src/rules/no-direct-agent-events.js';
import { ruleTester } from '../rule-tester.js';

const rule = noDirectAgentEvents as unknown as Rule.RuleModule;

ruleTester().run('no-direct-agent-events', rule, {
  valid: [
    // The canonical API.
    "getDefaultEmitterServer().forRun({ userId, threadId, runId }).emit('agent_started', { agentName: 'a' });",
    "await run.agentStarted({ agentName: 'a' });",
    // A run handle held in a name, as the audit recognises it without type information.
    [
      "import { getDefaultEmitterServer } from '@unified-ws/emitter';",
      'export async function start(userId: string, threadId: string, runId: string): Promise<void> {',
      '  const run = getDefaultEmitterServer().forRun({ userId, threadId, runId });',
      "  await run.emit('agent_started', { agentName: 'researcher' });",
      '}',
    ].join('\n'),
    "let run = await server.forRun(ctx); const same = run; await same.emit('tool_executing', {});",
    "import type { RunEmitter } from '@unified-ws/emitter'; function send(run: RunEmitter) { run.emit('agent_started', {}); }",
    "import * as emitter from '@unified-ws/emitter'; function send(run: emitter.RunEmitter | undefined) { run!.emit('agent_started', {}); }",
    [
      "import { getDefaultEmitterServer, type RunEmitter } from '@unified-ws/emitter';",
      'class Agent {',
      '  private run = getDefaultEmitterServer().forRun(ctx);',
      '  constructor(private readonly other: RunEmitter) {}',
      "  go() { this.run.emit('agent_started', {}); this.other.emit('agent_thinking', {}); }",
      '}',
    ].join('\n'),
    // Non-run messages through notifyUser are fine; so are other event names.
    "server.notifyUser(userId, 'thread_renamed', { title });",
    "socket.emit('chat_message', { type: 'user_message', text });",
    // Reading or asserting event names is not sending them.
    "expect(event.type).toBe('agent_started');",
    "const seen = events.filter((e) => e.type === 'tool_completed');",
    "if (message.type === 'agent_completed') done();",
    // Only a `const` holds its value: a `let` may change, a parameter is whatever the caller passes.
    "let name = 'agent_started'; socket.emit(name, {});",
    "const STARTED = 'agent_started'; function start(STARTED: string) { socket.emit(STARTED, {}); }",
    "const STARTED = 'agent_started'; logger.info(STARTED);",
    // `{ type }` states no value of its own.
    "const type = 'tool_executing'; ws.send(JSON.stringify({ type }));",
    // Signatures, declarations and accessors only describe; the audit counts members with a body.
    'interface Notifier { emitAgentStarted(name: string): void; notifyToolCompleted: () => void }',
    'declare class Notifier { emitAgentStarted(name: string): void }',
    'declare function emitAgentStarted(name: string): void;',
    'class Notifier { get emitAgentStarted() { return this.started; } emitThinking = true; }',
    // A call by a name that does not send, or a sending call without a critical event.
    "emitter.on('agent_started', handler);",
    "describe('agent_started', () => {});",
    "send('hello', {});",
    // Unrelated methods.
    'class Agent { async run() {} notifyUserOfProgress() {} }',
  ],
  invalid: [
    {
      code: "socket.emit('agent_started', { agent_name: 'a' });",
      errors: [{ messageId: 'directEmit', data: { event: 'agent_started' } }],
    },
    {
      code: "io.to(userId).emit(`tool_executing`, payload);",
      errors: [{ messageId: 'directEmit' }],
    },
    {
      code: "await manager.emitCriticalEvent(userId, 'agent_thinking', { reasoning });",
      errors: [{ messageId: 'directEmit', data: { event: 'agent_thinking' } }],
    },
    {
      code: "ws.send(JSON.stringify({ type: 'tool_executing', tool_name: 'search' }));",
      errors: [{ messageId: 'handBuiltMessage', data: { event: 'tool_executing', method: 'toolExecuting' } }],
    },
    {
      code: "await mgr.sendToUser(userId, { type: 'agent_completed', status: 'completed' });",
      errors: [{ messageId: 'handBuiltMessage' }],
    },
    {
      code: 'class Notifier { async emitAgentStarted(name: string) {} notifyToolCompleted() {} }',
      errors: [
        { messageId: 'ownEmitter', data: { name: 'emitAgentStarted' } },
        { messageId: 'ownEmitter', data: { name: 'notifyToolCompleted' } },
      ],
    },
    {
      code: 'const adapter = { emitThinking: async (thought: string) => {}, sendToolExecuting() {} };',
      errors: [{ messageId: 'ownEmitter' }, { messageId: 'ownEmitter' }],
    },
    {
      code: "socket.emit('agent_started' as const, { agentName: 'researcher' });",
      errors: [{ messageId: 'directEmit', data: { event: 'agent_started' } }],
    },
    {
      code: "socket.emit(('agent_thinking' satisfies string)!, {});",
      errors: [{ messageId: 'directEmit', data: { event: 'agent_thinking' } }],
    },
    {
      code: "ws.send(JSON.stringify({ type: 'tool_executing' as const, toolName: 'search' }));",
      errors: [{ messageId: 'handBuiltMessage', data: { event: 'tool_executing', method: 'toolExecuting' } }],
    },
    {
      code: "const STARTED = 'agent_started';\nexport function start(socket: Socket): void {\n  socket.emit(STARTED, { agentName: 'researcher' });\n}",
      errors: [{ messageId: 'directEmit', data: { event: 'agent_started' }, line: 3 }],
    },
    {
      code: "const STARTED = 'agent_started' as const; const ALIAS = STARTED; socket.emit(ALIAS);",
      errors: [{ messageId: 'directEmit', data: { event: 'agent_started' } }],
    },
    {
      code: "const message = { type: 'agent_completed', status: 'completed' }; ws.send(JSON.stringify(message));",
      errors: [{ messageId: 'handBuiltMessage', data: { event: 'agent_completed', method: 'agentCompleted' } }],
    },
    {
      code: [
        "import type { Socket } from 'socket.io';",
        'export class Notifier {',
        '  constructor(private readonly socket: Socket) {}',
        '  emitAgentStarted = (agentName: string): void => {',
        "    this.socket.emit('agent_started', { agentName });",
        '  };',
        '}',
      ].join('\n'),
      errors: [
        { messageId: 'ownEmitter', data: { name: 'emitAgentStarted' }, line: 4 },
        { messageId: 'directEmit', data: { event: 'agent_started' }, line: 5 },
      ],
    },
    {
      code: 'class Notifier { #notifyToolCompleted = function () {}; #emitThinking() {} }',
      errors: [
        { messageId: 'ownEmitter', data: { name: 'notifyToolCompleted' } },
        { messageId: 'ownEmitter', data: { name: 'emitThinking' } },
      ],
    },
    {
      code: [
        'export function emitAgentStarted(send: (event: string, data: unknown) => void, agentName: string): void {',
        "  send('agent_started', { agentName });",
        '}',
      ].join('\n'),
      errors: [
        { messageId: 'ownEmitter', data: { name: 'emitAgentStarted' }, line: 1 },
        { messageId: 'directEmit', data: { event: 'agent_started' }, line: 2 },
      ],
    },
    {
      // Overloads are one emitter: only the implementation is reported.
      code: 'class Notifier { emitAgentStarted(name: string): void; emitAgentStarted(name: unknown) {} }',
      errors: [{ messageId: 'ownEmitter', data: { name: 'emitAgentStarted' } }],
    },
    {
      code: "const adapter = { 'emitAgentStarted': (name: string) => {} };",
      errors: [{ messageId: 'ownEmitter', data: { name: 'emitAgentStarted' } }],
    },
    {
      code: [
        'export class Notifier {',
        '  #socket: { emit(event: string, data: unknown): void };',
        '  constructor(socket: { emit(event: string, data: unknown): void }) { this.#socket = socket; }',
        '  #emit(event: string, data: unknown): void { this.#socket.emit(event, data); }',
        '  started(agentName: string): void {',
        "    this.#emit('agent_started', { agentName });",
        '  }',
        '}',
      ].join('\n'),
      errors: [{ messageId: 'directEmit', data: { event: 'agent_started' }, line: 6 }],
    },
    {
      // A local send function is reported as the audit counts it: the name is all syntax can go by.
      code: "function send(event: string, data: unknown) { queue.push([event, data]); }\nsend('tool_completed', {});",
      errors: [{ messageId: 'directEmit', data: { event: 'tool_completed' }, line: 2 }],
    },
    // Look-alike run handles: a type of another module, a parameter's default, a name that may change.
    ...[
      "type RunEmitter = { emit(event: string, data: unknown): void }; function f(run: RunEmitter) { run.emit('agent_started', {}); }",
      "import type { RunEmitter } from './my-emitter'; function f(run: RunEmitter) { run.emit('agent_started', {}); }",
      "function f(run = server.forRun(ctx)) { run.emit('agent_started', {}); }",
      "let run = socket; run.emit('agent_started', {});",
      "let a = b; let b = a; a.emit('agent_started', {});",
    ].map((code) => ({ code, errors: [{ messageId: 'directEmit' as const, data: { event: 'agent_started' } }] })),
    {
      code: "socket.emit('agent_error', {});",
      options: [{ eventNames: ['agent_error'] }],
      errors: [{ messageId: 'directEmit', data: { event: 'agent_error' } }],
    },
  ],
});
