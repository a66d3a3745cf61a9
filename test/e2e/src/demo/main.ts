/**
 * `npm start`: the whole migration on a temporary copy of the bundled legacy chat service (or
 * of your own service with --path), with a before/after table and reports. Never writes to the
 * migrated source unless --in-place is given.
 *
 *   npm start -- [--path DIR] [--in-place] [--report-dir DIR] [--users N] [--verbose]
 */
import { parseArgs } from 'node:util';
import { migrationSucceeded } from './before-after-table.js';
import { runDemo } from './run-demo.js';

const { values } = parseArgs({
  options: {
    path: { type: 'string' },
    'in-place': { type: 'boolean', default: false },
    'report-dir': { type: 'string', default: 'unified-ws-report' },
    users: { type: 'string', default: '3' },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log('usage: npm start -- [--path DIR] [--in-place] [--report-dir DIR] [--users N] [--verbose]');
  process.exit(0);
}
const users = Number(values.users);
if (!Number.isInteger(users) || users < 1) {
  console.error(`--users must be a positive integer, got ${values.users}`);
  process.exit(2);
}
if (values['in-place'] && !values.path) {
  console.error('--in-place needs --path: the bundled service is never migrated in place');
  process.exit(2);
}

try {
  const summary = await runDemo({
    source: values.path,
    inPlace: values['in-place'],
    reportDir: values['report-dir'],
    users,
    verbose: values.verbose,
    log: (line) => console.log(line),
  });
  process.exitCode = migrationSucceeded(summary) ? 0 : 1;
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
}
