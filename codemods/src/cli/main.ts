import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { audit } from '../audit/audit.js';
import { renderAuditHtml } from '../audit/render-html.js';
import { renderAuditMarkdown } from '../audit/render-markdown.js';
import { migrate } from '../engine/migrate.js';
import { MigrationRefused } from '../engine/git.js';
import { EXIT, renderMarkdown } from '../engine/report.js';
import { RecipeError } from '../recipe/recipe-error.js';
import { verify } from '../verify/census.js';
import { auditSummary, migrateSummary, progressBar, verifySummary, type OutputStream } from './output.js';

interface MigrateFlags {
  to: 'canonical' | 'compat';
  dryRun?: boolean;
  check?: boolean;
  reportJson?: string;
  reportMd?: string;
  jobs?: number;
  changedSince?: string;
  allowDirty?: boolean;
  recipe?: string;
  keptImports: 'legacy' | 'compat';
  cwd: string;
}

interface VerifyFlags {
  json?: boolean;
  allowCompat?: boolean;
  recipe?: string;
  cwd: string;
}

interface AuditFlags {
  json?: string;
  md?: string;
  html?: string;
  failUnder?: number;
  recipe?: string;
  cwd: string;
}

function percentage(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0 || parsed > 100) throw new InvalidArgumentError('expected a percentage from 0 to 100');
  return parsed;
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a positive integer');
  return parsed;
}

function writeReport(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Runs the CLI and resolves with the exit code (the bin sets it). */
export async function main(argv: readonly string[], io: { stdout: OutputStream; stderr: OutputStream } = process): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('unified-ws')
    .description('Move legacy WebSocket-manager code onto @unified-ws/emitter, and prove it is done.')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });

  program
    .command('migrate')
    .description('rewrite importers of the legacy modules (compat: imports only; canonical: imports and call sites)')
    .argument('[paths...]', 'files or directories, relative to --cwd (default: all of it)')
    .addOption(new Option('--to <mode>', 'target').choices(['canonical', 'compat']).default('canonical'))
    .option('--dry-run', 'print a unified diff and write nothing')
    .option('--check', 'write nothing; exit 2 when files would change')
    .option('--report-json <file>', 'write the JSON report')
    .option('--report-md <file>', 'write the Markdown report')
    .option('--jobs <n>', 'threads that migrate, this one included (default: available cores - 1); with 1, a large tree gets an I/O thread beside it', positiveInteger)
    .option('--changed-since <ref>', 'only files changed since this git ref')
    .option('--allow-dirty', 'run on a dirty (or non-git) tree')
    .option('--recipe <file>', 'a recipe file instead of the shipped one')
    .addOption(
      new Option('--kept-imports <target>', 'canonical: where imports kept for marked sites point').choices(['legacy', 'compat']).default('legacy'),
    )
    .option('--cwd <dir>', 'the migration root', process.cwd())
    .action(async (paths: string[], flags: MigrateFlags) => {
      const bar = progressBar(io.stderr);
      const cwd = path.resolve(flags.cwd);
      const { report, diffs } = await migrate({
        cwd,
        paths,
        to: flags.to,
        dryRun: flags.dryRun,
        check: flags.check,
        jobs: flags.jobs,
        changedSince: flags.changedSince,
        allowDirty: flags.allowDirty,
        recipe: flags.recipe && path.resolve(cwd, flags.recipe),
        keptImports: flags.keptImports,
        onProgress: (progress) => bar.update(progress),
      });
      bar.done();
      if (flags.dryRun) for (const diff of diffs) io.stdout.write(diff);
      if (flags.reportJson) writeReport(path.resolve(cwd, flags.reportJson), `${JSON.stringify(report, null, 2)}\n`);
      if (flags.reportMd) writeReport(path.resolve(cwd, flags.reportMd), renderMarkdown(report));
      (flags.dryRun ? io.stderr : io.stdout).write(`${migrateSummary(report)}\n`);
      exitCode = report.exitCode;
    });

  program
    .command('verify')
    .description('census of what still names a legacy module: imports, requires, mock paths, markers')
    .argument('[paths...]', 'files or directories, relative to --cwd (default: all of it)')
    .option('--json', 'print the census as JSON')
    .option('--allow-compat', 'accept imports of the compat package (the gate after phase 1)')
    .option('--recipe <file>', 'a recipe file instead of the shipped one')
    .option('--cwd <dir>', 'the root to scan', process.cwd())
    .action(async (paths: string[], flags: VerifyFlags) => {
      const cwd = path.resolve(flags.cwd);
      const census = await verify({ cwd, paths, allowCompat: flags.allowCompat, recipe: flags.recipe && path.resolve(cwd, flags.recipe) });
      io.stdout.write(flags.json ? `${JSON.stringify(census, null, 2)}\n` : `${verifySummary(census)}\n`);
      exitCode = census.exitCode;
    });

  program
    .command('audit')
    .description('single-source-of-truth compliance: canonical vs legacy vs duplicate agent-event call sites, legacy imports, markers')
    .argument('[paths...]', 'files or directories, relative to --cwd (default: all of it)')
    .option('--json <file>', 'write the JSON report (- for stdout)')
    .option('--md <file>', 'write the Markdown report (- for stdout)')
    .option('--html <file>', 'write the self-contained HTML report (- for stdout)')
    .option('--fail-under <pct>', 'exit 2 when compliance is below this percentage', percentage)
    .option('--recipe <file>', 'a recipe file instead of the shipped one')
    .option('--cwd <dir>', 'the root to audit', process.cwd())
    .action(async (paths: string[], flags: AuditFlags) => {
      const cwd = path.resolve(flags.cwd);
      const report = await audit({
        cwd,
        paths,
        recipe: flags.recipe && path.resolve(cwd, flags.recipe),
        ...(flags.failUnder !== undefined ? { failUnder: flags.failUnder } : {}),
      });
      const outputs = [
        { file: flags.json, render: () => `${JSON.stringify(report, null, 2)}\n` },
        { file: flags.md, render: (linkBase: string) => renderAuditMarkdown(report, { linkBase }) },
        { file: flags.html, render: (linkBase: string) => renderAuditHtml(report, { linkBase }) },
      ];
      const written: string[] = [];
      let toStdout = false;
      for (const { file, render } of outputs) {
        if (file === undefined) continue;
        if (file === '-') {
          io.stdout.write(render(''));
          toStdout = true;
          continue;
        }
        const target = path.resolve(cwd, file);
        // Links in a report open the audited files from wherever the report is written.
        writeReport(target, render(path.relative(path.dirname(target), cwd).split(path.sep).join('/')));
        const shown = path.relative(process.cwd(), target);
        written.push(shown.startsWith('..') || path.isAbsolute(shown) ? target : shown);
      }
      (toStdout ? io.stderr : io.stdout).write(`${auditSummary(report, written)}\n`);
      exitCode = report.exitCode;
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return EXIT.ok;
    if (typeof code === 'string' && code.startsWith('commander.')) return EXIT.errors;
    if (error instanceof MigrationRefused || error instanceof RecipeError) {
      io.stderr.write(`unified-ws: ${error.message}\n`);
      return EXIT.errors;
    }
    io.stderr.write(`unified-ws: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.errors;
  }
  return exitCode;
}
