import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The workspace this package lives in (its node_modules serves every copy). */
export const WORKSPACE_ROOT = path.resolve(import.meta.dirname, '../../..');
export const LEGACY_SERVICE_DIR = path.join(WORKSPACE_ROOT, 'test/fixtures/legacy-chat-service');

export interface ServiceCopy {
  dir: string;
  remove(): void;
}

const SKIPPED = new Set(['node_modules', 'dist', 'out-tsc', '.test-results']);

/**
 * Copies a service to a fresh temporary folder and makes it a git repository of one commit,
 * so a migration runs on it exactly as on a user's checkout (clean tree, real files) and the
 * repository's own files are never touched. `node_modules` is a symlink to the workspace's,
 * which resolves `@unified-ws/*` to their sources, socket.io, tsx, vitest and typescript.
 */
export function copyService(source = LEGACY_SERVICE_DIR, label = 'service'): ServiceCopy {
  const dir = mkdtempSync(path.join(tmpdir(), `unified-ws-${label}-`));
  cpSync(source, dir, { recursive: true, filter: (file) => !SKIPPED.has(path.basename(file)) });
  const modules = path.join(WORKSPACE_ROOT, 'node_modules');
  if (existsSync(modules)) symlinkSync(modules, path.join(dir, 'node_modules'), 'dir');
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      stdio: 'ignore',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'unified-ws',
        GIT_AUTHOR_EMAIL: 'unified-ws@example.invalid',
        GIT_COMMITTER_NAME: 'unified-ws',
        GIT_COMMITTER_EMAIL: 'unified-ws@example.invalid',
      },
    });
  git('init', '--quiet');
  // node_modules is a symlink into the workspace: never part of the service's history, and
  // excluded without writing a .gitignore into the service.
  appendFileSync(path.join(dir, '.git/info/exclude'), 'node_modules\n');
  git('add', '--all');
  git('commit', '--quiet', '--no-verify', '-m', 'service before migration');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
