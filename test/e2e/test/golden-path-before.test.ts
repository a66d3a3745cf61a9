import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport } from '../src/format-report.js';
import { runGoldenPath, type GoldenPathReport } from '../src/golden-path.js';
import { startService, type StartedService } from '../src/start-service.js';

const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/legacy-chat-service');
const CLI = path.resolve(import.meta.dirname, '../src/cli.ts');

// The legacy service as it is. Every count below is a real defect of the legacy code, each
// reproduced on purpose and explained in the fixture's README and MIGRATION-FORMS.md.
describe('the golden path on the legacy chat service ("before")', () => {
  let service: StartedService;
  let report: GoldenPathReport;

  beforeAll(async () => {
    service = await startService(FIXTURE);
    report = await runGoldenPath({ baseUrl: service.baseUrl, users: 3, runsPerUser: 2, seed: 7 });
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('gets the run events on the legacy wire only: /agent-events does not exist yet', () => {
    expect(report.channels).toEqual({ legacy: true, v1: false });
    expect(report.runs).toHaveLength(6);
    expect(new Set(report.runs.map((run) => run.userId)).size).toBe(3);
  });

  it('finds the same defects in every run, for the reasons the legacy code has them', () => {
    for (const run of report.runs) {
      expect(run).toMatchObject({ expected: 8, delivered: 6, lost: 2, duplicated: 2, outOfOrder: 1, wrongType: 1, crossUser: 0 });
      expect(run.problems).toEqual({
        // The first thought goes out with `type: "reasoning"`: the caller's data overwrite the
        // envelope's type. The second goes through the bridge, which routes by thread id as if it
        // were a user id, and the emitter drops it for lack of a connection.
        lost: ['agent_thinking#1', 'agent_thinking#2'],
        // The supervisor and the agent each announce the start and the end, on working paths.
        duplicated: ['agent_started', 'agent_completed'],
        // The search result is larger than a frame may be: the manager refuses it, the emitter
        // retries 20 ms later with the result trimmed, and the agent did not wait.
        outOfOrder: ['tool_completed:search_knowledge_base'],
        wrongType: ['reasoning:#1'],
        // Per-connection managers lose events; they never misroute them to another user.
        crossUser: [],
      });
    }
    expect(report.totals).toMatchObject({ runs: 6, expected: 48, delivered: 36, lost: 12, duplicated: 12, outOfOrder: 6, wrongType: 6, crossUser: 0, unattributed: 0 });
  });

  it('prints a table with a row per run, the total and the reasons', () => {
    const table = formatReport(report);
    expect(table).toMatch(/user\s+run\s+exp\s+deliv\s+lost\s+dup\s+order\s+type\s+xuser/);
    expect(table).toMatch(/total\s+6 runs\s+48\s+36\s+12\s+12\s+6\s+6\s+0/);
    expect(table).toContain('outOfOrder: tool_completed:search_knowledge_base (6)');
    expect(table.split('\n').filter((line) => line.startsWith('usr_'))).toHaveLength(6);
  });
});

it('the CLI prints the JSON summary and exits 0: problems in the "before" state are findings, not failures', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--conditions=@unified-ws/source', '--import', 'tsx', CLI, '--service', FIXTURE, '--users', '2', '--json'],
    { timeout: 60_000 },
  );
  const summary = JSON.parse(stdout) as GoldenPathReport;
  expect(summary.totals).toMatchObject({ runs: 2, lost: 4, duplicated: 4, outOfOrder: 2, wrongType: 2, crossUser: 0 });
});
