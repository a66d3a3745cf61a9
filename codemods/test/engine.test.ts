import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { migrateWithIoThread } from '../src/engine/io-thread.js';
import { migrate } from '../src/engine/migrate.js';
import { fileOutcome } from '../src/engine/pipeline.js';
import { DEFAULT_RECIPE_PATH, loadRecipe, parseUserConfig } from '../src/recipe/load-recipe.js';
import { ScratchRepo } from './support/repo.js';

/** The library entry (`migrate()`) on real files: worker threads, the typed pass, configuration. */

let repo: ScratchRepo | undefined;
afterEach(() => {
  repo?.dispose();
  repo = undefined;
});

function importer(index: number): string {
  return `import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function notify${index}(ctx: UserExecutionContext): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  await manager.emitCriticalEvent(ctx.userId, 'agent_thinking', { agent_name: 'a${index}', thought: 'step ${index}' });
}
`;
}

describe('migrate()', () => {
  it('gives the same result on worker threads, and with an I/O thread, as in-process', async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 60; index += 1) {
      files[`src/services/importer-${index}.ts`] = importer(index);
      files[`src/services/plain-${index}.ts`] = `export const value${index} = ${index};\n`;
    }
    repo = new ScratchRepo(files);
    const inProcess = await migrate({ cwd: repo.root, jobs: 1, dryRun: true });
    const threaded = await migrate({ cwd: repo.root, jobs: 2, parallelThreshold: 1, dryRun: true });
    const withIoThread = await migrate({ cwd: repo.root, jobs: 1, parallelThreshold: 1, dryRun: true });
    expect(inProcess.report.totals.changed).toBe(60);
    for (const other of [threaded, withIoThread]) {
      expect(other.report.totals).toEqual(inProcess.report.totals);
      expect(other.diffs).toEqual(inProcess.diffs);
      expect(other.report.files).toEqual(inProcess.report.files);
    }
  });

  it('resolves receivers typed in another file with the type checker, before writing anything', async () => {
    repo = new ScratchRepo({
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true, target: 'es2022' } }),
      'src/services/deps.ts': `import type { WebSocketManager } from '../websocket-core/websocket-manager.js';
import type { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
export interface Deps {
  readonly notifications: WebSocketManager;
  // The type checker names this type by its class, not by the public name.
  readonly cached?: Awaited<ReturnType<typeof createWebSocketManager>>;
}
`,
      'src/services/uses-deps.ts': `import type { WebSocketManager } from '../websocket-core/websocket-manager.js';
import type { Deps } from './deps.js';

class Mailbox {
  async sendToUser(userId: string, message: { type: string }): Promise<void> {
    void [userId, message];
  }
}

export async function announce(deps: Deps, userId: string, mailbox: Mailbox): Promise<void> {
  await deps.notifications.sendToUser(userId, { type: 'ready' });
  await deps.cached?.sendToUser(userId, { type: 'cached' });
  await mailbox.sendToUser(userId, { type: 'local' });
}

export type Kept = WebSocketManager;
`,
    });
    const { report } = await migrate({ cwd: repo.root, allowDirty: true });
    expect(report.files.find((file) => file.file === 'src/services/uses-deps.ts')).toMatchObject({ changed: true });
    const migrated = repo.read('src/services/uses-deps.ts');
    expect(migrated).toContain("getDefaultEmitterServer().notifyUser(userId, 'ready');");
    expect(migrated).toContain("getDefaultEmitterServer().notifyUser(userId, 'cached');");
    // A class of the file's own with the same method name is left alone: the checker says so.
    expect(migrated).toContain("await mailbox.sendToUser(userId, { type: 'local' });");
    // deps.ts was migrated in the same run (its type gets a marker) but the checker saw it as it was.
    expect(repo.read('src/services/deps.ts')).toContain('@unified-ws-migrate-todo(legacy-receiver-type)');
  });

  it('points the imports kept for marked sites at the compat entries with keptImports: compat', async () => {
    repo = new ScratchRepo({
      'src/services/mixed.ts': `import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

declare function handOver(target: unknown): void;

export async function both(ctx: UserExecutionContext): Promise<void> {
  const notifier = await createWebSocketManager({ userContext: ctx });
  await notifier.sendToUser(ctx.userId, { type: 'ready' });
  handOver(await createWebSocketManager({ userContext: ctx }));
}
`,
      'src/services/mixed.test.ts': "vi.mock('../websocket-core/websocket-manager-factory.js');\n",
      'src/services/legacy.cjs': "const { createWebSocketManager } = require('../websocket-core/websocket-manager-factory');\nmodule.exports = createWebSocketManager;\n",
      // Fully migrated: its legacy require must go, not come back retargeted.
      'src/services/renamer.cjs': [
        "const { createWebSocketManager } = require('../websocket-core/websocket-manager-factory');",
        'async function rename(ctx, userId, title) {',
        '  const manager = await createWebSocketManager({ userContext: ctx });',
        "  await manager.sendToUser(userId, { type: 'thread_renamed', title });",
        '}',
        'module.exports = { rename };',
        '',
      ].join('\n'),
    });
    const { report } = await migrate({ cwd: repo.root, allowDirty: true, keptImports: 'compat' });
    const renamer = repo.read('src/services/renamer.cjs');
    expect(renamer).toContain("getDefaultEmitterServer().notifyUser(userId, 'thread_renamed', { title });");
    expect(renamer).not.toContain('websocket-manager-factory');
    const mixed = repo.read('src/services/mixed.ts');
    expect(mixed).toContain("getDefaultEmitterServer().notifyUser(ctx.userId, 'ready');");
    expect(mixed).toContain("import { createWebSocketManager } from '@unified-ws/legacy-compat/websocket-manager-factory';");
    expect(mixed).not.toContain('websocket-core/websocket-manager-factory');
    expect(repo.read('src/services/mixed.test.ts')).toContain("vi.mock('@unified-ws/legacy-compat/websocket-manager-factory');");
    expect(repo.read('src/services/legacy.cjs')).toContain("require('@unified-ws/legacy-compat/websocket-manager-factory')");
    expect(report.totals.markers).toBeGreaterThan(0);

    // A second run finds nothing left to do: compat specifiers are not legacy references.
    const again = await migrate({ cwd: repo.root, allowDirty: true, keptImports: 'compat', check: true });
    expect(again.report.totals.changed).toBe(0);
  });

  it('reads unified-ws.config.json: extra specifier patterns, and the bootstrap note when the io variable is missing', async () => {
    repo = new ScratchRepo({
      'unified-ws.config.json': JSON.stringify({
        modules: ['@platform/legacy-ws/**', { id: 'agent-websocket-bridge', match: ['#bridge'] }],
        bootstrap: { file: 'src/server.ts', io: 'io', authenticate: 'authenticate' },
      }),
      'src/server.ts': "export const notTheServer = 1;\n",
      'src/services/aliases.ts': `// @ts-expect-error an alias the scratch service does not resolve
import { createWebSocketManager } from '@platform/legacy-ws/websocket-manager-factory';
// @ts-expect-error likewise
import { createAgentWebSocketBridge } from '#bridge';

export const both = [createWebSocketManager, createAgentWebSocketBridge];
`,
    });
    const { report } = await migrate({ cwd: repo.root, to: 'compat', allowDirty: true });
    expect(repo.read('src/services/aliases.ts')).toContain("from '@unified-ws/legacy-compat/websocket-manager-factory';");
    expect(repo.read('src/services/aliases.ts')).toContain("from '@unified-ws/legacy-compat/agent-websocket-bridge';");
    expect(report.nextSteps[0]).toMatch(/^src\/server\.ts: no declaration of `io` found/);
    expect(repo.read('src/server.ts')).toBe('export const notTheServer = 1;\n');
  });

  // A name of 255 bytes, the most ext4 and most file systems allow: its sibling temporary file
  // cannot be created, so its write fails for real, as root too.
  const unwritable = `src/services/importer-7-${'x'.repeat(255 - 'importer-7-.ts'.length)}.ts`;

  it.each([
    ['on this thread', Infinity],
    ['through the I/O thread', 1],
  ])('writes %s atomically, keeping each file\'s mode; a failed write is that file\'s error only', async (_, parallelThreshold) => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 20; index += 1) files[index === 7 ? unwritable : `src/services/importer-${index}.ts`] = importer(index);
    repo = new ScratchRepo(files);
    const root = repo.root;
    chmodSync(path.join(root, 'src/services/importer-3.ts'), 0o750);
    // allowDirty: the mode change above
    const { report } = await migrate({ cwd: root, jobs: 1, parallelThreshold, allowDirty: true });
    expect(report.totals.changed).toBe(19);
    expect(report.totals.errors).toBe(1);
    const failed = report.files.find((file) => file.file === unwritable);
    expect(failed).toMatchObject({ status: 'error', changed: false, reason: expect.stringMatching(/^cannot write: ENAMETOOLONG/) });
    expect(repo.read(unwritable)).toBe(importer(7));
    expect(repo.read('src/services/importer-3.ts')).toContain('@unified-ws/emitter');
    expect(statSync(path.join(root, 'src/services/importer-3.ts')).mode & 0o777).toBe(0o750);
    expect(readdirSync(path.join(root, 'src/services')).filter((name) => name.endsWith('.uws-tmp'))).toEqual([]);
  });
});

