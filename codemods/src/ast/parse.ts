import { ts } from 'ts-morph';

/**
 * One TypeScript for parsing and for type analysis: ts-morph's bundled compiler. Syntax trees
 * from here and from a ts-morph Project are interchangeable (same version, same positions).
 */
export { ts };

export function scriptKindOf(file: string): ts.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/**
 * Parses without a Program (no type information), with parent pointers unless told otherwise.
 * JSDoc is not parsed: nothing here reads it, and skipping it makes parsing markedly cheaper.
 */
export function parseSource(file: string, text: string, parents = true): ts.SourceFile {
  const options = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
  return ts.createSourceFile(file, text, options, parents, scriptKindOf(file));
}

/** The first syntax error of a parsed file, as `line:column message`, or undefined. */
export function firstSyntaxError(sourceFile: ts.SourceFile): string | undefined {
  // parseDiagnostics is not part of the public typings, but it is where the parser keeps them.
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics;
  const first = diagnostics?.[0];
  if (!first) return undefined;
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(first.start);
  return `${line + 1}:${character + 1} ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}`;
}
