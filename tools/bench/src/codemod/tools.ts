import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { samplePeakTreeRss } from '../shared/process-tree-rss.js';
import { MODULES_DIR } from './corpus.js';

/** One engine the benchmark times: how to run it on a prepared copy of the corpus. */
export interface BenchTool {
  name: string;
  /** which expected output its result must equal */
  mode: 'canonical' | 'compat';
  what: string;
  /** writes whatever the tool needs into the copy (rules, file lists); not timed */
  prepare?(dir: string, files: readonly string[]): void;
  command(dir: string): { file: string; args: string[] };
}

export interface Measured {
  wallMs: number;
  peakRssMb: number;
  exitCode: number;
  output: string;
}

/** Runs a tool to completion: wall time from spawn to exit, peak RSS of its whole process tree. */
export function measure(command: { file: string; args: string[] }, cwd: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command.file, command.args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    if (child.pid === undefined) {
      reject(new Error(`could not start ${command.file}`));
      return;
    }
    const rss = samplePeakTreeRss(child.pid, 25);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      const peakRssMb = rss.stop();
      resolve({ wallMs: performance.now() - started, peakRssMb, exitCode: code ?? -1, output });
    });
  });
}

export interface ToolPaths {
  workspace: string;
  /** legacy specifier -> compat specifier, for the import-only tools */
  retargets: Record<string, string>;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export function benchTools({ workspace, retargets }: ToolPaths): BenchTool[] {
  const node = process.execPath;
  // The corpus lives in a temporary directory, where a bare `tsx` would not resolve.
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const bin = (relative: string) => path.join(workspace, relative);
  const unifiedWs = (mode: 'canonical' | 'compat'): BenchTool => ({
    name: mode === 'canonical' ? 'unified-ws' : 'unified-ws --to compat',
    mode,
    what: mode === 'canonical' ? 'imports and call sites onto @unified-ws/emitter' : 'imports retargeted to the shim',
    // The built CLI, as installed from the registry (the bin runs it when there is no src/).
    command: (dir) => ({ file: node, args: [bin('codemods/dist/cli.js'), 'migrate', '--to', mode, '--allow-dirty', '--cwd', dir] }),
  });
  const astGrep = (threads: number): BenchTool => ({
    name: threads === 2 ? 'ast-grep' : 'ast-grep -j 1',
    mode: 'compat',
    what: `scan -U -j ${threads}, ${Object.keys(retargets).length} YAML rules (imports only)`,
    prepare(dir) {
      mkdirSync(path.join(dir, 'rules'), { recursive: true });
      writeFileSync(path.join(dir, 'sgconfig.yml'), 'ruleDirs:\n  - rules\n');
      Object.entries(retargets).forEach(([legacy, target], index) => {
        writeFileSync(
          path.join(dir, 'rules', `retarget-${index}.yml`),
          [
            `id: retarget-${index}`,
            'language: TypeScript',
            'severity: info',
            'rule:',
            '  kind: string_fragment',
            `  regex: ^${escapeRegExp(legacy)}$`,
            '  inside:',
            '    stopBy: end',
            '    any:',
            '      - kind: import_statement',
            '      - kind: export_statement',
            '      - kind: call_expression',
            '        has:',
            '          field: function',
            "          regex: '^(import|require)$'",
            `fix: '${target}'`,
            '',
          ].join('\n'),
        );
      });
    },
    command: (dir) => ({ file: bin('node_modules/.bin/ast-grep'), args: ['scan', '-c', path.join(dir, 'sgconfig.yml'), '-U', '-j', String(threads), path.join(dir, MODULES_DIR)] }),
  });
  return [
    unifiedWs('canonical'),
    unifiedWs('compat'),
    astGrep(2),
    // One thread, for a per-core comparison (unified-ws uses all cores but one: in-process on 2).
    astGrep(1),
    {
      name: 'jscodeshift',
      mode: 'compat',
      what: '--parser=ts --cpus=2, pre-filtered transform (imports only)',
      command: (dir) => ({
        file: node,
        args: [
          bin('node_modules/jscodeshift/bin/jscodeshift.js'),
          '-t',
          bin('tools/bench/src/codemod/jscodeshift-retarget.cjs'),
          '--parser=ts',
          '--extensions=ts',
          '--cpus=2',
          '--silent',
          `--retargets=${JSON.stringify(retargets)}`,
          path.join(dir, MODULES_DIR),
        ],
      }),
    },
    {
      name: 'ts-morph',
      mode: 'compat',
      what: 'manipulation API (setModuleSpecifier), pre-filtered files (imports only)',
      prepare(dir, files) {
        writeFileSync(path.join(dir, 'retargets.json'), JSON.stringify(retargets));
        writeFileSync(path.join(dir, 'files.txt'), files.join('\n'));
      },
      command: (dir) => ({
        file: node,
        args: ['--import', tsxLoader, bin('tools/bench/src/codemod/ts-morph-retarget.ts'), dir, path.join(dir, 'retargets.json'), path.join(dir, 'files.txt')],
      }),
    },
  ];
}
