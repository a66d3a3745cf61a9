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

/**
 * A JavaScript file that binds modules with `require()`, not `import`: `.cjs`, or a `.js`/`.jsx`
 * file without module syntax (`isExternalModule`, which `export function` and `import.meta`
 * count for, not only import and export declarations). Code this migration adds must use the
 * file's own form: a `require()` in an ES module throws as soon as it loads.
 */
export function isCommonJs(file: string, isExternalModule: boolean): boolean {
  if (file.endsWith('.cjs')) return true;
  return /\.jsx?$/.test(file) && !isExternalModule;
}
