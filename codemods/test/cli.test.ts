import { chmodSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditReport } from '../src/audit/report.js';
import type { MigrationReport } from '../src/engine/report.js';
import type { Census } from '../src/verify/census.js';
import { ScratchRepo } from './support/repo.js';

/**
 * The CLI on scratch git repositories: its `main()` in-process for most cases, and the real
 * `unified-ws` bin as a child process where the launcher itself matters.
 */

const RENAME = `import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function renamed(ctx: UserExecutionContext, title: string): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  await manager.sendToUser(ctx.userId, { type: 'thread_renamed', title });
}
`;

const THREAD = `import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function toThread(ctx: UserExecutionContext): Promise<void> {
  const manager = await createWebSocketManager({ userContext: ctx });
  await manager.sendToThread(ctx.threadId, { type: 'x' });
}
`;

const RESOLVED = `import { getDefaultEmitterServer } from '@unified-ws/emitter';
import type { UserExecutionContext } from '../websocket-core/user-execution-context.js';

export async function toThread(ctx: UserExecutionContext): Promise<void> {
  getDefaultEmitterServer().notifyUser(ctx.userId, 'x');
}
`;

const UNRELATED = `export const answer = 42; // mentions nothing legacy\r\n`;
const BROKEN = `import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';\nexport const broken = createWebSocketManager(;\n`;

let repo: ScratchRepo | undefined;
afterEach(() => {
  repo?.dispose();
  repo = undefined;
});

