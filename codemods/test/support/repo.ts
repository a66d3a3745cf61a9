import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { main } from '../../src/cli/main.js';
import type { OutputStream } from '../../src/cli/output.js';
import { CODEMODS_ROOT, LEGACY_STUBS } from './fixtures.js';

export const BIN = path.join(CODEMODS_ROOT, 'bin/unified-ws.js');

/** A scratch service: the legacy stubs under `src/`, the given files, one commit. Removed by `dispose()`. */
export class ScratchRepo {
  readonly root: string;

  constructor(files: Record<string, string>, options: { git?: boolean } = {}) {
    this.root = mkdtempSync(path.join(os.tmpdir(), 'uws-repo-'));
    cpSync(LEGACY_STUBS, path.join(this.root, 'src'), { recursive: true });
    this.write({ 'package.json': '{ "name": "scratch-service", "type": "module" }\n', ...files });
    if (options.git ?? true) {
      this.git('init', '-q', '-b', 'main');
      this.commit('legacy service');
    }
  }

  write(files: Record<string, string>): void {
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(this.root, file)), { recursive: true });
      writeFileSync(path.join(this.root, file), text);
    }
  }

  read(file: string): string {
    return readFileSync(path.join(this.root, file), 'utf8');
  }

  git(...args: string[]): string {
    return execFileSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', ...args], { cwd: this.root, encoding: 'utf8' });
  }

  commit(message: string): void {
    this.git('add', '-A');
    this.git('commit', '-q', '-m', message);
  }

  /** Path -> bytes, inode and mtime of every file (to prove what was not touched). */
  snapshot(): Map<string, { text: string; ino: number; mtimeMs: number }> {
    const result = new Map<string, { text: string; ino: number; mtimeMs: number }>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(path.join(this.root, dir), { withFileTypes: true })) {
        const relative = dir ? `${dir}/${entry.name}` : entry.name;
        if (entry.name === '.git') continue;
        if (entry.isDirectory()) walk(relative);
        else {
          const stat = statSync(path.join(this.root, relative));
          result.set(relative, { text: this.read(relative), ino: stat.ino, mtimeMs: stat.mtimeMs });
        }
      }
    };
    walk('');
    return result;
  }

  /** Runs the CLI's `main()` in this process, in the repository (what the bin runs, without the start-up cost). */
  async cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    const out = capture();
    const err = capture();
    const [command, ...rest] = args;
    const status = await main([command!, '--cwd', this.root, ...rest], { stdout: out.stream, stderr: err.stream });
    // Colours follow FORCE_COLOR (set by Nx, for one); the assertions read plain text.
    return { status, stdout: stripVTControlCharacters(out.text()), stderr: stripVTControlCharacters(err.text()) };
  }

  /** Runs the real `unified-ws` bin as a child process in the repository. */
  bin(...args: string[]): { status: number; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, [BIN, ...args], {
      cwd: this.root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      timeout: 60_000,
    });
    return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** A non-TTY output stream that keeps what is written. */
function capture(): { stream: OutputStream; text(): string } {
  let text = '';
  const stream: OutputStream = { isTTY: false, write: (chunk: string) => (text += chunk) };
  return { stream, text: () => text };
}
