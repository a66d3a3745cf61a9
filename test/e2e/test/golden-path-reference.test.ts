import { afterEach, expect, it } from 'vitest';
import { runGoldenPath } from '../src/golden-path.js';
import { startReferenceService, type ReferenceService } from './reference-service.js';

// So that a zero means something: the same harness against a service that is correct, and
// against the same service with one classic mistake.
let service: ReferenceService | undefined;

afterEach(async () => {
  await service?.close();
  service = undefined;
});

it('reports nothing lost, duplicated, out of order, mistyped or leaked for a correct service', async () => {
  service = await startReferenceService();
  const report = await runGoldenPath({ baseUrl: service.baseUrl, users: 4, runsPerUser: 2, quietMs: 150 });
  expect(report.channels).toEqual({ legacy: false, v1: true });
  expect(report.runs).toHaveLength(8);
  expect(report.totals).toEqual({
    runs: 8,
    expected: 64,
    delivered: 64,
    lost: 0,
    duplicated: 0,
    outOfOrder: 0,
    wrongType: 0,
    crossUser: 0,
    unattributed: 0,
  });
});

it('sees the leak when the service broadcasts every event to everyone', async () => {
  service = await startReferenceService({ fault: 'broadcast' });
  const report = await runGoldenPath({ baseUrl: service.baseUrl, users: 3, quietMs: 150 });
  for (const run of report.runs) {
    // each of the 8 events reached the 2 other users, and came twice to its own user
    expect(run).toMatchObject({ delivered: 8, lost: 0, crossUser: 16, duplicated: 8 });
  }
});