describe('unified-ws migrate', () => {
  it('refuses a dirty git tree, and a directory outside git, unless --allow-dirty', async () => {
    repo = new ScratchRepo({ 'src/services/renamed.ts': RENAME });
    repo.write({ 'src/services/renamed.ts': `${RENAME}// a local edit\n` });
    const before = repo.snapshot();

    const refused = repo.bin('migrate');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/1 uncommitted change under the migration paths[\s\S]*src\/services\/renamed\.ts[\s\S]*--allow-dirty/);
    expect(repo.snapshot()).toEqual(before);

    const allowed = repo.bin('migrate', '--allow-dirty');
    expect(allowed.status).toBe(0);
    expect(repo.read('src/services/renamed.ts')).toContain("getDefaultEmitterServer().notifyUser(ctx.userId, 'thread_renamed', { title });");

    const outside = new ScratchRepo({ 'src/services/renamed.ts': RENAME }, { git: false });
    try {
      const noGit = await outside.cli('migrate');
      expect(noGit.status).toBe(1);
      expect(noGit.stderr).toMatch(/not inside a git repository/);
      expect(outside.read('src/services/renamed.ts')).toBe(RENAME);
    } finally {
      outside.dispose();
    }
  });

  it('--dry-run prints a unified diff and writes nothing', async () => {
    repo = new ScratchRepo({ 'src/services/renamed.ts': RENAME, 'src/services/unrelated.ts': UNRELATED });
    const before = repo.snapshot();
    const run = await repo.cli('migrate', '--to', 'compat', '--dry-run');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--- a/src/services/renamed.ts');
    expect(run.stdout).toContain('+++ b/src/services/renamed.ts');
    expect(run.stdout).toContain("-import { createWebSocketManager } from '../websocket-core/websocket-manager-factory.js';");
    expect(run.stdout).toContain("+import { createWebSocketManager } from '@unified-ws/legacy-compat/websocket-manager-factory';");
    expect(run.stdout).not.toContain('unrelated.ts');
    expect(repo.snapshot()).toEqual(before);
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('exit codes: 2 with --check while changes are pending, 3 while markers remain, 0 when done', async () => {
    repo = new ScratchRepo({ 'src/services/renamed.ts': RENAME, 'src/services/thread.ts': THREAD });
    const before = repo.snapshot();
    expect((await repo.cli('migrate', '--check')).status).toBe(2);
    expect(repo.snapshot()).toEqual(before);

    const manual = await repo.cli('migrate');
    expect(manual.status).toBe(3);
    expect(manual.stdout).toMatch(/manual src\/services\/thread\.ts:6 manager-send-to-thread/);
    expect(repo.read('src/services/thread.ts')).toContain('// @unified-ws-migrate-todo(manager-send-to-thread): ');
    repo.commit('canonical');

    // Markers remain, nothing else is pending: the check passes the "no changes" gate.
    expect((await repo.cli('migrate', '--check')).status).toBe(3);
    repo.write({ 'src/services/thread.ts': RESOLVED });
    repo.commit('resolved by hand');
    const done = await repo.cli('migrate');
    expect(done.status).toBe(0);
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('reports a file that does not parse, leaves it byte-identical, and migrates the others (exit 1)', async () => {
    repo = new ScratchRepo({ 'src/services/broken.ts': BROKEN, 'src/services/renamed.ts': RENAME });
    const run = await repo.cli('migrate', '--report-json', 'report.json');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/error\s+src\/services\/broken\.ts: does not parse: 2:\d+ /);
    expect(repo.read('src/services/broken.ts')).toBe(BROKEN);
    expect(repo.read('src/services/renamed.ts')).toContain('getDefaultEmitterServer()');
    const report = JSON.parse(repo.read('report.json')) as MigrationReport;
    expect(report.files.find((file) => file.file === 'src/services/broken.ts')).toMatchObject({ status: 'error', changed: false });
    expect(report.totals).toMatchObject({ changed: 1, errors: 1 });
  });

  it('never rewrites untouched files, writes changed ones atomically, keeps their mode, leaves no temporary files', async () => {
    repo = new ScratchRepo({
      'src/services/renamed.ts': RENAME,
      'src/services/unrelated.ts': UNRELATED,
      'src/services/mentions.ts': "export const DEPRECATED = '../websocket-core/websocket-manager-factory';\n",
    });
    chmodSync(path.join(repo.root, 'src/services/renamed.ts'), 0o755);
    repo.commit('executable');
    const before = repo.snapshot();
    expect((await repo.cli('migrate')).status).toBe(0);
    const after = repo.snapshot();
    for (const [file, state] of before) {
      if (file === 'src/services/renamed.ts') continue;
      expect(after.get(file), file).toEqual(state);
    }
    const renamed = after.get('src/services/renamed.ts')!;
    expect(renamed.text).not.toBe(before.get('src/services/renamed.ts')!.text);
    // A rename over the old file, not a write into it.
    expect(renamed.ino).not.toBe(before.get('src/services/renamed.ts')!.ino);
    expect(statSync(path.join(repo.root, 'src/services/renamed.ts')).mode & 0o777).toBe(0o755);
    expect(readdirSync(path.join(repo.root, 'src/services')).filter((name) => name.includes('uws-tmp'))).toEqual([]);
  });

  it('writes JSON and Markdown reports per file, rule and Nx project, with the exact nx affected command', async () => {
    repo = new ScratchRepo({
      'src/services/renamed.ts': RENAME,
      'libs/other/package.json': '{ "name": "@scratch/other" }\n',
      'libs/other/src/thread.ts': THREAD.replaceAll('../websocket-core/', '../../../src/websocket-core/'),
    });
    const run = await repo.cli('migrate', '--report-json', 'out/report.json', '--report-md', 'out/report.md');
    expect(run.status).toBe(3);
    const report = JSON.parse(repo.read('out/report.json')) as MigrationReport;
    expect(report.projects.map((project) => [project.name, project.changed, project.markers])).toEqual([
      ['@scratch/other', 1, 1],
      ['scratch-service', 1, 0],
    ]);
    expect(report.rules.find((rule) => rule.id === 'manager-send-to-user')).toMatchObject({ changed: 1, markers: 0, files: 1 });
    expect(report.rules.find((rule) => rule.id === 'manager-send-to-thread')).toMatchObject({ changed: 0, markers: 1 });
    expect(report.files.find((file) => file.file === 'libs/other/src/thread.ts')).toMatchObject({
      status: 'needs-manual',
      project: '@scratch/other',
      markers: [{ rule: 'manager-send-to-thread', added: true }],
    });
    expect(report.affected.command).toBe(
      'npx nx affected -t lint typecheck test --files=libs/other/src/thread.ts,src/services/renamed.ts',
    );
    const markdown = repo.read('out/report.md');
    expect(markdown).toContain('| `manager-send-to-user` | 1 | 0 | 1 |');
    expect(markdown).toContain('| @scratch/other | 1 | 1 | 0 | 1 |');
    expect(markdown).toContain(report.affected.command!);
  });

  it('--changed-since only migrates files changed since the ref', async () => {
    repo = new ScratchRepo({ 'src/services/renamed.ts': RENAME });
    repo.write({ 'src/services/later.ts': RENAME.replace('renamed', 'later') });
    repo.commit('a later importer');
    const run = await repo.cli('migrate', '--changed-since', 'HEAD~1');
    expect(run.status).toBe(0);
    expect(repo.read('src/services/renamed.ts')).toBe(RENAME);
    expect(repo.read('src/services/later.ts')).toContain('getDefaultEmitterServer()');
  });
});

describe('unified-ws verify', () => {
  it('fails while legacy imports remain, exits 3 when only marked sites remain, 0 when clean', async () => {
    repo = new ScratchRepo({ 'src/services/renamed.ts': RENAME, 'src/services/thread.ts': THREAD });
    const legacy = await repo.cli('verify', '--json');
    expect(legacy.status).toBe(1);
    const census = JSON.parse(legacy.stdout) as Census;
    expect(census.totals).toMatchObject({ legacy: 2, markers: 0, uncovered: 2 });

    expect((await repo.cli('migrate')).status).toBe(3);
    const marked = await repo.cli('verify');
    expect(marked.status).toBe(3);
    expect(marked.stdout).toMatch(/src\/services\/thread\.ts:\d+\s+marker manager-send-to-thread/);
    expect(marked.stdout).not.toMatch(/renamed\.ts/);

    repo.write({ 'src/services/thread.ts': 'export const resolved = true;\n' });
    expect((await repo.cli('verify')).status).toBe(0);
  });

  it('finds a legacy import that an earlier string and a module-named word precede on its line; audit does not pass it', async () => {
    repo = new ScratchRepo({
      'src/app/title.ts': `const tag = 'title', { createWebSocketManager: manager } = await import('../websocket-core/websocket-manager-factory.js');

export async function renameThread(userId: string, newTitle: string): Promise<void> {
  await (await manager({ userId })).sendToUser(userId, { type: 'thread_renamed', tag, newTitle });
}
`,
    });
    const census = await repo.cli('verify', 'src/app');
    expect(census.status).toBe(1);
    expect(census.stdout).toMatch(/src\/app\/title\.ts:1\s+dynamic-import\s+\.\.\/websocket-core\/websocket-manager-factory\.js/);
    const gate = await repo.cli('audit', '--fail-under', '100', '--json', '-');
    expect(gate.status).toBe(2);
    expect((JSON.parse(gate.stdout) as AuditReport).totals).toMatchObject({ legacyImports: 1, legacyModulesInUse: 1 });
  });
});

describe('paths that select nothing', () => {
  it('a --cwd or a path that does not exist is refused by every command (exit 1), naming it, with nothing written', async () => {
    repo = new ScratchRepo({ 'src/services/renamed.ts': RENAME });
    const before = repo.snapshot();
    const missingRoot = path.join(repo.root, 'nonexistent');
    for (const command of [['verify'], ['audit', '--fail-under', '100'], ['migrate'], ['migrate', '--allow-dirty']]) {
      const wrongCwd = await repo.cli(...command, '--cwd', missingRoot);
      expect(wrongCwd.status, command.join(' ')).toBe(1);
      expect(wrongCwd.stderr, command.join(' ')).toBe(`unified-ws: ${missingRoot} does not exist\n`);
      expect(wrongCwd.stdout, command.join(' ')).toBe('');

      const wrongPath = await repo.cli(...command, 'src', 'nope/', 'src/servics/renamed.ts');
      expect(wrongPath.status, command.join(' ')).toBe(1);
      expect(wrongPath.stderr, command.join(' ')).toBe(
        `unified-ws: nope/, src/servics/renamed.ts: no such file or directory in ${repo.root}\n`,
      );
    }
    const notADirectory = await repo.cli('verify', '--cwd', path.join(repo.root, 'package.json'));
    expect(notADirectory.status).toBe(1);
    expect(notADirectory.stderr).toContain('package.json is not a directory');
    expect(repo.snapshot()).toEqual(before);

    const bin = repo.bin('verify', 'nope/');
    expect(bin.status).toBe(1);
    expect(bin.stderr).toContain('nope/: no such file or directory');
    expect(bin.stdout).not.toContain('no legacy references left');
  });

  it('verify and audit refuse paths that hold no source file (exit 1); migrate has nothing to do there (exit 0)', async () => {
    repo = new ScratchRepo({
      'src/services/renamed.ts': RENAME,
      'docs/notes.md': '# notes\n',
      '.gitignore': 'generated/\n',
      'generated/x.ts': RENAME,
    });
    for (const command of [['verify'], ['audit'], ['audit', '--fail-under', '100']]) {
      for (const target of ['docs', 'package.json', 'generated']) {
        const run = await repo.cli(...command, target);
        expect(run.status, `${command.join(' ')} ${target}`).toBe(1);
        const message = new RegExp(`^unified-ws: no source files \\(\\.ts .*\\) under ${target} in .*; ignored files are skipped\\n$`);
        expect(run.stderr, `${command.join(' ')} ${target}`).toMatch(message);
      }
    }
    const migrated = await repo.cli('migrate', '--check', 'docs');
    expect(migrated.status).toBe(0);
    expect(migrated.stdout).toMatch(/^files .*\n0 +0 +0 /m);

    const outsideGit = new ScratchRepo({ 'docs/notes.md': '# notes\n' }, { git: false });
    try {
      const empty = await outsideGit.cli('verify', 'docs');
      expect(empty.status).toBe(1);
      expect(empty.stderr).toContain('no source files');
    } finally {
      outsideGit.dispose();
    }
  });
});
