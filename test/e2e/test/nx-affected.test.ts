import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Proves the CI recipe of the README (`nx affected -t lint typecheck test`) on a real git clone
 * of this workspace: a change selects the changed project and everything that depends on it,
 * and nothing else. The clone borrows the workspace's node_modules through a symlink.
 */
const workspace = path.resolve(import.meta.dirname, '../../..');
let clone: string;

function run(command: string, args: string[]): string {
  return execFileSync(command, args, {
    cwd: clone,
    encoding: 'utf8',
    env: {
      ...process.env,
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
      NX_TUI: 'false',
      // Keep the clone's project graph and cache out of the workspace's own.
      NX_WORKSPACE_DATA_DIRECTORY: path.join(clone, '.nx-data'),
      NX_CACHE_DIRECTORY: path.join(clone, '.nx-cache'),
      GIT_AUTHOR_NAME: 'ci',
      GIT_AUTHOR_EMAIL: 'ci@example.invalid',
      GIT_COMMITTER_NAME: 'ci',
      GIT_COMMITTER_EMAIL: 'ci@example.invalid',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
}

const nx = (...args: string[]) => run(process.execPath, [path.join(workspace, 'node_modules/nx/dist/bin/nx.js'), ...args]);

/** Projects selected by `nx affected` for the last commit. */
function affected(): string[] {
  return nx('show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD', '--json')
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('['))
    .flatMap((line) => JSON.parse(line) as string[])
    .sort();
}

/** The changed project and every project that depends on it, read from the project graph. */
function withDependents(project: string): string[] {
  const file = path.join(clone, 'graph.json');
  nx('graph', `--file=${file}`);
  const graph = JSON.parse(readFileSync(file, 'utf8')) as {
    graph: { dependencies: Record<string, Array<{ target: string }>> };
  };
  const selected = new Set([project]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [source, edges] of Object.entries(graph.graph.dependencies)) {
      if (!selected.has(source) && edges.some((edge) => selected.has(edge.target))) {
        selected.add(source);
        grew = true;
      }
    }
  }
  return [...selected].sort();
}

function commitChange(file: string): void {
  appendFileSync(path.join(clone, file), '\n// a change\n');
  run('git', ['commit', '--quiet', '-am', `change ${file}`]);
}

beforeAll(() => {
  clone = mkdtempSync(path.join(tmpdir(), 'unified-ws-affected-'));
  execFileSync('git', ['clone', '--quiet', workspace, clone]);
  symlinkSync(path.join(workspace, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
});

afterAll(() => {
  rmSync(clone, { recursive: true, force: true });
});

describe('nx affected on a clone of this workspace', () => {
  it('a change in legacy-compat selects it and its dependents, not the emitter', () => {
    commitChange('packages/legacy-compat/src/index.ts');
    const selected = affected();
    expect(selected).toContain('@unified-ws/legacy-compat');
    expect(selected).not.toContain('@unified-ws/emitter');
    expect(selected).toEqual(withDependents('@unified-ws/legacy-compat'));
  });

  it('a change in the emitter selects everything that depends on it', () => {
    commitChange('packages/emitter/src/index.ts');
    const selected = affected();
    expect(selected).toEqual(expect.arrayContaining(['@unified-ws/emitter', '@unified-ws/legacy-compat', '@unified-ws/e2e']));
    expect(selected).toEqual(withDependents('@unified-ws/emitter'));
    expect(selected).not.toContain('@unified-ws/eslint-plugin');
  });
});
