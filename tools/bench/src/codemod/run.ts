/**
 * `npm run bench:codemod [-- --files N] [--importers SHARE] [--runs N] [--json] [--keep]`
 *
 * One synthetic corpus, every engine on its own fresh copy of it, in one run: unified-ws doing
 * the full call-site migration (and, for reference, its import-only compat mode), ast-grep,
 * jscodeshift and ts-morph doing the equivalent import-only retarget. Each result is checked
 * byte for byte against the expected output before its time counts; wall time and the peak
 * RSS of each tool's whole process tree are printed with the ratios to unified-ws. With
 * `--runs N` the tools take turns N times and the median wall time counts (shared machines
 * are noisy; interleaving spreads the noise over all tools).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ratio, round, table } from '../shared/measure.js';
import { generateCorpus, writeCorpus, type Corpus } from './corpus.js';
import { benchTools, measure, type BenchTool } from './tools.js';

const WORKSPACE = path.resolve(import.meta.dirname, '../../../..');
const LEGACY_MODULES = path.join(WORKSPACE, 'codemods/test/legacy-stubs/src');
const RECIPE = path.join(WORKSPACE, 'codemods/recipe/legacy-websocket.recipe.json');

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '10000' },
    importers: { type: 'string', default: '0.25' },
    runs: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const fileCount = Number(values.files);
const importerShare = Number(values.importers);
if (!Number.isInteger(fileCount) || fileCount < 1) throw new Error('--files must be a positive integer');
if (!(importerShare >= 0 && importerShare <= 1)) throw new Error('--importers must be a share between 0 and 1');
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');

interface ToolResult {
  tool: string;
  mode: BenchTool['mode'];
  what: string;
  wallMs: number;
  peakRssMb: number;
  filesChanged: number;
  correct: boolean;
  /** the first few files whose output differs from the expected one */
  wrong: string[];
  exitCode: number;
}

/** The legacy specifiers the corpus uses and their compat entries, from the recipe. */
function retargets(corpus: Corpus): Record<string, string> {
  const recipe = JSON.parse(readFileSync(RECIPE, 'utf8')) as {
    compat: { package: string };
    modules: Array<{ id: string; compatEntry: string }>;
  };
  const map: Record<string, string> = {};
  for (const file of corpus.files) {
    for (const match of file.input.matchAll(/(?:from |import\()'(\.\.\/[^']+)'/g)) {
      const specifier = match[1] ?? '';
      const id = path.posix.basename(specifier).replace(/\.js$/, '');
      const module = recipe.modules.find((candidate) => candidate.id === id);
      if (module) map[specifier] = `${recipe.compat.package}/${module.compatEntry}`;
    }
  }
  return map;
}

