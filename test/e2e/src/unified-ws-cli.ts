import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Census, MigrationReport } from '@unified-ws/codemods';
import { WORKSPACE_ROOT } from './service-copy.js';

const BIN = path.join(WORKSPACE_ROOT, 'codemods/bin/unified-ws.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The `unified-ws` command exactly as a user runs it (the workspace's bin), bounded in time. */
export function unifiedWs(args: readonly string[], options: { cwd: string; timeoutMs?: number; inheritOutput?: boolean }): Promise<CliRun> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env,
      stdio: ['ignore', options.inheritOutput ? 'inherit' : 'pipe', options.inheritOutput ? 'inherit' : 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `unified-ws migrate … --report-json`, returning the exit code and the parsed report. */
export async function migrateWithCli(
  dir: string,
  args: readonly string[],
  options: { inheritOutput?: boolean } = {},
): Promise<CliRun & { report: MigrationReport }> {
  const reportDir = mkdtempSync(path.join(tmpdir(), 'unified-ws-report-'));
  const reportFile = path.join(reportDir, 'migrate.json');
  try {
    const run = await unifiedWs(['migrate', ...args, '--report-json', reportFile], { cwd: dir, ...options });
    let report: MigrationReport;
    try {
      report = JSON.parse(readFileSync(reportFile, 'utf8')) as MigrationReport;
    } catch {
      throw new Error(`unified-ws migrate wrote no report (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
    }
    return { ...run, report };
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}

/** `unified-ws verify --json`: the residue census. */
export async function verifyWithCli(dir: string, args: readonly string[] = []): Promise<CliRun & { census: Census }> {
  const run = await unifiedWs(['verify', '--json', ...args], { cwd: dir });
  return { ...run, census: JSON.parse(run.stdout) as Census };
}
