import { afterEach, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/audit.js';
import type { AuditReport } from '../../src/audit/report.js';
import { ScratchRepo } from '../support/repo.js';
import { SAMPLE_SERVICE as SERVICE } from './sample-service.js';

let repo: ScratchRepo | undefined;
afterEach(() => {
  repo?.dispose();
  repo = undefined;
});

/** Two runs differ in their timing only. */
function withoutTiming(report: AuditReport): AuditReport {
  return { ...report, durationMs: 0 };
}

describe('unified-ws audit', () => {
  it('prints the summary; --fail-under exits 2 below the threshold and 0 at or above it', async () => {
    repo = new ScratchRepo(SERVICE);
    const plain = await repo.cli('audit');
    expect(plain.status).toBe(0);
    expect(plain.stdout).toMatch(/compliance {2}60% {2}█{12}░{8}/);
    expect(plain.stdout).toContain('canonical 3 · legacy 1 · duplicate emitters 1 (socket.io 1) · marked 1 (not counted)');
    expect(plain.stdout).toMatch(/websocket-manager-factory +2 +0 +1 +1 +in use/);
    expect(plain.stdout).toContain('markers left: 1');
    // The factory in use imports websocket-manager, which imports unified-manager: deleting either breaks the build.
    expect(plain.stdout).toContain(
      'imported only by legacy modules in use (delete them after those): websocket-manager (by websocket-manager-factory), unified-manager (by websocket-manager)',
    );
    expect(plain.stdout).toContain('unused, nothing imports them (delete them): manager, protocols,');
    expect(plain.stdout).toContain('src/services/raw.ts:4  sends the event name  socket.emit');
    expect(plain.stdout).toContain('src/services/renamed.ts:6  legacy call  manager.sendToUser');
    expect(plain.stdout).toMatch(/\ndone\n$/);

    const met = await repo.cli('audit', '--fail-under', '60');
    expect(met.status).toBe(0);
    expect(met.stdout).toContain('compliance 60% meets --fail-under 60');

    const below = await repo.cli('audit', '--fail-under', '60.5');
    expect(below.status).toBe(2);
    expect(below.stdout).toContain('compliance 60% is below --fail-under 60.5 (exit 2)');

    for (const wrong of ['101', '-1', 'most']) {
      const refused = await repo.cli('audit', '--fail-under', wrong);
      expect(refused.status, wrong).toBe(1);
      expect(refused.stderr).toContain('expected a percentage from 0 to 100');
    }
  });

  it('writes JSON, Markdown and HTML from one report, with file:line links relative to where each is written', async () => {
    repo = new ScratchRepo(SERVICE);
    const run = await repo.cli('audit', '--json', 'reports/audit.json', '--md', 'reports/audit.md', '--html', 'reports/html/audit.html');
    expect(run.status).toBe(0);
    const json = JSON.parse(repo.read('reports/audit.json')) as AuditReport;
    expect(withoutTiming(json)).toEqual(withoutTiming(await audit({ cwd: repo.root })));
    expect(json.compliance).toEqual({ percent: 60, canonical: 3, legacy: 1, duplicates: 1, counted: 5, marked: 1 });

    const markdown = repo.read('reports/audit.md');
    expect(markdown).toContain('**Compliance: 60%** (markers aside): 3 of 5 counted agent-event call sites are canonical.');
    expect(markdown).toContain('[src/services/raw.ts:4](../src/services/raw.ts#L4)');
    expect(markdown).toMatch(/^\| `websocket-manager` \| .* \| in use through websocket-manager-factory \|$/m);
    const html = repo.read('reports/html/audit.html');
    expect(html).toContain('<a href="../../src/services/raw.ts#L4">src/services/raw.ts:4</a>');
    expect(run.stdout).toMatch(/wrote .*reports\/audit\.json, .*reports\/audit\.md, .*reports\/html\/audit\.html/);
  });

  it('--json - prints the report on stdout and the summary on stderr', async () => {
    repo = new ScratchRepo(SERVICE);
    const run = await repo.cli('audit', '--json', '-');
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as AuditReport).compliance.percent).toBe(60);
    expect(run.stderr).toContain('unified-ws audit');
  });

  it('reports a file that does not parse and exits 1, the other files still audited', async () => {
    repo = new ScratchRepo({ ...SERVICE, 'src/services/broken.ts': 'export class Broken { emitAgentStarted( }\n' });
    const run = await repo.cli('audit', '--fail-under', '0');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/error {2}src\/services\/broken\.ts: does not parse: 1:\d+/);
    expect(run.stdout).toContain('canonical 3 · legacy 1 · duplicate emitters 1 (socket.io 1)');
    expect(run.stdout).toContain('errors: 1 file could not be audited (exit 1)');
  });

  it('the installed bin runs it too (exit 2 under the gate)', () => {
    repo = new ScratchRepo(SERVICE);
    const run = repo.bin('audit', '--fail-under', '90');
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('compliance 60% is below --fail-under 90 (exit 2)');
  });
});

describe('audit()', () => {
  it('leaves the emitter and the shim packages out, splits per Nx project, honours paths and unified-ws.config.json', async () => {
    repo = new ScratchRepo({
      ...SERVICE,
      'packages/emitter/package.json': '{ "name": "@unified-ws/emitter" }\n',
      'packages/emitter/src/server.ts': `export function send(socket: any) {\n  socket.emit('agent_started', {});\n}\n`,
      'packages/legacy-compat/package.json': '{ "name": "@unified-ws/legacy-compat" }\n',
      'packages/legacy-compat/src/emitter.ts': 'export class Emitter {\n  async notifyAgentStarted() {}\n}\n',
      'apps/worker/package.json': '{ "name": "worker" }\n',
      'apps/worker/src/job.ts': `import { WebSocketNotifier } from '@platform/ws/agent-websocket-bridge';\nexport const notifier: unknown = WebSocketNotifier;\nexport function done(ws: any) {\n  ws.send(JSON.stringify({ type: 'agent_completed' }));\n}\n`,
      'unified-ws.config.json': '{ "modules": ["@platform/ws/**"] }\n',
    });
    const report = await audit({ cwd: repo.root });
    expect(report.files.exempt).toBe(2);
    expect(report.projects.map(({ name, root, percent, counted }) => ({ name, root, percent, counted }))).toEqual([
      { name: 'scratch-service', root: '', percent: 60, counted: 5 },
      { name: 'worker', root: 'apps/worker', percent: 0, counted: 1 },
    ]);
    expect(report.imports.filter((reference) => reference.project === 'worker').map(({ module, via }) => ({ module, via }))).toEqual([
      { module: 'agent-websocket-bridge', via: 'legacy' },
    ]);

    const only = await audit({ cwd: repo.root, paths: ['apps/worker'] });
    expect(only.compliance).toMatchObject({ counted: 1, duplicates: 1 });
    expect(only.sites[0]).toMatchObject({ file: 'apps/worker/src/job.ts', line: 4, kind: 'hand-built-message', event: 'agent_completed' });
  });

  it('says which legacy modules are in use, and which are still in the tree with nothing importing them', async () => {
    repo = new ScratchRepo(SERVICE);
    const byId = new Map((await audit({ cwd: repo.root })).modules.map((module) => [module.id, module]));
    expect(byId.get('websocket-manager-factory')).toMatchObject({ status: 'in-use', imports: 2, importers: 2, sites: 1, markedSites: 1 });
    expect(byId.get('executor')).toMatchObject({ status: 'unused', importers: 0, files: ['src/agents/base/executor.ts'] });
  });
});
