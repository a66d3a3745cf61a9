import { existsSync } from 'node:fs';
import path from 'node:path';
import { Project } from 'ts-morph';
import { ts } from '../ast/parse.js';
import { checkerOracle } from '../transforms/canonical/type-oracle.js';
import type { FileOutcome, Pipeline } from './pipeline.js';
import { migrateScreened } from './process-file.js';

/**
 * The second tier: one ts-morph Project (one Program, one checker) for the files whose
 * receivers syntax could not place, built once, asked before any edit, never mutated. The
 * transforms then run on the Program's own syntax trees with the checker as oracle.
 */
export function typedPass(diskRoot: string, files: readonly string[], pipeline: Pipeline, read: (file: string) => string | undefined): FileOutcome[] {
  const byConfig = new Map<string | undefined, string[]>();
  for (const file of files) {
    const config = nearestTsconfig(diskRoot, file);
    byConfig.set(config, [...(byConfig.get(config) ?? []), file]);
  }
  const outcomes: FileOutcome[] = [];
  const matcher = pipeline.recipe.matcher;
  const compat = `${path.sep}${pipeline.recipe.recipe.compat.package.split('/').at(-1)}${path.sep}`;
  const typeNames = new Set(pipeline.recipe.receiverOfType.keys());
  const isLegacyFile = (fileName: string) => {
    const relative = path.relative(diskRoot, fileName).replaceAll(path.sep, '/');
    return matcher.isLegacyModuleFile(relative) || fileName.includes(compat);
  };
  for (const [tsConfigFilePath, group] of byConfig) {
    const project = new Project({
      ...(tsConfigFilePath ? { tsConfigFilePath } : {}),
      skipAddingFilesFromTsConfig: true,
      // composite/rootDir of a solution-style tsconfig only matter to emitters.
      compilerOptions: { composite: false, noEmit: true, allowJs: true, rootDir: undefined },
    });
    for (const file of group) project.addSourceFileAtPath(path.join(diskRoot, file));
    const program = project.getProgram().compilerObject as unknown as ts.Program;
    const oracle = checkerOracle(program.getTypeChecker(), typeNames, isLegacyFile);
    for (const file of group) {
      const text = read(file);
      const sourceFile = program.getSourceFile(path.join(diskRoot, file));
      if (text === undefined || !sourceFile || sourceFile.text !== text) {
        outcomes.push({ file, status: 'error', changed: false, rules: {}, markers: [], parsed: true, reason: 'its text differs from the file on disk (a pending change), so its types cannot be read' });
        continue;
      }
      outcomes.push(migrateScreened(file, text, pipeline, { sourceFile, oracle }));
    }
  }
  return outcomes;
}

function nearestTsconfig(root: string, file: string): string | undefined {
  for (let directory = path.dirname(path.join(root, file)); ; directory = path.dirname(directory)) {
    for (const name of ['tsconfig.json', 'tsconfig.base.json']) {
      const candidate = path.join(directory, name);
      if (existsSync(candidate)) return candidate;
    }
    if (directory === root || directory === path.dirname(directory)) return undefined;
  }
}
