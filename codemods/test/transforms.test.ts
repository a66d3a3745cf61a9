import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../src/engine/migrate.js';
import { createPipeline } from '../src/engine/pipeline.js';
import { migrateText } from '../src/engine/process-file.js';
import { loadRecipe } from '../src/recipe/load-recipe.js';
import type { MigrationMode } from '../src/transforms/transform.js';
import { discoverFixtures, listTree, readText, typeCheck, UPDATING, type SingleFileCase } from './support/fixtures.js';

/**
 * The fixture harness: every `__testfixtures__` case of every transform runs twice (the second
 * run must be a byte-identical no-op, the OpenRewrite two-cycle rule), and every TypeScript
 * input and output is type-checked with real diagnostics against the legacy stubs and the real
 * `@unified-ws/emitter`.
 */
const { single, trees } = discoverFixtures();
const recipe = loadRecipe();
const pipelines = {
  compat: createPipeline({ recipe, config: { modules: [] }, mode: 'compat', diff: false }),
  canonical: createPipeline({ recipe, config: { modules: [] }, mode: 'canonical', diff: false }),
};

/** compat-imports runs in compat mode, canonical in canonical mode, others by case-name prefix. */
function modeOf(fixture: { transform: string; name: string }): MigrationMode {
  if (fixture.transform === 'compat-imports') return 'compat';
  if (fixture.transform === 'canonical') return 'canonical';
  return fixture.name.startsWith('compat-') ? 'compat' : 'canonical';
}

const outputs: Array<{ name: string; text: string }> = [];

describe.each([...new Set(single.map((fixture) => fixture.transform))])('%s', (transform) => {
  it.each(single.filter((fixture) => fixture.transform === transform).map((fixture) => [fixture.name, fixture] as const))(
    '%s',
    (_name, fixture: SingleFileCase) => {
      const pipeline = pipelines[modeOf(fixture)];
      const file = `src/services/${fixture.name}.${fixture.extension}`;
      const input = readText(fixture.input);
      const first = migrateText(file, input, pipeline);
      expect(first.status, first.reason).not.toBe('error');
      expect(first.status).not.toBe('needs-types');
      const output = first.output ?? input;
      if (UPDATING) writeFileSync(fixture.output, output);
      expect(output).toBe(readText(fixture.output));
      if (fixture.name.startsWith('excludes-') || fixture.name.startsWith('unrelated-')) expect(first.output).toBeUndefined();

      const second = migrateText(file, output, pipeline);
      expect(second.output, 'the second run must change nothing').toBeUndefined();
      expect(second.markers.length).toBe(first.markers.length);
      expect(second.markers.every((marker) => !marker.added)).toBe(true);

      if (fixture.extension === 'ts') {
        // Canonical inputs are checked too: the legacy code they start from is real code.
        if (modeOf(fixture) === 'canonical') outputs.push({ name: `${transform}--${fixture.name}.input.ts`, text: input });
        outputs.push({ name: `${transform}--${fixture.name}.ts`, text: output });
      }
    },
  );
});

describe.each(trees.map((tree) => [`${tree.transform} › ${tree.name}`, tree] as const))('%s', (_label, tree) => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'uws-tree-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const options = JSON.parse(readFileSync(path.join(tree.dir, 'case.json'), 'utf8')) as {
    to: MigrationMode;
    paths?: string[];
    exitCode: number;
  };

  it('migrates the input tree into the expected tree, then changes nothing on a second run', async () => {
    cpSync(path.join(tree.dir, 'input'), scratch, { recursive: true });
    const first = await migrate({ cwd: scratch, to: options.to, paths: options.paths, allowDirty: true, jobs: 1 });
    expect(first.report.exitCode, JSON.stringify(first.report.files, null, 2)).toBe(options.exitCode);
    const expectedDir = path.join(tree.dir, 'expected');
    if (UPDATING) {
      rmSync(expectedDir, { recursive: true, force: true });
      cpSync(scratch, expectedDir, { recursive: true });
    }
    expect(listTree(scratch)).toEqual(listTree(expectedDir));
    for (const file of listTree(expectedDir)) {
      expect(readText(path.join(scratch, file)), file).toBe(readText(path.join(expectedDir, file)));
    }
    const second = await migrate({ cwd: scratch, to: options.to, paths: options.paths, allowDirty: true, jobs: 1 });
    expect(second.report.totals.changed).toBe(0);
    expect(second.report.totals.markersAdded).toBe(0);
    for (const file of listTree(expectedDir)) expect(readText(path.join(scratch, file))).toBe(readText(path.join(expectedDir, file)));
  });
});

describe('migrated code', () => {
  it('type-checks (as do the canonical inputs) against the legacy stubs and the real @unified-ws/emitter', () => {
    expect(outputs.length).toBeGreaterThan(0);
    expect(typeCheck(outputs)).toEqual([]);
  });
});
