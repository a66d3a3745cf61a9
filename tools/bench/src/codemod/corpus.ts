import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The synthetic service the codemod benchmark migrates: `files` TypeScript files of about 100
 * lines, `importers` of them using the legacy layer in mixed forms (named, aliased, namespace,
 * type-only, `await import()` in a try, bridge, data agent), the legacy modules themselves,
 * and a few files that only mention a legacy path in a string (they must stay untouched).
 * Every importer comes with its expected output for both modes, so each tool's result can be
 * checked byte for byte.
 */
export interface CorpusFile {
  path: string;
  input: string;
  /** after `--to compat` (what the import-only tools must produce) */
  compat: string;
  /** after `--to canonical` */
  canonical: string;
}

export interface Corpus {
  files: CorpusFile[];
  importers: number;
}

/** Where the generated modules go: next to the legacy modules, in a folder of their own. */
export const MODULES_DIR = 'src/modules';

const HEADER = (index: number) => `/**
 * Module ${index} of the synthetic chat service. It talks about managers, handlers and the
 * executor in prose only; the codemods must not care about words.
 */
`;

/** About 40 lines of ordinary code that mention no legacy module. */
function filler(index: number, part: 'a' | 'b'): string {
  return `
export interface Record${part}${index} {
  readonly id: string;
  readonly createdAt: Date;
  readonly tags: readonly string[];
  readonly score: number;
}

const WEIGHTS_${part}${index} = { manager: 3, handlers: 2, executor: 1 } as const;

export class Repository${part}${index} {
  readonly #items = new Map<string, Record${part}${index}>();

  add(record: Record${part}${index}): void {
    if (this.#items.has(record.id)) throw new Error(\`duplicate record \${record.id}\`);
    this.#items.set(record.id, record);
  }

  find(id: string): Record${part}${index} | undefined {
    return this.#items.get(id);
  }

  ranked(): Record${part}${index}[] {
    return [...this.#items.values()].sort((left, right) => right.score - left.score || left.id.localeCompare(right.id));
  }

  tagged(tag: string): Record${part}${index}[] {
    return this.ranked().filter((record) => record.tags.includes(tag));
  }

  weight(kind: keyof typeof WEIGHTS_${part}${index}): number {
    return WEIGHTS_${part}${index}[kind] * this.#items.size;
  }
}

export function summarise${part}${index}(records: readonly Record${part}${index}[]): string {
  const total = records.reduce((sum, record) => sum + record.score, 0);
  const newest = records.reduce<Date | undefined>((latest, record) => (!latest || record.createdAt > latest ? record.createdAt : latest), undefined);
  return \`\${records.length} records, total \${total}, newest \${newest?.toISOString() ?? 'never'}\`;
}
`;
}

const CONTEXT_IMPORT = "import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';\n";
const EMITTER = "import { getDefaultEmitterServer } from '@unified-ws/emitter';\n";
const RUN = 'getDefaultEmitterServer().forRun({ userId: ctx.userId, threadId: ctx.threadId, runId: ctx.runId })';

interface Variant {
  /** the import lines: input, compat, canonical */
  imports: [string, string, string];
  /** the code using them: input, canonical (compat retargets the specifiers in it, if any) */
  body: (index: number) => [string, string];
}

/** What compat mode does to specifiers inside code (a function-scoped `import()`). */
function retargeted(code: string): string {
  return code.replace("import('../websocket-core/websocket-manager-factory.js')", "import('@unified-ws/legacy-compat/websocket-manager-factory')");
}

