import path from 'node:path';
import picomatch from 'picomatch';
import type { RecipeModule } from './recipe-schema.js';

/** What a module specifier points at, as far as the recipe knows. */
export type ModuleMatch =
  | { via: 'legacy'; module: RecipeModule }
  /** `<compat>/<entry>`: already retargeted by a compat run. */
  | { via: 'compat'; module: RecipeModule }
  /** `<compat>` itself, which re-exports every entry: the module follows from the imported name. */
  | { via: 'compat-root'; module: undefined };

const SOURCE_EXTENSION = /(?:\.d)?\.[cm]?[jt]sx?$/;
const GLOB_CHARS = /[*?[\]{}()!]+/;

/** `../a/b.js` -> `../a/b`, `x/index.ts` -> `x`: the forms a user may write for one module. */
export function stripSpecifier(specifier: string): string {
  return specifier.replace(SOURCE_EXTENSION, '').replace(/\/index$/, '');
}

/**
 * Decides whether a specifier names a legacy module. Patterns are tested against the specifier
 * itself (path aliases, package subpaths) and, for a relative specifier, against the path it
 * resolves to from the importing file, relative to the migration root.
 */
export class SpecifierMatcher {
  readonly #entries: Array<{ module: RecipeModule | undefined; test: (value: string) => boolean }>;
  readonly #byId: Map<string, RecipeModule>;
  readonly #byCompatEntry: Map<string, RecipeModule>;
  readonly #compatPackage: string;
  /** Plain substrings a file must contain to be worth parsing. */
  readonly needles: readonly string[];
  readonly #literal: RegExp;
  readonly #compatLiteral: RegExp;

  /**
   * `extraPatterns` come from the user's config: patterns whose module is the recipe module
   * named by the matched specifier's last path segment (`@acme/ws/**` + `.../unified-emitter`).
   */
  constructor(modules: readonly RecipeModule[], compatPackage: string, extraPatterns: readonly string[] = []) {
    this.#compatPackage = compatPackage;
    this.#entries = modules.map((module) => ({ module, test: picomatch(module.match, { dot: true }) }));
    if (extraPatterns.length > 0) this.#entries.push({ module: undefined, test: picomatch([...extraPatterns], { dot: true }) });
    this.#byCompatEntry = new Map(modules.map((module) => [module.compatEntry, module]));
    this.#byId = new Map(modules.map((module) => [module.id, module]));
    const needles = new Set<string>();
    for (const pattern of [...modules.flatMap((module) => module.match), ...extraPatterns]) needles.add(needleOf(pattern));
    this.needles = [...needles].filter((needle) => needle.length > 0);
    // A one-line string literal, matched by its opening quote alone: the rest is a lookahead. A
    // match that went on to the closing quote could start at the closing quote of an earlier
    // string and swallow the opening quote of the specifier after it, so it would never be
    // seen. Text between two strings is tried too; the matcher or the syntax tree turns it down.
    // The body is taken whole (a lookahead's capture, matched back: the atomic-group idiom), so
    // a line without its closing quote costs one scan, not a retry at every needle in it
    // (quadratic: 17 s for one 200 KB line); only a closed body is then searched for a needle.
    const alternatives = this.needles.map(escapeRegExp).join('|') || '(?!)';
    this.#literal = new RegExp(`(['"\`])(?=(?=([^'"\`\\r\\n]*))\\2\\1)(?=[^'"\`\\r\\n]*?(?:${alternatives}))`, 'g');
    this.#compatLiteral = new RegExp(`(['"\`])(?=(${escapeRegExp(compatPackage)}(?:/[^'"\`\\r\\n]*)?)\\1)`, 'g');
  }

  get compatPackage(): string {
    return this.#compatPackage;
  }

  /**
   * `importer` is the importing file relative to the migration root (posix separators).
   * `includeCompat` also recognises the compat package (canonical mode, verify).
   */
  match(specifier: string, importer: string, includeCompat: boolean): ModuleMatch | undefined {
    if (includeCompat) {
      if (specifier === this.#compatPackage) return { via: 'compat-root', module: undefined };
      if (specifier.startsWith(`${this.#compatPackage}/`)) {
        const module = this.#byCompatEntry.get(specifier.slice(this.#compatPackage.length + 1));
        return module ? { via: 'compat', module } : undefined;
      }
    }
    const bare = stripSpecifier(specifier);
    const candidates = [bare];
    if (bare.startsWith('./') || bare.startsWith('../')) {
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(importer), bare));
      candidates.push(resolved.replace(/^(\.\.\/)+/, ''));
    }
    const module = this.#find(candidates);
    return module ? { via: 'legacy', module } : undefined;
  }

  /** Whether `file` (relative to the root) is itself one of the legacy modules. */
  isLegacyModuleFile(file: string): boolean {
    return this.moduleOfFile(file) !== undefined;
  }

  /** The legacy module `file` (relative to the root) implements, if it is one. */
  moduleOfFile(file: string): RecipeModule | undefined {
    return this.#find([stripSpecifier(file)]);
  }

  #find(candidates: readonly string[]): RecipeModule | undefined {
    for (const entry of this.#entries) {
      for (const candidate of candidates) {
        if (!entry.test(candidate)) continue;
        const module = entry.module ?? this.#byId.get(candidate.slice(candidate.lastIndexOf('/') + 1));
        if (module) return module;
      }
    }
    return undefined;
  }

  /** Where the string literals that may name a module (or, with `includeCompat`, the compat package) start. */
  literalPositions(text: string, includeCompat: boolean): number[] {
    // A compat specifier (`…/legacy-compat/unified-emitter`) matches both patterns: once is enough.
    const positions = new Set<number>();
    for (const [index] of this.#needleLiterals(text)) positions.add(index);
    if (includeCompat) {
      this.#compatLiteral.lastIndex = 0;
      for (let found = this.#compatLiteral.exec(text); found; found = this.#compatLiteral.exec(text)) positions.add(found.index);
    }
    return [...positions].sort((a, b) => a - b);
  }

  /**
   * The text pre-filter: true when the file holds a string literal that names a legacy module
   * (or, with `includeCompat`, the compat package). Cheap substring checks run first, so most
   * files are decided without a regular expression and none is parsed.
   */
  mayReference(text: string, importer: string, includeCompat: boolean): boolean {
    if (includeCompat && text.includes(this.#compatPackage)) return true;
    if (!this.needles.some((needle) => text.includes(needle))) return false;
    for (const [, body] of this.#needleLiterals(text)) if (this.match(body, importer, false)) return true;
    return false;
  }

  /** Each one-line string literal whose body holds a needle: where it starts, and its body. */
  *#needleLiterals(text: string): Generator<[index: number, body: string]> {
    this.#literal.lastIndex = 0;
    for (let found = this.#literal.exec(text); found; found = this.#literal.exec(text)) yield [found.index, found[2] ?? ''];
  }
}

/** The longest literal run of a pattern, reduced to its last non-empty path segment. */
function needleOf(pattern: string): string {
  const literal = pattern.split(GLOB_CHARS).reduce((longest, piece) => (piece.length > longest.length ? piece : longest), '');
  const segments = stripSpecifier(literal).split('/').filter(Boolean);
  return segments.at(-1) ?? '';
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
