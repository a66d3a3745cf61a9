import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_DATA_ID } from '../../src/audit/render-html.js';
import type { AuditReport } from '../../src/audit/report.js';
import { WORKSPACE_ROOT } from '../support/fixtures.js';
import { ScratchRepo } from '../support/repo.js';
import { SAMPLE_SERVICE } from './sample-service.js';

/**
 * The HTML report in a real headless Chromium (Debian's package, driven by playwright-core,
 * which downloads no browser): it renders, fetches nothing, and shows the numbers of the JSON
 * report written by the same run. A screenshot and a PDF print are kept under
 * `<workspace>/test-artifacts/`.
 */

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(WORKSPACE_ROOT, 'test-artifacts');
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-quic',
  '--disable-component-update',
  '--disable-sync',
];

let repo: ScratchRepo;
let userDataDir: string;
let context: BrowserContext;
let page: Page;
let report: AuditReport;
let htmlFile: string;
const requests: string[] = [];

/** Without the browser every test fails with this (a failed hook would only mark them skipped). */
const MISSING = existsSync(CHROMIUM)
  ? undefined
  : `the HTML report test needs Debian's Chromium at ${CHROMIUM}: run \`apt-get install -y chromium\` (.ci/run installs it)`;

function inChromium(name: string, body: () => Promise<void> | void): void {
  it(name, async () => {
    if (MISSING) throw new Error(MISSING);
    await body();
  });
}

beforeAll(async () => {
  if (MISSING) return;
  repo = new ScratchRepo(SAMPLE_SERVICE);
  const run = await repo.cli('audit', '--json', 'out/audit.json', '--html', 'out/report/audit.html');
  expect(run.status).toBe(0);
  report = JSON.parse(repo.read('out/audit.json')) as AuditReport;
  htmlFile = path.join(repo.root, 'out/report/audit.html');

  // A fresh profile per run: nothing cached, nothing synced, nothing from an earlier run.
  userDataDir = mkdtempSync(path.join(os.tmpdir(), 'uws-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1200, height: 900 } });
  context.on('request', (request) => requests.push(request.url()));
  page = await context.newPage();
  await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
});

afterAll(async () => {
  await context?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  repo?.dispose();
});

async function text(selector: string): Promise<string> {
  return (await page.locator(selector).textContent())?.trim() ?? '';
}

describe('the HTML audit report in headless Chromium', () => {
  inChromium('loads with no request but the page itself: no script, font, style or image fetched', () => {
    expect(requests).toEqual([pathToFileURL(htmlFile).href]);
  });

  inChromium('embeds the very report the JSON file holds', async () => {
    const embedded = JSON.parse(await text(`#${AUDIT_DATA_ID}`)) as AuditReport;
    expect(embedded).toEqual(report);
  });

  inChromium('shows the known numbers of the sample service, the same as the JSON report', async () => {
    expect(await page.title()).toBe('unified-ws audit: 60% compliance');
    expect(await text('[data-metric="compliance-percent"]')).toBe('60%');
    expect(report.compliance).toEqual({ percent: 60, canonical: 3, legacy: 1, duplicates: 1, counted: 5, marked: 1 });
    const shown: Record<string, number> = {};
    for (const element of await page.locator('dd[data-metric]').all()) {
      shown[(await element.getAttribute('data-metric')) ?? ''] = Number(await element.textContent());
    }
    expect(shown).toEqual({
      canonical: report.compliance.canonical,
      legacy: report.compliance.legacy,
      duplicates: report.compliance.duplicates,
      counted: report.compliance.counted,
      marked: report.compliance.marked,
      'socket-io': report.totals.socketIoSends,
      'legacy-imports': report.totals.legacyImports,
      'shim-imports': report.totals.shimImports,
      'kept-for-markers': report.totals.importsKeptForMarkers,
      markers: report.totals.markers,
      'modules-in-use': report.totals.legacyModulesInUse,
    });
  });

  inChromium('shows each Nx project and legacy module row with the numbers of the JSON report', async () => {
    for (const project of report.projects) {
      const row = page.locator(`tr[data-project="${project.name}"]`);
      expect(await row.locator('[data-field="percent"]').textContent()).toBe(`${project.percent}%`);
      for (const field of ['canonical', 'legacy', 'duplicates', 'marked', 'legacyImports'] as const) {
        expect(Number(await row.locator(`[data-field="${field}"]`).textContent()), `${project.name} ${field}`).toBe(project[field]);
      }
    }
    const factory = report.modules.find((module) => module.id === 'websocket-manager-factory')!;
    expect(factory).toMatchObject({ imports: 2, importers: 2, sites: 1, markedSites: 1, status: 'in-use' });
    const row = page.locator('tr[data-module="websocket-manager-factory"]');
    for (const field of ['imports', 'importers', 'shimImports', 'sites', 'markedSites'] as const) {
      expect(Number(await row.locator(`[data-field="${field}"]`).textContent()), field).toBe(factory[field]);
    }
    expect(await row.locator('[data-field="status"]').textContent()).toBe('in use');
  });

  inChromium('draws the compliance bar to scale', async () => {
    const whole = await page.locator('.summary > .stack').boundingBox();
    const canonical = await page.locator('.summary > .stack > .canonical').boundingBox();
    expect(whole && canonical).toBeTruthy();
    expect(canonical!.width / whole!.width).toBeCloseTo(0.6, 2);
  });

  inChromium('lists the duplicate emitter and the markers with file:line links that open the files', async () => {
    const duplicates = page.locator('#duplicates tr[data-site]');
    expect(await duplicates.count()).toBe(report.sites.filter((site) => site.category === 'duplicate').length);
    const link = duplicates.first().locator('a');
    expect(await link.textContent()).toBe('src/services/raw.ts:4');
    const href = await link.evaluate((anchor) => (anchor as unknown as { href: string }).href);
    expect(href).toBe(`${pathToFileURL(path.join(repo.root, 'src/services/raw.ts')).href}#L4`);
    expect(existsSync(new URL(href))).toBe(true);
    expect(await page.locator('#markers tr[data-marker]').count()).toBe(1);
    expect(await text('#markers tr[data-marker] a')).toBe('src/services/thread.ts:6');
  });

  inChromium('renders to a screenshot and prints to PDF (kept under test-artifacts/)', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const screenshot = path.join(ARTIFACTS, 'audit-report.png');
    const pdf = path.join(ARTIFACTS, 'audit-report.pdf');
    await page.screenshot({ path: screenshot, fullPage: true });
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    expect(readFileSync(screenshot).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
