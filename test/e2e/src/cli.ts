import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatReport } from './format-report.js';
import { runGoldenPath } from './golden-path.js';
import { startService } from './start-service.js';

const USAGE = `usage: cli.ts --service <dir> [--users N] [--runs N] [--seed N] [--json] [--fail-on-problems]

Starts the chat service in <dir>, drives the golden path with N users at once and prints
what each client received per run. Exit 0 when the golden path ran (problems are findings,
not failures) unless --fail-on-problems is given; 1 on problems with it; 2 on usage or
start-up errors.`;

function count(value: string | undefined, fallback: number, name: string): number {
  const parsed = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${name} must be a positive integer`);
  return parsed;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      service: { type: 'string' },
      users: { type: 'string' },
      runs: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean', default: false },
      'fail-on-problems': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.service) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const users = count(values.users, 3, 'users');
  const runsPerUser = count(values.runs, 1, 'runs');
  const seed = count(values.seed, 1, 'seed');

  const service = await startService(path.resolve(values.service));
  try {
    const report = await runGoldenPath({ baseUrl: service.baseUrl, users, runsPerUser, seed });
    process.stdout.write(`${values.json ? JSON.stringify(report, null, 2) : formatReport(report)}\n`);
    const { lost, duplicated, outOfOrder, wrongType, crossUser, unattributed } = report.totals;
    const problems = lost + duplicated + outOfOrder + wrongType + crossUser + unattributed;
    return values['fail-on-problems'] && problems > 0 ? 1 : 0;
  } finally {
    await service.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
