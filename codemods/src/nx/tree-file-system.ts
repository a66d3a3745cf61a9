import { existsSync } from 'node:fs';
import path from 'node:path';
import { visitNotIgnoredFiles, type Tree } from '@nx/devkit';
import { isSourceFile } from '../ast/file-kinds.js';
import type { MigrationFs } from '../engine/file-system.js';
import { MigrationRefused } from '../engine/git.js';

/**
 * The engine's file system over an Nx devkit Tree: reads see pending changes, writes stay in
 * the Tree until Nx flushes it (and `--dry-run` never does). Ignored files are skipped as Nx
 * skips them. The Tree's workspace root on disk lets the typed pass load a Program.
 */
export function treeFileSystem(tree: Tree): MigrationFs {
  return {
    typeRoot: existsSync(path.join(tree.root, 'nx.json')) ? tree.root : undefined,
    async listSourceFiles(paths) {
      // A misspelt path would visit nothing and pass for a run with nothing to do.
      const missing = paths.filter((target) => !tree.exists(target));
      if (missing.length > 0) throw new MigrationRefused(`${missing.join(', ')}: no such file or directory in the workspace`);
      const files: string[] = [];
      for (const target of paths.length > 0 ? paths : ['']) {
        if (target && tree.isFile(target)) files.push(target);
        else visitNotIgnoredFiles(tree, target, (file) => files.push(file));
      }
      return [...new Set(files.filter(isSourceFile))].sort();
    },
    read: (file) => tree.read(file, 'utf8') ?? undefined,
    write: (file, text) => tree.write(file, text),
    exists: (file) => tree.exists(file),
  };
}
