import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WORKSPACE_ROOT } from './service-copy.js';

export interface CommandResult {
  code: number | null;
  output: string;
}

/** Set in every child this module starts, so a check can never start itself again. */
const NESTED = 'UNIFIED_WS_SERVICE_CHECK';

/** Process groups still running; ended when this process exits, whatever cut a check short. */
const running = new Set<number>();
process.once('exit', () => {
  for (const pid of running) killGroup(pid);
});

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Runs a node script of the workspace in a service folder, bounded in time, with vitest's own
 * variables removed. Refuses anything but a service folder (its own package.json and
 * tsconfig.json, outside this package), and refuses to run from inside such a child: a
 * mistaken folder would otherwise run this very suite again, recursively.
 */
function runNode(cwd: string, args: string[], timeoutMs: number): Promise<CommandResult> {
  if (process.env[NESTED]) throw new Error('a service check may not start another one');
  if (typeof cwd !== 'string' || !existsSync(path.join(cwd, 'package.json')) || !existsSync(path.join(cwd, 'tsconfig.json'))) {
    throw new Error(`not a service folder: ${String(cwd)}`);
  }
  if (path.resolve(cwd).startsWith(path.join(WORKSPACE_ROOT, 'test/e2e'))) throw new Error('the harness does not check itself');
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_OPTIONS'),
  );
  env[NESTED] = '1';
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // The child leads its own process group, so a timeout (or our exit) ends its workers too.
    const pid = child.pid;
    if (pid !== undefined) running.add(pid);
    const timer = setTimeout(() => {
      if (pid !== undefined) killGroup(pid);
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (pid !== undefined) running.delete(pid);
      resolve({ code, output });
    });
  });
}

/** `tsc -p tsconfig.json --noEmit` in the service folder: the real compiler, strict options of the service. */
export async function typeCheckService(dir: string, timeoutMs = 180_000): Promise<CommandResult & { errors: string[] }> {
  const result = await runNode(dir, [path.join(WORKSPACE_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit'], timeoutMs);
  return { ...result, errors: result.output.split('\n').filter((line) => /error TS\d+/.test(line)) };
}

export interface ServiceTestResult extends CommandResult {
  passed: number;
  failed: number;
  files: number;
}

/** The service's own vitest suite, run in its folder; counts come from vitest's JSON report. */
export async function runServiceTests(dir: string, timeoutMs = 300_000): Promise<ServiceTestResult> {
  const reportDir = mkdtempSync(path.join(tmpdir(), 'unified-ws-service-tests-'));
  const report = path.join(reportDir, 'report.json');
  try {
    const result = await runNode(
      dir,
      [path.join(WORKSPACE_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=json', `--outputFile=${report}`],
      timeoutMs,
    );
    let counts = { numPassedTests: 0, numFailedTests: 0, numTotalTestSuites: 0, testResults: [] as unknown[] };
    try {
      counts = JSON.parse(readFileSync(report, 'utf8')) as typeof counts;
    } catch {
      // No report: the run failed before any test; `failed` stays 0 and `code` says so.
    }
    return { ...result, passed: counts.numPassedTests, failed: counts.numFailedTests, files: counts.testResults.length };
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}