describe('migrateWithIoThread()', () => {
  const options = { recipe: loadRecipe(DEFAULT_RECIPE_PATH), config: parseUserConfig('{}'), mode: 'canonical' as const, diff: false };

  function service(count: number): string[] {
    const files: Record<string, string> = {};
    for (let index = 0; index < count; index += 1) {
      files[`src/services/importer-${index}.ts`] = importer(index);
      files[`src/services/plain-${index}.ts`] = `export const value${index} = ${index};\n`;
    }
    repo = new ScratchRepo(files);
    return Object.keys(files).sort();
  }

  it('hands over only what the pre-filter keeps, each once, and reports every file once', async () => {
    const files = service(150); // 300 files: several batches, more than the read-ahead bound
    const migrated: string[] = [];
    const reported: string[] = [];
    const failed = await migrateWithIoThread(
      { root: repo!.root, files, options, write: false },
      (file, text) => {
        migrated.push(file);
        expect(text).toBe(repo!.read(file));
        return fileOutcome(file, 'unchanged', { parsed: true });
      },
      (batch) => reported.push(...batch.map((outcome) => outcome.file)),
    );
    expect(failed.size).toBe(0);
    expect(migrated.sort()).toEqual(files.filter((file) => file.includes('importer-')));
    expect(reported.sort()).toEqual(files);
  });

  it('ends the run with the error of a migration that throws', async () => {
    const files = service(5);
    const run = migrateWithIoThread({ root: repo!.root, files, options, write: true }, () => {
      throw new Error('transform bug');
    }, () => undefined);
    await expect(run).rejects.toThrow('transform bug');
    expect(repo!.read('src/services/importer-0.ts')).toBe(importer(0));
  });
});
