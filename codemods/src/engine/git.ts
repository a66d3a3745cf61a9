import { execFileSync } from 'node:child_process';

/**
 * Refusing to run is a result, not a crash: the CLI prints it and exits 1. Every command
 * refuses this way (a dirty tree, a path that does not exist, a gate with no file to read).
 */
export class MigrationRefused extends Error {
  readonly code = 'ERR_UWS_REFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'MigrationRefused';
  }
}

function git(root: string, args: readonly string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * A migration rewrites files in place, so it wants a clean tree under the paths it touches:
 * then `git diff` shows exactly what it did and `git checkout .` undoes it.
 */
export function assertCleanTree(root: string, paths: readonly string[]): void {
  let status: string;
  try {
    status = git(root, ['status', '--porcelain', '--', ...(paths.length > 0 ? paths : ['.'])]);
  } catch {
    throw new MigrationRefused(
      `${root} is not inside a git repository, so the rewrite could not be reviewed or undone; commit it to git first or pass --allow-dirty`,
    );
  }
  const dirty = status.split('\n').filter(Boolean);
  if (dirty.length > 0) {
    const sample = dirty.slice(0, 5).map((line) => `  ${line}`).join('\n');
    throw new MigrationRefused(
      `the git tree has ${dirty.length} uncommitted change${dirty.length > 1 ? 's' : ''} under the migration paths:\n${sample}${dirty.length > 5 ? '\n  …' : ''}\ncommit or stash them first, or pass --allow-dirty`,
    );
  }
}

/** Files changed since `ref` (committed, staged, unstaged) plus untracked ones, relative to root. */
export function changedSince(root: string, ref: string, paths: readonly string[]): Set<string> {
  const scope = ['--', ...(paths.length > 0 ? paths : ['.'])];
  try {
    const changed = git(root, ['diff', '--name-only', '--relative', '--diff-filter=ACMR', ref, ...scope]);
    const untracked = git(root, ['ls-files', '--others', '--exclude-standard', ...scope]);
    return new Set([...changed.split('\n'), ...untracked.split('\n')].filter(Boolean));
  } catch (error) {
    throw new MigrationRefused(`--changed-since ${ref}: ${((error as { stderr?: string }).stderr ?? String(error)).trim()}`);
  }
}
