/*
 * What kind of source a file is, by its name alone: kept apart from the parser so code that
 * only lists or screens files never loads the TypeScript compiler.
 */

export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

export function isSourceFile(file: string): boolean {
  return SOURCE_EXTENSIONS.some((extension) => file.endsWith(extension));
}

/** JavaScript files, where type annotations do not exist and `require()` may. */
export function isJavaScript(file: string): boolean {
  return /\.[cm]?jsx?$/.test(file);
}
