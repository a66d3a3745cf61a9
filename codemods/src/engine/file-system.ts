import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { glob } from 'tinyglobby';
import { isSourceFile, SOURCE_EXTENSIONS } from '../ast/file-kinds.js';
import { MigrationRefused } from './git.js';

/**
 * The little the engine needs of a file system, so the CLI (disk) and the Nx generator (the
 * devkit Tree) run the same code. Paths are relative to `root`, with forward slashes.
 */
export interface MigrationFs {
  /** absolute root on disk, when the files are real files: enables worker threads and git checks */
  readonly diskRoot?: string;
  /** where the typed pass may read sources from disk, when that is not `diskRoot` */
  readonly typeRoot?: string;
  /**
   * source files under `paths` (files or directories), ignored files excluded; rejects with
   * `MigrationRefused` when the root or one of the paths does not exist
   */
  listSourceFiles(paths: readonly string[]): Promise<string[]>;
  read(file: string): string | undefined;
  /** replaces the file as a whole: never a half-written file */
  write(file: string, text: string): void;
  exists(file: string): boolean;
}

const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**', '**/dist/**', '**/.nx/**'];

export function diskFileSystem(root: string): MigrationFs {
  const absolute = path.resolve(root);
  const resolve = (file: string) => path.join(absolute, file);
  return {
    diskRoot: absolute,
    async listSourceFiles(paths) {
      assertPathsExist(absolute, paths);
      const targets = paths.length > 0 ? paths : ['.'];
      const tracked = gitListFiles(absolute, targets);
      const files = tracked ?? (await globSourceFiles(absolute, targets));
      return [...new Set(files.filter(isSourceFile))].sort();
    },
    read(file) {
      try {
        return readFileSync(resolve(file), 'utf8');
      } catch {
        return undefined;
      }
    },
    write(file, text) {
      writeFileAtomic(resolve(file), text);
    },
    exists(file) {
      return existsSync(resolve(file));
    },
  };
}

/**
 * The files `verify` and `audit` report on. Over no file they would say "nothing legacy left"
 * or "100%" having checked nothing, so a selection without a source file is refused.
 */
export async function listFilesToCheck(fs: MigrationFs, paths: readonly string[]): Promise<string[]> {
  const files = await fs.listSourceFiles(paths);
  if (files.length === 0) {
    const where = `${paths.length > 0 ? `under ${paths.join(', ')} ` : ''}in ${fs.diskRoot ?? '.'}`;
    throw new MigrationRefused(`no source files (${SOURCE_EXTENSIONS.join(' ')}) ${where}; ignored files are skipped`);
  }
  return files;
}

/**
 * git and the glob select nothing under a path that does not exist, and a run over nothing
 * passes every gate: a typo in `--cwd` or a path must fail instead.
 */
function assertPathsExist(root: string, paths: readonly string[]): void {
  const stat = statSync(root, { throwIfNoEntry: false });
  if (!stat) throw new MigrationRefused(`${root} does not exist`);
  if (!stat.isDirectory()) throw new MigrationRefused(`${root} is not a directory`);
  const missing = paths.filter((target) => !existsSync(path.resolve(root, target)));
  if (missing.length > 0) throw new MigrationRefused(`${missing.join(', ')}: no such file or directory in ${root}`);
}

/**
 * Writes a sibling temporary file, then renames it over the target (atomic on POSIX file
 * systems): a reader, or a migration killed half-way, sees the old bytes or the new ones,
 * never a mix. The file mode is kept. No fsync per file: the files are under version control,
 * and 2,500 fsyncs would double the time of a large run.
 */
export function writeFileAtomic(target: string, text: string): void {
  const temporary = temporaryPathOf(target);
  const mode = statSync(target, { throwIfNoEntry: false })?.mode;
  try {
    writeFileSync(temporary, text, { mode: mode ?? 0o644 });
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

let temporaries = 0;

/** Unique per process, thread and write: concurrent writers never share a temporary file. */
function temporaryPathOf(target: string): string {
  temporaries += 1;
  return `${target}.${process.pid}-${threadId}-${temporaries}.uws-tmp`;
}

/** Tracked and untracked-but-not-ignored files, as git sees them; undefined outside a repository. */
function gitListFiles(root: string, targets: readonly string[]): string[] | undefined {
  try {
    const output = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...targets], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return output
      .split('\0')
      .filter(Boolean)
      .filter((file) => existsSync(path.join(root, file)));
  } catch {
    return undefined;
  }
}

async function globSourceFiles(root: string, targets: readonly string[]): Promise<string[]> {
  const patterns = targets.map((target) => {
    const normalized = target.replaceAll('\\', '/').replace(/\/$/, '');
    const isFile = statSync(path.join(root, normalized), { throwIfNoEntry: false })?.isFile() ?? false;
    return isFile ? normalized : `${normalized === '.' ? '' : `${normalized}/`}**/*`;
  });
  return glob(patterns, { cwd: root, ignore: ALWAYS_IGNORED, dot: false, onlyFiles: true });
}
