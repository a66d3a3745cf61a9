import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { describe, expect, it } from 'vitest';
import migrateGenerator from '../src/nx/migrate-generator.js';
import adoptLegacyCompat from '../src/nx/compat-migration.js';
import { CODEMODS_ROOT, LEGACY_STUBS, listTree } from './support/fixtures.js';

const SERVICE = `import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function renamed(ctx: UserExecutionContext, title: string): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  await manager.sendToUser(ctx.userId, { type: 'thread_renamed', title });
}
`;

function workspace(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  tree.write('apps/chat/package.json', '{ "name": "chat" }');
  for (const file of listTree(LEGACY_STUBS)) tree.write(`apps/chat/src/${file}`, readFileSync(path.join(LEGACY_STUBS, file)));
  tree.write('apps/chat/src/services/renamed.ts', SERVICE);
  tree.write('apps/chat/src/services/unrelated.ts', 'export const x = 1;\n');
  return tree;
}

describe('nx g @unified-ws/codemods:migrate', () => {
  it('runs the engine over the Tree: changes stay in it (Nx flushes them, or not with --dry-run)', async () => {
    const tree = workspace();
    const before = new Map(tree.listChanges().map((change) => [change.path, tree.read(change.path, 'utf8')]));
    const callback = await migrateGenerator(tree, { to: 'canonical', reportMd: 'unified-ws-report.md' });
    const changed = tree
      .listChanges()
      .map((change) => change.path)
      .filter((file) => tree.read(file, 'utf8') !== before.get(file));
    expect(changed.sort()).toEqual(['apps/chat/src/services/renamed.ts', 'unified-ws-report.md']);
    expect(tree.read('apps/chat/src/services/renamed.ts', 'utf8')).toContain(
      "getDefaultEmitterServer().notifyUser(ctx.userId, 'thread_renamed', { title });",
    );
    expect(tree.read('unified-ws-report.md', 'utf8')).toContain('| chat | 1 | 0 | 0 | 0 |');
    expect(typeof callback).toBe('function');

    const migrated = tree.read('apps/chat/src/services/renamed.ts', 'utf8');
    await migrateGenerator(tree, { to: 'canonical' });
    expect(tree.read('apps/chat/src/services/renamed.ts', 'utf8')).toBe(migrated);
  });

  it('honours --to compat and paths', async () => {
    const tree = workspace();
    tree.write('apps/other/src/services/renamed.ts', SERVICE);
    await migrateGenerator(tree, { to: 'compat', paths: ['apps/chat'] });
    expect(tree.read('apps/chat/src/services/renamed.ts', 'utf8')).toContain("from '@unified-ws/legacy-compat/websocket-manager-factory';");
    expect(tree.read('apps/other/src/services/renamed.ts', 'utf8')).toBe(SERVICE);
  });

  it('refuses a path that is not in the workspace, and changes nothing', async () => {
    const tree = workspace();
    const before = tree.listChanges().length;
    await expect(migrateGenerator(tree, { paths: ['apps/chat', 'apps/caht'] })).rejects.toThrow(
      'apps/caht: no such file or directory in the workspace',
    );
    expect(tree.listChanges()).toHaveLength(before);
    expect(tree.read('apps/chat/src/services/renamed.ts', 'utf8')).toBe(SERVICE);
  });
});

describe('nx migrate', () => {
  it('the migrations.json entry retargets imports to the shim and names the next steps', async () => {
    const tree = workspace();
    const steps = await adoptLegacyCompat(tree);
    expect(tree.read('apps/chat/src/services/renamed.ts', 'utf8')).toContain('@unified-ws/legacy-compat/websocket-manager-factory');
    expect(steps.at(-1)).toBe('then move call sites onto @unified-ws/emitter: npx nx g @unified-ws/codemods:migrate --to canonical');
  });

  it('generators.json and migrations.json point at factories Nx can require()', () => {
    const manifest = JSON.parse(readFileSync(path.join(CODEMODS_ROOT, 'package.json'), 'utf8')) as {
      generators: string;
      'nx-migrations': { migrations: string };
    };
    const generators = JSON.parse(readFileSync(path.join(CODEMODS_ROOT, manifest.generators), 'utf8')) as {
      generators: Record<string, { factory: string; schema: string }>;
    };
    const migrations = JSON.parse(readFileSync(path.join(CODEMODS_ROOT, manifest['nx-migrations'].migrations), 'utf8')) as {
      generators: Record<string, { implementation: string; version: string }>;
    };
    const load = (reference: string) => {
      const [file, name] = reference.split('#');
      return (createRequire(import.meta.url)(path.join(CODEMODS_ROOT, file!)) as Record<string, unknown>)[name!];
    };
    expect(typeof load(generators.generators['migrate']!.factory)).toBe('function');
    expect(typeof load(migrations.generators['adopt-legacy-compat']!.implementation)).toBe('function');
    const schema = JSON.parse(readFileSync(path.join(CODEMODS_ROOT, generators.generators['migrate']!.schema), 'utf8')) as {
      properties: Record<string, unknown>;
    };
    expect(Object.keys(schema.properties).sort()).toEqual(['keptImports', 'paths', 'recipe', 'reportJson', 'reportMd', 'to']);
  });
});
