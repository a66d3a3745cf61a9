// Reads every project's vitest JSON report (.test-results/<project>.json) and prints one
// line per project, the tests that had to run but were skipped, and last the plain
// "N passed, N failed" line. Exit code: non-zero when anything failed, was missing or
// was skipped though required, or when `npm test` itself failed (lint, typecheck, sync).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const resultsDir = path.join(root, '.test-results');
const npmTestStatus = Number(process.argv[2] ?? 0);

/**
 * Every project names its report in vitest.config.ts: `defineProjectConfig(…, '<name>')`, or a
 * literal `name: '<name>'` in a self-contained config (the legacy fixture).
 */
function expectedProjects() {
  const names = [];
  const walk = (dir, depth) => {
    if (depth > 4) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (['node_modules', 'dist', 'out-tsc', '__testfixtures__'].includes(entry.name) || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, depth + 1);
      else if (entry.name === 'vitest.config.ts') {
        const text = readFileSync(full, 'utf8');
        const match = /defineProjectConfig\([^,]+,\s*'([^']+)'/.exec(text) ?? /\bname:\s*'([^']+)'/.exec(text);
        if (match) names.push(match[1]);
      }
    }
  };
  walk(root, 0);
  return names.sort();
}

/** Tests that must have run and passed (e.g. the Redis suites): `.ci/required-tests.json`. */
function requiredPatterns() {
  const file = path.join(root, '.ci/required-tests.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
}

let passed = 0;
let failed = 0;
const problems = [];
const seen = new Map();
for (const project of expectedProjects()) {
  const file = path.join(resultsDir, `${project}.json`);
  if (!existsSync(file)) {
    problems.push(`${project}: no test report (its tests did not run)`);
    failed++;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  if (report.numFailedTests === 0 && report.numTotalTests === 0 && report.testResults?.some((r) => r.status === 'failed')) {
    // A test file that failed to load reports no tests at all.
    failed++;
    problems.push(`${project}: a test file failed to load`);
  }
  console.log(
    `${project.padEnd(28)} ${String(report.numPassedTests).padStart(4)} passed ${String(report.numFailedTests).padStart(3)} failed ${String(skipped).padStart(3)} skipped`,
  );
  for (const file of report.testResults ?? []) {
    for (const test of file.assertionResults ?? []) seen.set(`${project} > ${test.fullName}`, test.status);
  }
}

for (const { project, pattern, why } of requiredPatterns()) {
  const matcher = new RegExp(pattern);
  const matches = [...seen].filter(([name]) => name.startsWith(`${project} > `) && matcher.test(name));
  const notPassed = matches.filter(([, status]) => status !== 'passed');
  if (matches.length === 0) problems.push(`${project}: required tests /${pattern}/ (${why}) did not run`);
  for (const [name, status] of notPassed) problems.push(`required test ${status}: ${name} (${why})`);
  failed += matches.length === 0 ? 1 : notPassed.filter(([, status]) => status !== 'failed').length;
}

if (npmTestStatus !== 0 && failed === 0) {
  problems.push(`npm test exited with ${npmTestStatus}: a lint, typecheck or sync check failed (see above)`);
  failed++;
}
for (const problem of problems) console.log(`! ${problem}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