const VARIANTS: Variant[] = [
  {
    // d.1: a fresh manager per call, then sendToUser.
    imports: [
      "import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';\n" + CONTEXT_IMPORT,
      "import { createWebSocketManager } from '@unified-ws/legacy-compat/websocket-manager-factory';\n" + CONTEXT_IMPORT,
      EMITTER + CONTEXT_IMPORT,
    ],
    body: (index) => [
      `export async function announce${index}(ctx: UserExecutionContext, title: string): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  await manager.sendToUser(ctx.userId, { type: 'thread_renamed', title, index: ${index} });
}
`,
      `export async function announce${index}(ctx: UserExecutionContext, title: string): Promise<void> {
  getDefaultEmitterServer().notifyUser(ctx.userId, 'thread_renamed', { title, index: ${index} });
}
`,
    ],
  },
  {
    // d.14: the five events through an aliased factory import, legacy payload names.
    imports: [
      "import { createWebSocketManager as openManager } from '../websocket-core/websocket-manager-factory.js';\n" + CONTEXT_IMPORT,
      "import { createWebSocketManager as openManager } from '@unified-ws/legacy-compat/websocket-manager-factory';\n" + CONTEXT_IMPORT,
      EMITTER + CONTEXT_IMPORT,
    ],
    body: (index) => [
      `export async function research${index}(ctx: UserExecutionContext): Promise<void> {
  const manager = await openManager({ userContext: ctx });
  await manager.emitCriticalEvent(ctx.userId, 'agent_started', { agent_name: 'agent_${index}', timestamp: Date.now() });
  await manager.emitCriticalEvent(ctx.userId, 'agent_thinking', { agent_name: 'agent_${index}', thought: 'looking', step_number: 1 });
  await manager.emitCriticalEvent(ctx.userId, 'tool_executing', { agent_name: 'agent_${index}', tool_name: 'search', args: { q: ${index} } });
  await manager.emitCriticalEvent(ctx.userId, 'tool_completed', { agent_name: 'agent_${index}', tool_name: 'search', result: ${index} });
  await manager.emitCriticalEvent(ctx.userId, 'agent_completed', { agent_name: 'agent_${index}', status: 'completed' });
}
`,
      `export async function research${index}(ctx: UserExecutionContext): Promise<void> {
  await ${RUN}.agentStarted({ agentName: 'agent_${index}' }, { idempotencyKey: 'legacy:agent_started' });
  await ${RUN}.agentThinking({ agentName: 'agent_${index}', reasoning: 'looking', stepNumber: 1 });
  await ${RUN}.toolExecuting({ agentName: 'agent_${index}', toolName: 'search', parameters: { q: ${index} }, toolCallId: 'search' }, { idempotencyKey: 'legacy:tool_executing:search:1' });
  await ${RUN}.toolCompleted({ agentName: 'agent_${index}', toolName: 'search', result: ${index}, toolCallId: 'search' }, { idempotencyKey: 'legacy:tool_completed:search:1' });
  await ${RUN}.agentCompleted({ agentName: 'agent_${index}', status: 'succeeded' }, { idempotencyKey: 'legacy:agent_completed' });
}
`,
    ],
  },
  {
    // F4/F5: a namespace import; CRITICAL_EVENTS from the emitter module.
    imports: [
      "import * as factory from '../websocket-core/websocket-manager-factory.js';\nimport { CRITICAL_EVENTS } from '../websocket-core/unified-emitter.js';\n" + CONTEXT_IMPORT,
      "import * as factory from '@unified-ws/legacy-compat/websocket-manager-factory';\nimport { CRITICAL_EVENTS } from '@unified-ws/legacy-compat/unified-emitter';\n" + CONTEXT_IMPORT,
      "import { CRITICAL_EVENTS, getDefaultEmitterServer } from '@unified-ws/emitter';\n" + CONTEXT_IMPORT,
    ],
    body: (index) => [
      `export async function progress${index}(ctx: UserExecutionContext, done: number): Promise<void> {
  const manager = await factory.createWebSocketManager({ userContext: ctx });
  await manager.sendToUser(ctx.userId, { type: 'progress', done, of: CRITICAL_EVENTS.length });
}
`,
      `export async function progress${index}(ctx: UserExecutionContext, done: number): Promise<void> {
  getDefaultEmitterServer().notifyUser(ctx.userId, 'progress', { done, of: CRITICAL_EVENTS.length });
}
`,
    ],
  },
  {
    // F7/F8: a lazy import inside try.
    imports: [CONTEXT_IMPORT, CONTEXT_IMPORT, EMITTER + CONTEXT_IMPORT],
    body: (index) => [
      `export async function lazy${index}(ctx: UserExecutionContext): Promise<boolean> {
  try {
    const { createWebSocketManager } = await import('../websocket-core/websocket-manager-factory.js');
    const manager = await createWebSocketManager({ userContext: ctx });
    await manager.sendToUser(ctx.userId, { type: 'generation_progress', step: ${index} });
    return true;
  } catch {
    return false;
  }
}
`,
      `export async function lazy${index}(ctx: UserExecutionContext): Promise<boolean> {
  try {
    getDefaultEmitterServer().notifyUser(ctx.userId, 'generation_progress', { step: ${index} });
    return true;
  } catch {
    return false;
  }
}
`,
    ],
  },
  {
    // d.17: an agent through the bridge.
    imports: [
      "import { AgentWebSocketBridge } from '../services/agent-websocket-bridge.js';\n" + CONTEXT_IMPORT,
      "import { AgentWebSocketBridge } from '@unified-ws/legacy-compat/agent-websocket-bridge';\n" + CONTEXT_IMPORT,
      EMITTER + CONTEXT_IMPORT,
    ],
    body: (index) => [
      `export async function agent${index}(ctx: UserExecutionContext): Promise<void> {
  const bridge = new AgentWebSocketBridge({ userContext: ctx });
  await bridge.notifyAgentStarted(ctx.runId, 'agent_${index}', { context: { index: ${index} } });
  await bridge.notifyAgentCompleted(ctx.runId, 'agent_${index}', { result: 'done', executionTimeMs: ${index} });
}
`,
      `export async function agent${index}(ctx: UserExecutionContext): Promise<void> {
  await getDefaultEmitterServer().forRun({ userId: ctx.userId, threadId: ctx.threadId, runId: ctx.runId }).agentStarted({ agentName: 'agent_${index}', context: { index: ${index} } }, { idempotencyKey: 'legacy:agent_started' });
  await getDefaultEmitterServer().forRun({ userId: ctx.userId, threadId: ctx.threadId, runId: ctx.runId }).agentCompleted({ agentName: 'agent_${index}', result: 'done', durationMs: ${index}, status: 'succeeded' }, { idempotencyKey: 'legacy:agent_completed' });
}
`,
    ],
  },
  {
    // The data agent's own emit, legacy field names.
    imports: [
      "import { emitWebSocketEvent } from '../agents/data/unified-data-agent.js';\n" + CONTEXT_IMPORT,
      "import { emitWebSocketEvent } from '@unified-ws/legacy-compat/unified-data-agent';\n" + CONTEXT_IMPORT,
      EMITTER + CONTEXT_IMPORT,
    ],
    body: (index) => [
      `export async function analyse${index}(ctx: UserExecutionContext): Promise<void> {
  await emitWebSocketEvent(ctx, 'agent_thinking', { agent_name: 'data_agent', thought: 'profiling table ${index}' });
}
`,
      `export async function analyse${index}(ctx: UserExecutionContext): Promise<void> {
  await ${RUN}.agentThinking({ agentName: 'data_agent', reasoning: 'profiling table ${index}' });
}
`,
    ],
  },
];

