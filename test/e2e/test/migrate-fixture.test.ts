import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MigrationReport } from '@unified-ws/codemods';
import { afterAll, describe, expect, it } from 'vitest';
import { runGoldenPath, type GoldenPathReport } from '../src/golden-path.js';
import { runServiceTests, typeCheckService } from '../src/service-checks.js';
import { copyService, type ServiceCopy } from '../src/service-copy.js';
import { startService } from '../src/start-service.js';
import { migrateWithCli, verifyWithCli } from '../src/unified-ws-cli.js';

/**
 * The codemods end to end on the bundled legacy service, each mode on its own fresh copy and
 * through the real `unified-ws` command: migrate, then the real compiler, the service's own
 * tests, the golden path over real sockets, an idempotent second run and the residue census.
 */
const copies: ServiceCopy[] = [];
afterAll(() => {
  for (const copy of copies) copy.remove();
});

const PROBLEMS = ['lost', 'duplicated', 'outOfOrder', 'wrongType', 'crossUser'] as const;

async function goldenPath(dir: string): Promise<GoldenPathReport> {
  const service = await startService(dir);
  try {
    return await runGoldenPath({ baseUrl: service.baseUrl, users: 3, runsPerUser: 2, seed: 7 });
  } finally {
    await service.stop();
  }
}

function problems(report: GoldenPathReport): Record<(typeof PROBLEMS)[number], number> {
  return Object.fromEntries(PROBLEMS.map((name) => [name, report.totals[name]])) as Record<(typeof PROBLEMS)[number], number>;
}

async function migrated(mode: 'compat' | 'canonical'): Promise<{ dir: string; report: MigrationReport; output: string }> {
  const copy = copyService(undefined, mode);
  copies.push(copy);
  const { code, report, stdout, stderr } = await migrateWithCli(copy.dir, ['--to', mode, '--kept-imports', 'compat']);
  expect(code).toBe(report.exitCode);
  return { dir: copy.dir, report, output: stdout + stderr };
}

describe('unified-ws migrate --to compat on the legacy chat service', { timeout: 240_000 }, () => {
  let dir: string;
  let report: MigrationReport;

  it('retargets every legacy import to the shim and inserts the start-up line', async () => {
    ({ dir, report } = await migrated('compat'));
    expect(report.totals).toMatchObject({ errors: 0, markers: 0 });
    expect(report.totals.changed).toBeGreaterThanOrEqual(48);
    expect(report.exitCode).toBe(0);
    const server = readFileSync(path.join(dir, 'src/server.ts'), 'utf8');
    expect(server).toContain('setDefaultEmitterServer(createEmitterServer({ io, authenticate: authenticateHandshake }));');
    const { code, census } = await verifyWithCli(dir, ['--allow-compat']);
    expect(census.totals).toMatchObject({ legacy: 0, markers: 0, errors: 0 });
    expect(code).toBe(0);
  });

  it('type-checks and passes the service own tests', async () => {
    expect((await typeCheckService(dir)).errors).toEqual([]);
    const tests = await runServiceTests(dir);
    expect(tests.failed).toBe(0);
    expect(tests.passed).toBeGreaterThan(90);
  });

  it('delivers the golden path with nothing lost, duplicated, reordered or leaked', async () => {
    const report = await goldenPath(dir);
    expect(problems(report)).toEqual({ lost: 0, duplicated: 0, outOfOrder: 0, wrongType: 0, crossUser: 0 });
    expect(report.totals.delivered).toBe(report.totals.expected);
  });
});

describe('unified-ws migrate --to canonical on the legacy chat service', { timeout: 240_000 }, () => {
  let dir: string;
  let report: MigrationReport;

  it('rewrites imports and call sites, and counts what it marked for a human', async () => {
    let output: string;
    ({ dir, report, output } = await migrated('canonical'));
    // The terminal summary lists the first markers and says where the rest are.
    expect(output).toContain(`… and ${report.totals.markers - 20} more`);
    expect(report.totals.errors).toBe(0);
    expect(report.totals.sites).toBeGreaterThan(0);
    expect(report.totals.markers).toBeGreaterThan(0);
    // exit 3: manual markers remain, and they are all counted in the report
    expect(report.exitCode).toBe(3);
    const bridgeAgent = readFileSync(path.join(dir, 'src/agents/golden-path-agent.ts'), 'utf8');
    expect(bridgeAgent).toContain('getDefaultEmitterServer()');
  });

  it('leaves no legacy import but those its markers explain, and verify lists exactly the markers', async () => {
    const { code, census } = await verifyWithCli(dir, ['--allow-compat']);
    expect(census.totals.legacy).toBe(0);
    expect(census.totals.errors).toBe(0);
    expect(census.totals.markers).toBe(report.totals.markers);
    expect(census.sites.filter((site) => site.via === 'marker')).toHaveLength(report.totals.markers);
    expect(code).toBe(3);
  });

  it('type-checks and passes the service own tests (their mocks rewritten)', async () => {
    expect((await typeCheckService(dir)).errors).toEqual([]);
    const tests = await runServiceTests(dir);
    expect(tests.failed).toBe(0);
    expect(tests.passed).toBeGreaterThan(90);
  });

  it('delivers the golden path with zero problems', async () => {
    const golden = await goldenPath(dir);
    expect(problems(golden)).toEqual({ lost: 0, duplicated: 0, outOfOrder: 0, wrongType: 0, crossUser: 0 });
    expect(golden.totals.delivered).toBe(golden.totals.expected);
  });

  it('changes nothing on a second run and adds no marker', async () => {
    const again = await migrateWithCli(dir, ['--to', 'canonical', '--kept-imports', 'compat', '--check', '--allow-dirty']);
    expect(again.report.totals.changed).toBe(0);
    expect(again.report.totals.markersAdded).toBe(0);
    expect(again.report.totals.markers).toBe(report.totals.markers);
  });
});
