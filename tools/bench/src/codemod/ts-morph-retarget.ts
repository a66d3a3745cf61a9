/**
 * The same import-only retarget with ts-morph's manipulation API, as a child process of the
 * benchmark: pre-filtered files are added to a Project, every legacy specifier is set with
 * `setModuleSpecifier` (or a literal replaced), then the Project is saved.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Node, Project, QuoteKind, SyntaxKind } from 'ts-morph';

const [root, mapFile, listFile] = process.argv.slice(2);
if (!root || !mapFile || !listFile) throw new Error('usage: ts-morph-retarget <root> <retargets.json> <file list>');
const map = JSON.parse(readFileSync(mapFile, 'utf8')) as Record<string, string>;
const files = readFileSync(listFile, 'utf8').split('\n').filter(Boolean);
const specifiers = Object.keys(map);
const project = new Project({ manipulationSettings: { quoteKind: QuoteKind.Single }, skipFileDependencyResolution: true });
for (const file of files) {
  const absolute = path.join(root, file);
  if (specifiers.some((specifier) => readFileSync(absolute, 'utf8').includes(specifier))) project.addSourceFileAtPath(absolute);
}
for (const sourceFile of project.getSourceFiles()) {
  for (const declaration of [...sourceFile.getImportDeclarations(), ...sourceFile.getExportDeclarations()]) {
    const target = map[declaration.getModuleSpecifierValue() ?? ''];
    if (target !== undefined) declaration.setModuleSpecifier(target);
  }
  for (const call of sourceFile.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    const [argument] = call.getArguments();
    const dynamic = callee.getKind() === SyntaxKind.ImportKeyword || (Node.isIdentifier(callee) && callee.getText() === 'require');
    if (!dynamic || !argument || !Node.isStringLiteral(argument)) continue;
    const target = map[argument.getLiteralValue()];
    if (target !== undefined) argument.setLiteralValue(target);
  }
}
project.saveSync();
