import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { takeCensus, type Census } from '../src/migration-forms/census.js';
import { parseFormsDocument, renderFormTables, type DocumentRow, type FormsDocument } from '../src/migration-forms/forms-document.js';

const service = path.resolve(import.meta.dirname, '../../fixtures/legacy-chat-service');
let census: Census;
let document: FormsDocument;

beforeAll(() => {
  census = takeCensus(service);
  document = parseFormsDocument(readFileSync(path.join(service, 'MIGRATION-FORMS.md'), 'utf8'));
});

function asRows(groups: ReadonlyMap<string, string[]>): Map<string, DocumentRow> {
  return new Map([...groups].map(([id, files]) => [id, { files: [...files].sort(), count: files.length }]));
}

/** On a mismatch, show the tables as they should read, ready to paste. */
function expectDocumented(actual: Map<string, DocumentRow>, documented: Map<string, DocumentRow>): void {
  const sorted = (rows: Map<string, DocumentRow>) => Object.fromEntries([...rows].sort(([a], [b]) => a.localeCompare(b)));
  expect(sorted(documented), `MIGRATION-FORMS.md is stale; the code says:\n\n${renderFormTables(census)}\n`).toEqual(sorted(actual));
}

describe('MIGRATION-FORMS.md matches the code of the legacy chat service', () => {
  it('has at least the legacy count of importers: 21 production modules and 27 tests', () => {
    expect(census.importers.src.length).toBeGreaterThanOrEqual(21);
    expect(census.importers.test.length).toBeGreaterThanOrEqual(27);
    expect(census.importers.scripts.length).toBeGreaterThan(0);
  });

  it('counts the same importers', () => {
    const { src, test, scripts } = census.importers;
    expect(document.importers).toEqual({
      src: src.length,
      test: test.length,
      scripts: scripts.length,
      total: src.length + test.length + scripts.length,
    });
  });

  it('lists every import form with its files', () => expectDocumented(asRows(census.forms), document.forms));

  it('lists every call-site pattern with its files', () => expectDocumented(asRows(census.patterns), document.patterns));

  it('lists what a codemod must not touch', () => expectDocumented(asRows(census.doNotTouch), document.doNotTouch));

  it('says which bugs every production importer reproduces, and names only real files', () => {
    expect(document.bugPaths).toEqual(expect.arrayContaining(census.importers.src));
    for (const file of document.bugPaths) expect(existsSync(path.join(service, file)), file).toBe(true);
    expect(new Set(document.bugPaths).size).toBe(document.bugPaths.length);
  });
});

describe('the census itself', () => {
  it('tells the catalogued forms apart in the fixture', () => {
    const formsOf = (file: string) => [...(census.files.find((entry) => entry.file === file)?.forms ?? [])].sort();
    expect(formsOf('src/websocket-core/utils.ts')).toEqual(['aliased', 'named-single-line', 'top-level']);
    expect(formsOf('src/services/unified-authentication-service.ts')).toEqual(['dynamic-import', 'function-scoped', 'in-catch', 'in-try']);
    expect(formsOf('src/websocket-core/index.ts')).toEqual(['module-object-re-export', 'namespace', 'top-level']);
    expect(formsOf('test/services/thread-title-generator.test.ts')).toEqual(['vi-mock', 'vi-mock-only']);
  });

  it('does not count look-alikes and string mentions as importers', () => {
    const importer = (file: string) => census.files.find((entry) => entry.file === file)?.importsFactory;
    expect(importer('src/services/corpus/corpus-service.ts')).toBe(false);
    expect(importer('src/services/thread-service.ts')).toBe(false);
    expect(importer('test/websocket-core/dynamic-factory-lookup.test.ts')).toBe(false);
    expect(census.doNotTouch.get('same-file-name')).toEqual(['src/services/corpus/websocket-manager-factory.ts']);
  });
});
