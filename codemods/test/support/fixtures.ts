import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Project, ts } from 'ts-morph';

export const CODEMODS_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const WORKSPACE_ROOT = path.resolve(CODEMODS_ROOT, '..');
export const TRANSFORMS_DIR = path.join(CODEMODS_ROOT, 'src/transforms');
export const LEGACY_STUBS = path.join(CODEMODS_ROOT, 'test/legacy-stubs/src');
export const EMITTER_SOURCE = path.join(WORKSPACE_ROOT, 'packages/emitter/src/index.ts');

/** `UPDATE_FIXTURES=1` rewrites expected outputs from the current transforms (review the diff!). */
export const UPDATING = process.env['UPDATE_FIXTURES'] === '1';

export interface SingleFileCase {
  transform: string;
  name: string;
  input: string;
  output: string;
  extension: string;
}

export interface TreeCase {
  transform: string;
  name: string;
  dir: string;
}

/** Globs `src/transforms/<id>/__testfixtures__`: `<case>.input.<ext>` pairs and `<case>/{input,expected}` trees. */
export function discoverFixtures(): { single: SingleFileCase[]; trees: TreeCase[] } {
  const single: SingleFileCase[] = [];
  const trees: TreeCase[] = [];
  for (const transform of readdirSync(TRANSFORMS_DIR)) {
    const dir = path.join(TRANSFORMS_DIR, transform, '__testfixtures__');
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir).sort()) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) {
        if (existsSync(path.join(full, 'input'))) trees.push({ transform, name: entry, dir: full });
        continue;
      }
      const match = /^(.*)\.input\.([cm]?[jt]sx?)$/.exec(entry);
      if (!match) continue;
      single.push({
        transform,
        name: match[1]!,
        extension: match[2]!,
        input: full,
        output: path.join(dir, `${match[1]}.output.${match[2]}`),
      });
    }
  }
  return { single, trees };
}

/** Every file under `dir`, relative, with forward slashes. */
export function listTree(dir: string): string[] {
  const files: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(path.join(dir, current), { withFileTypes: true })) {
      const relative = current ? `${current}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(relative);
      else files.push(relative);
    }
  };
  walk('');
  return files.sort();
}

/**
 * Type-checks migrated files with real TypeScript diagnostics: each file sits in `src/services/`
 * of a scratch service next to the legacy stubs, and `@unified-ws/emitter` resolves to the
 * real package sources. The compat package does not exist yet, so "cannot find module" for it
 * is the one diagnostic tolerated (its imports then type as any).
 */
export function typeCheck(files: ReadonlyArray<{ name: string; text: string }>): string[] {
  const cache = path.join(CODEMODS_ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const root = mkdtempSync(path.join(cache, 'fixture-check-'));
  try {
    cpSync(LEGACY_STUBS, path.join(root, 'src'), { recursive: true });
    mkdirSync(path.join(root, 'src/services'), { recursive: true });
    for (const file of files) writeFileSync(path.join(root, 'src/services', file.name), file.text);
    const project = new Project({
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        verbatimModuleSyntax: true,
        types: ['node'],
        typeRoots: [path.join(WORKSPACE_ROOT, 'node_modules/@types')],
        paths: { '@unified-ws/emitter': [EMITTER_SOURCE] },
      },
    });
    writeFileSync(path.join(root, 'package.json'), '{"type":"module"}');
    project.addSourceFilesAtPaths(path.join(root, 'src/**/*.ts'));
    return project
      .getPreEmitDiagnostics()
      .filter((diagnostic) => {
        const message = ts.flattenDiagnosticMessageText(diagnostic.getMessageText() as string | ts.DiagnosticMessageChain, '\n');
        return !([2307, 2882].includes(diagnostic.getCode()) && message.includes('@unified-ws/legacy-compat'));
      })
      .map((diagnostic) => {
        const file = diagnostic.getSourceFile();
        const where = file ? `${path.relative(root, file.getFilePath())}:${file.getLineAndColumnAtPos(diagnostic.getStart() ?? 0).line}` : '?';
        return `${where} TS${diagnostic.getCode()}: ${ts.flattenDiagnosticMessageText(diagnostic.getMessageText() as string | ts.DiagnosticMessageChain, ' ')}`;
      });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export function readText(file: string): string {
  return readFileSync(file, 'utf8');
}
