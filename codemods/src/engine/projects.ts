import path from 'node:path';
import type { MigrationFs } from './file-system.js';

export interface ProjectRef {
  name: string;
  /** relative to the migration root ('' for the root itself) */
  root: string;
}

/**
 * The Nx project owning a file: the nearest directory with a `project.json` (its `name`) or a
 * `package.json` (its `nx.name` or `name`), which is how Nx itself infers projects.
 */
export class ProjectLocator {
  readonly #byDirectory = new Map<string, ProjectRef | undefined>();

  constructor(private readonly fs: MigrationFs) {}

  of(file: string): ProjectRef | undefined {
    return this.#lookup(path.posix.dirname(file));
  }

  #lookup(directory: string): ProjectRef | undefined {
    const key = directory === '.' ? '' : directory;
    if (this.#byDirectory.has(key)) return this.#byDirectory.get(key);
    const found = this.#read(key) ?? (key === '' ? undefined : this.#lookup(path.posix.dirname(key)));
    this.#byDirectory.set(key, found);
    return found;
  }

  #read(directory: string): ProjectRef | undefined {
    for (const manifest of ['project.json', 'package.json']) {
      const text = this.fs.read(directory ? `${directory}/${manifest}` : manifest);
      if (text === undefined) continue;
      try {
        const json = JSON.parse(text) as { name?: unknown; nx?: { name?: unknown } };
        const name = json.nx?.name ?? json.name;
        if (typeof name === 'string' && name.length > 0) return { name, root: directory };
      } catch {
        // an unreadable manifest does not name a project; keep looking upwards
      }
    }
    return undefined;
  }
}
