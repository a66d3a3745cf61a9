import { createTwoFilesPatch } from 'diff';
import MagicString from 'magic-string';
import { detectStyle, ImportRequests } from '../ast/import-requests.js';
import { MarkerWriter } from '../ast/markers.js';
import { isJavaScript } from '../ast/file-kinds.js';
import { firstSyntaxError, parseSource, type ts } from '../ast/parse.js';
import { insertBootstrap } from '../transforms/bootstrap-server/index.js';
import { canonical } from '../transforms/canonical/index.js';
import type { TypeOracle } from '../transforms/canonical/type-oracle.js';
import { REQUIRE_RULE, rewriteRequires } from '../transforms/commonjs-require/index.js';
import { compatImports } from '../transforms/compat-imports/index.js';
import { RuleTally, type TransformContext } from '../transforms/transform.js';
import { fileOutcome, screen, type FileOutcome, type FileStatus, type Pipeline } from './pipeline.js';

/**
 * One file through the pipeline: text pre-filter, parse, transforms as splices, imports, then
 * CommonJS requires in JavaScript files. Any failure leaves the file as it was and says why;
 * nothing here writes.
 */
export function migrateText(file: string, text: string, pipeline: Pipeline): FileOutcome {
  return screen(file, text, pipeline) ?? migrateScreened(file, text, pipeline);
}

/**
 * `migrateText` for a file the pre-filter already kept: the I/O thread screens what it hands
 * over, and the typed pass gets files the first tier parsed.
 */
export function migrateScreened(
  file: string,
  text: string,
  pipeline: Pipeline,
  typed?: { sourceFile: ts.SourceFile; oracle: TypeOracle },
): FileOutcome {
  const { recipe, mode } = pipeline;
  const isBootstrap = pipeline.bootstrapFile === file;
  const outcome = (status: FileOutcome['status'], extra: Partial<FileOutcome> = {}) => fileOutcome(file, status, extra);

  // The canonical pass begins with a scope walk that sets parent pointers: one walk, not two.
  const sourceFile = typed?.sourceFile ?? parseSource(file, text, mode !== 'canonical');
  const syntaxError = firstSyntaxError(sourceFile);
  if (syntaxError) return outcome('error', { parsed: true, reason: `does not parse: ${syntaxError}` });

  const edits = new MagicString(text);
  const markers = new MarkerWriter(sourceFile, edits);
  const ctx: TransformContext = {
    file,
    text,
    sourceFile,
    edits,
    recipe,
    config: pipeline.config,
    markers,
    tally: new RuleTally(),
    imports: new ImportRequests(),
    style: detectStyle(sourceFile),
    dropRequires: new Map(),
    keptImports: pipeline.keptImports,
    types: typed?.oracle,
  };
  const notes: string[] = [];
  let output: string;
  try {
    if (mode === 'compat') compatImports.run(ctx);
    else if (canonical.run(ctx) === 'needs-types') return outcome('needs-types', { parsed: true });
    const bootstrap = isBootstrap ? pipeline.config.bootstrap : undefined;
    const note = bootstrap && insertBootstrap(ctx, bootstrap);
    if (note) notes.push(note);
    ctx.imports.apply(sourceFile, edits, ctx.style);
    output = edits.toString();
    if (isJavaScript(file)) {
      const compat = recipe.recipe.compat.package;
      const required = rewriteRequires(output, {
        retarget:
          mode === 'compat' || pipeline.keptImports === 'compat'
            ? (specifier) => {
                const match = recipe.matcher.match(specifier, file, false);
                return match?.via === 'legacy' ? `${compat}/${match.module.compatEntry}` : undefined;
              }
            : undefined,
        drop: ctx.dropRequires,
        add: ctx.imports.commonJsNames(),
        quote: ctx.style.quote,
      });
      if (required.changed > 0) ctx.tally.add(REQUIRE_RULE, required.changed);
      output = required.text;
    }
  } catch (error) {
    return outcome('error', { parsed: true, reason: `transform failed: ${(error as Error).message}` });
  }

  const rules: FileOutcome['rules'] = {};
  for (const [rule, count] of ctx.tally.changed) rules[rule] = { changed: count, markers: 0 };
  for (const site of markers.sites) {
    const counts = (rules[site.rule] ??= { changed: 0, markers: 0 });
    counts.markers += 1;
  }
  const changed = output !== text;
  const status: FileStatus = markers.sites.length > 0 ? 'needs-manual' : changed ? 'changed' : 'unchanged';
  return outcome(status, {
    parsed: true,
    changed,
    rules,
    markers: markers.sites,
    ...(changed ? { output } : {}),
    ...(changed && pipeline.diff ? { diff: createTwoFilesPatch(`a/${file}`, `b/${file}`, text, output) } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  });
}

/** Writes a migrated file (atomically, through `write`); a failed write makes it an error, unchanged. */
export function commitOutcome(outcome: FileOutcome, write: (file: string, text: string) => void): FileOutcome {
  if (outcome.output === undefined) return outcome;
  const { output, ...rest } = outcome;
  try {
    write(outcome.file, output);
    return rest;
  } catch (error) {
    return writeFailed(rest, (error as Error).message);
  }
}

/** What a file's outcome becomes when its write fails: an error, and the file as it was. */
export function writeFailed(outcome: FileOutcome, reason: string): FileOutcome {
  return { ...outcome, status: 'error', changed: false, reason: `cannot write: ${reason}` };
}
