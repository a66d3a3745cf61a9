import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { audit, verify } from '@unified-ws/codemods';
import { Linter } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

// The README promises that the rules and the codemods never disagree: the same files go through
// `unified-ws verify` or `unified-ws audit` and the plugin, and every line one reports the other
// reports too.
const root = mkdtempSync(path.join(tmpdir(), 'eslint-plugin-agreement-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
}

function lint(file: string, text: string, rule: string): number[] {
  const linter = new Linter({ cwd: root });
  const config = [
    { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
    { files: ['**/*.ts'], ...plugin.configs['recommended'], rules: { [`@unified-ws/${rule}`]: 'error' as const } },
  ];
  return linter.verify(text, config as Linter.Config[], path.join(root, file)).map((message) => message.line);
}

const legacyFiles: Record<string, string> = {
  'src/app/import-equals.ts': "import factory = require('../websocket-core/websocket-manager-factory');\nexport const m = factory;\n",
  'src/app/template.ts': 'export async function lazy() {\n  return import(`../websocket-core/websocket-manager-factory.js`);\n}\n',
  'src/app/mocks.test.ts': [
    "vi.mock('../websocket-core/websocket-manager-factory');",
    "vi.doMock('../websocket-core/websocket-manager-factory');",
    "vi.unmock('../websocket-core/websocket-manager-factory');",
    "vi.doUnmock('../websocket-core/websocket-manager-factory');",
    "await vi.importActual('../websocket-core/websocket-manager-factory');",
    "await vi.importMock('../websocket-core/websocket-manager-factory');",
    "jest.mock('../websocket-core/websocket-manager-factory');",
    "jest.doMock('../websocket-core/websocket-manager-factory');",
    "jest.unmock('../websocket-core/websocket-manager-factory');",
    "jest.dontMock('../websocket-core/websocket-manager-factory');",
    "jest.setMock('../websocket-core/websocket-manager-factory', {});",
    "jest.requireActual('../websocket-core/websocket-manager-factory');",
    "jest.requireMock('../websocket-core/websocket-manager-factory');",
    "jest.createMockFromModule('../websocket-core/websocket-manager-factory');",
    "vi.fn('../websocket-core/websocket-manager-factory');",
    'export {};',
    '',
  ].join('\n'),
  // A string and a searched word before the specifier on its line (verify missed these once).
  'src/app/after-a-string.ts':
    "export const tag = 'title', { createWebSocketManager: manager } = await import('../websocket-core/websocket-manager-factory.js');\n",
  'src/app/mock-factory.test.ts':
    "vi.mock('./session.js', async () => ({ manager: await vi.importActual('../websocket-core/websocket-manager-factory.js') }));\nexport {};\n",
};

describe('no-legacy-imports agrees with unified-ws verify', async () => {
  write(legacyFiles);
  const census = await verify({ cwd: root, paths: Object.keys(legacyFiles) });
  for (const [file, text] of Object.entries(legacyFiles)) {
    it(file, () => {
      const counted = census.sites.filter((site) => site.file === file && site.via !== 'marker').map((site) => site.line);
      expect(counted.length).toBeGreaterThan(0);
      expect(lint(file, text, 'no-legacy-imports')).toEqual(counted);
    });
  }
});

const emitterFiles: Record<string, string> = {
  'src/app/const.ts': [
    "import type { Socket } from 'socket.io';",
    "const STARTED = 'agent_started';",
    'export function start(socket: Socket): void {',
    "  socket.emit(STARTED, { agentName: 'researcher' });",
    '}',
    '',
  ].join('\n'),
  'src/app/as-const.ts': [
    "import type { Socket } from 'socket.io';",
    'export function start(socket: Socket, ws: { send(data: string): void }): void {',
    "  socket.emit('agent_started' as const, { agentName: 'researcher' });",
    "  ws.send(JSON.stringify({ type: 'tool_executing' as const, toolName: 'search' }));",
    '}',
    '',
  ].join('\n'),
  'src/app/field.ts': [
    "import type { Socket } from 'socket.io';",
    'export class Notifier {',
    '  constructor(private readonly socket: Socket) {}',
    '  emitAgentStarted = (agentName: string): void => {',
    "    this.socket.emit('agent_started', { agentName });",
    '  };',
    '}',
    '',
  ].join('\n'),
  'src/app/private.ts': [
    'export class Notifier {',
    '  #socket: { emit(event: string, data: unknown): void };',
    '  constructor(socket: { emit(event: string, data: unknown): void }) { this.#socket = socket; }',
    '  #emit(event: string, data: unknown): void { this.#socket.emit(event, data); }',
    '  started(agentName: string): void {',
    "    this.#emit('agent_started', { agentName });",
    '  }',
    '}',
    '',
  ].join('\n'),
  'src/app/fn.ts': [
    'export function emitAgentStarted(send: (event: string, data: unknown) => void, agentName: string): void {',
    "  send('agent_started', { agentName });",
    '}',
    '',
  ].join('\n'),
  'src/app/canonical.ts': [
    "import { getDefaultEmitterServer } from '@unified-ws/emitter';",
    'export async function start(userId: string, threadId: string, runId: string): Promise<void> {',
    '  const run = getDefaultEmitterServer().forRun({ userId, threadId, runId });',
    "  await run.emit('agent_started', { agentName: 'researcher' });",
    '}',
    '',
  ].join('\n'),
  // notifyUser is the canonical API for user events, but it refuses the run events.
  'src/app/notify.ts': [
    "import { getDefaultEmitterServer } from '@unified-ws/emitter';",
    'export function tell(userId: string): void {',
    '  const server = getDefaultEmitterServer();',
    "  server.notifyUser(userId, 'agent_started', { agentName: 'researcher' });",
    "  server.notifyUser(userId, 'quota_warning', { left: 3 });",
    "  server.notifyUser(userId, 'thread_renamed', { type: 'tool_completed' });",
    '}',
    '',
  ].join('\n'),
  // A run handle in a #private field is the canonical API; a #private field that is a socket is not.
  'src/app/private-run.ts': [
    "import type { RunEmitter } from '@unified-ws/emitter';",
    "import type { Socket } from 'socket.io';",
    'export class Steps {',
    '  #run: RunEmitter;',
    '  #socket: Socket;',
    '  constructor(run: RunEmitter, socket: Socket) {',
    '    this.#run = run;',
    '    this.#socket = socket;',
    '  }',
    '  async start(): Promise<void> {',
    "    await this.#run.emit('agent_started', { agentName: 'researcher' });",
    "    this.#socket.emit('agent_started', { agentName: 'researcher' });",
    '  }',
    '}',
    '',
  ].join('\n'),
  // A run handle typed through a type literal: destructured, or a member of a typed parameter.
  'src/app/typed-literal-run.ts': [
    "import type { RunEmitter } from '@unified-ws/emitter';",
    "import type { Socket } from 'socket.io';",
    "export const started = async ({ run }: { run: RunEmitter }) => run.emit('agent_started', { agentName: 'x' });",
    'export async function step(ctx: { run: RunEmitter; socket: Socket }): Promise<void> {',
    "  await ctx.run.emit('agent_thinking', { agentName: 'x', reasoning: 'y' });",
    "  ctx.socket.emit('agent_thinking', { agentName: 'x', reasoning: 'y' });",
    '}',
    '',
  ].join('\n'),
};

describe('no-direct-agent-events agrees with unified-ws audit', async () => {
  write(emitterFiles);
  const report = await audit({ cwd: root, paths: Object.keys(emitterFiles) });
  for (const [file, text] of Object.entries(emitterFiles)) {
    it(file, () => {
      const sites = report.sites.filter((site) => site.file === file);
      expect(sites.length).toBeGreaterThan(0);
      const duplicates = sites.filter((site) => site.category === 'duplicate').map((site) => site.line);
      expect(lint(file, text, 'no-direct-agent-events')).toEqual(duplicates);
    });
  }
});

describe('a run handle in a #private field', async () => {
  const file = 'src/app/private-run.ts';
  const text = emitterFiles[file] ?? '';
  const report = await audit({ cwd: root, paths: [file] });
  it('is the canonical API for both the rule and audit; the #private socket beside it is not', () => {
    const canonicalLine = 11;
    const socketLine = 12;
    expect(lint(file, text, 'no-direct-agent-events')).toEqual([socketLine]);
    const categories = report.sites.filter((site) => site.file === file).map((site) => [site.line, site.category]);
    expect(categories).toContainEqual([socketLine, 'duplicate']);
    expect(categories).not.toContainEqual([canonicalLine, 'duplicate']);
  });
});

describe('a run handle typed through a type literal', async () => {
  const file = 'src/app/typed-literal-run.ts';
  const text = emitterFiles[file] ?? '';
  const report = await audit({ cwd: root, paths: [file] });
  it('is the canonical API for both the rule and audit; a socket typed beside it is not', () => {
    const socketLine = 6;
    expect(lint(file, text, 'no-direct-agent-events')).toEqual([socketLine]);
    const duplicates = report.sites.filter((site) => site.file === file && site.category === 'duplicate').map((site) => site.line);
    expect(duplicates).toEqual([socketLine]);
  });
});