async function runTool(tool: BenchTool, corpus: Corpus, legacySnapshot: Map<string, string>): Promise<ToolResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `bench-codemod-${tool.name.replace(/\W+/g, '-')}-`));
  try {
    writeCorpus(corpus, dir, LEGACY_MODULES);
    tool.prepare?.(dir, corpus.files.map((file) => file.path));
    const measured = await measure(tool.command(dir), dir);
    let filesChanged = 0;
    const wrong: string[] = [];
    for (const file of corpus.files) {
      const actual = readFileSync(path.join(dir, file.path), 'utf8');
      if (actual !== file.input) filesChanged += 1;
      if (actual !== file[tool.mode] && wrong.length < 5) wrong.push(file.path);
    }
    for (const [file, text] of legacySnapshot) {
      if (readFileSync(path.join(dir, 'src', file), 'utf8') !== text && wrong.length < 5) wrong.push(`src/${file} (a legacy module)`);
    }
    if (measured.exitCode !== 0 && tool.name.startsWith('unified-ws')) wrong.push(`exit code ${measured.exitCode}: ${measured.output.slice(-500)}`);
    return {
      tool: tool.name,
      mode: tool.mode,
      what: tool.what,
      wallMs: Math.round(measured.wallMs),
      peakRssMb: round(measured.peakRssMb),
      filesChanged,
      correct: wrong.length === 0,
      wrong,
      exitCode: measured.exitCode,
    };
  } finally {
    if (values.keep) console.error(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** Median wall time, peak RSS over the runs; correct only if every run was. */
function summarise(all: readonly ToolResult[]): ToolResult {
  const walls = all.map((result) => result.wallMs).sort((a, b) => a - b);
  const first = all[0];
  if (!first) throw new Error('no run');
  return {
    ...first,
    wallMs: walls[Math.floor((walls.length - 1) / 2)] ?? first.wallMs,
    peakRssMb: Math.max(...all.map((result) => result.peakRssMb)),
    correct: all.every((result) => result.correct),
    wrong: all.flatMap((result) => result.wrong).slice(0, 5),
  };
}

async function main(): Promise<void> {
  if (!existsSync(path.join(WORKSPACE, 'node_modules/.bin/ast-grep'))) throw new Error('ast-grep is not installed: run npm ci');
  // What users install is the compiled package: build it (not timed), then time that.
  execFileSync(process.execPath, [path.join(WORKSPACE, 'node_modules/typescript/bin/tsc'), '-b', path.join(WORKSPACE, 'codemods/tsconfig.lib.json')], {
    stdio: 'inherit',
  });
  const corpus = generateCorpus({ files: fileCount, importerShare });
  const legacySnapshot = new Map<string, string>();
  for (const file of ['websocket-core/websocket-manager-factory.ts', 'websocket-core/unified-emitter.ts', 'services/agent-websocket-bridge.ts']) {
    legacySnapshot.set(file, readFileSync(path.join(LEGACY_MODULES, file), 'utf8'));
  }
  const lines = corpus.files.reduce((sum, file) => sum + file.input.split('\n').length, 0);
  if (!values.json) {
    console.log(`corpus: ${corpus.files.length} files, ${lines} lines, ${corpus.importers} importers of the legacy layer, ${os.availableParallelism()} cores`);
  }

  const tools = benchTools({ workspace: WORKSPACE, retargets: retargets(corpus) });
  const rounds = new Map<string, ToolResult[]>(tools.map((tool) => [tool.name, []]));
  for (let round = 1; round <= runs; round += 1) {
    for (const tool of tools) {
      const result = await runTool(tool, corpus, legacySnapshot);
      rounds.get(tool.name)?.push(result);
      if (!values.json) console.error(`run ${round}/${runs} ${tool.name}: ${result.wallMs} ms${result.correct ? '' : ` — WRONG: ${result.wrong.join('; ')}`}`);
    }
  }
  const results = tools.map((tool) => summarise(rounds.get(tool.name) ?? []));

  const unifiedWs = results.find((result) => result.tool === 'unified-ws');
  const baseline = unifiedWs?.wallMs ?? Number.NaN;
  const ratios = Object.fromEntries(
    results.filter((result) => result !== unifiedWs).map((result) => [`${result.tool}/unified-ws`, ratio(result.wallMs, baseline)]),
  );
  if (values.json) {
    const tools = Object.fromEntries(
      results.map(({ tool, wallMs, peakRssMb, filesChanged, correct, mode }) => [tool, { wallMs, peakRssMb, filesChanged, correct, mode }]),
    );
    console.log(JSON.stringify({ corpus: { files: corpus.files.length, lines, importers: corpus.importers, cores: os.availableParallelism() }, runs, tools, ratios }));
    return;
  }
  console.log(
    `\n${table([
      ['tool', 'wall ms', 'peak RSS MB', 'files changed', 'correct', 'x unified-ws', 'job'],
      ...results.map((result) => [
        result.tool,
        result.wallMs,
        result.peakRssMb,
        result.filesChanged,
        result.correct ? 'yes' : 'NO',
        result === unifiedWs ? '1' : String(ratio(result.wallMs, baseline)),
        result.what,
      ]),
    ])}`,
  );
  if (results.some((result) => !result.correct)) process.exitCode = 1;
}

await main();