function plainFile(index: number): string {
  return HEADER(index) + filler(index, 'a') + filler(index, 'b');
}

/** A file that names a legacy path in strings only (a detector, a message): never touched. */
function mentionFile(index: number): string {
  return `${HEADER(index)}export const DEPRECATED_${index} = '../websocket-core/websocket-manager-factory';
export const PATTERN_${index} = /websocket-manager-factory\\./;
export function warn${index}(): string {
  return \`import from \${DEPRECATED_${index}} is deprecated\`;
}
${filler(index, 'a')}${filler(index, 'b')}`;
}

export function generateCorpus(options: { files: number; importerShare: number }): Corpus {
  const importers = Math.round(options.files * options.importerShare);
  const files: CorpusFile[] = [];
  for (let index = 0; index < options.files; index += 1) {
    const file = `${MODULES_DIR}/module-${String(index).padStart(5, '0')}.ts`;
    if (index < importers) {
      const variant = VARIANTS[index % VARIANTS.length];
      if (!variant) throw new Error('no corpus variants');
      const [inputBody, canonicalBody] = variant.body(index);
      const middle = filler(index, 'a');
      const tail = filler(index, 'b');
      const compose = (imports: string, body: string) => `${imports}${HEADER(index)}${middle}\n${body}${tail}`;
      files.push({
        path: file,
        input: compose(variant.imports[0], inputBody),
        compat: compose(variant.imports[1], retargeted(inputBody)),
        canonical: compose(variant.imports[2], canonicalBody),
      });
      continue;
    }
    const text = index % 97 === 0 ? mentionFile(index) : plainFile(index);
    files.push({ path: file, input: text, compat: text, canonical: text });
  }
  return { files, importers };
}

/** Writes the corpus (inputs) plus the legacy modules at `root`. */
export function writeCorpus(corpus: Corpus, root: string, legacyModules: string): void {
  cpSync(legacyModules, path.join(root, 'src'), { recursive: true });
  mkdirSync(path.join(root, MODULES_DIR), { recursive: true });
  for (const file of corpus.files) writeFileSync(path.join(root, file.path), file.input);
  writeFileSync(path.join(root, 'package.json'), '{ "name": "bench-service", "type": "module" }\n');
}
