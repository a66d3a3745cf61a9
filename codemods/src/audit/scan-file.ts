import { findMarkerComments, MARKER_TAG, markersAbove, type MarkerComment } from '../ast/markers.js';
import { findModuleReferences } from '../ast/module-references.js';
import { firstSyntaxError, parseSource, ts } from '../ast/parse.js';
import { Scopes } from '../ast/scopes.js';
import { unwrapExpression } from '../ast/text.js';
import type { CompiledRecipe } from '../recipe/compiled-recipe.js';
import type { RecipeModule } from '../recipe/recipe-schema.js';
import { collectLegacyBindings } from '../transforms/canonical/legacy-bindings.js';
import { ReceiverResolver } from '../transforms/canonical/receivers.js';
import { CanonicalApi } from './canonical-api.js';
import type { DetectionRules } from './detection.js';
import { DuplicateEmitters } from './duplicate-emitters.js';
import { LegacyCalls } from './legacy-calls.js';
import type { AuditImport, AuditSite } from './report.js';

export interface ScanContext {
  recipe: CompiledRecipe;
  rules: DetectionRules;
}

/** What one file holds, project aside (the audit adds it). */
export interface FileScan {
  /** the file passed the text pre-filter and was parsed */
  parsed: boolean;
  sites: AuditSite[];
  imports: AuditImport[];
  markers: MarkerComment[];
  /**
   * In a legacy module's own file: the legacy modules it imports through their legacy paths.
   * They stay in use while it does, so they are not dead code when nothing else imports them.
   */
  moduleImports: string[];
  error?: string;
}

/** The nodes the scan looks at, collected by the scope walk (no second walk). */
const COLLECTED: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.CallExpression,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.PropertyDeclaration,
  ts.SyntaxKind.PropertyAssignment,
]);

const NOTHING: FileScan = { parsed: false, sites: [], imports: [], markers: [], moduleImports: [] };

/**
 * One file of the audit: a text pre-filter, then one parse and one scope walk. Every call is
 * classified once, first match wins: canonical, then legacy, then a duplicate send; emitter
 * methods of its own are found on the same walk. A legacy module's own file is the legacy layer
 * itself: only its duplicate-emitter code is listed (not counted), and its imports are not
 * references from outside; the legacy modules it imports are recorded apart.
 */
export function scanFile(file: string, text: string, ctx: ScanContext): FileScan {
  const implemented = ctx.recipe.matcher.moduleOfFile(file);
  const hasMarkers = text.includes(MARKER_TAG);
  const mayReference = ctx.recipe.matcher.mayReference(text, file, true);
  if (!hasMarkers && !mayReference && !ctx.rules.mayHaveSites(text)) return NOTHING;
  const sourceFile = parseSource(file, text);
  const syntaxError = firstSyntaxError(sourceFile);
  if (syntaxError) return { ...NOTHING, parsed: true, error: `does not parse: ${syntaxError}` };
  return new FileScanner(file, sourceFile, ctx, implemented, mayReference).scan(hasMarkers);
}

class FileScanner {
  readonly #scopes: Scopes;
  readonly #references: ReturnType<typeof findModuleReferences>['references'];
  readonly #canonical: CanonicalApi;
  readonly #legacy: LegacyCalls;
  readonly #duplicates: DuplicateEmitters;

  constructor(
    private readonly file: string,
    private readonly sourceFile: ts.SourceFile,
    private readonly ctx: ScanContext,
    private readonly implemented: RecipeModule | undefined,
    mayReference: boolean,
  ) {
    const { recipe, rules } = ctx;
    this.#scopes = new Scopes(sourceFile, COLLECTED);
    this.#references = mayReference ? findModuleReferences(sourceFile, recipe.matcher, file, true).references : [];
    const legacy = collectLegacyBindings(this.#references, this.#scopes, recipe);
    const resolver = new ReceiverResolver(sourceFile, this.#scopes, recipe, legacy, undefined);
    this.#canonical = new CanonicalApi(this.#scopes, rules);
    this.#legacy = new LegacyCalls(recipe, rules, resolver, legacy);
    this.#duplicates = new DuplicateEmitters(this.#scopes, rules, this.#importsSocketIo());
  }

  scan(hasMarkers: boolean): FileScan {
    const sites: AuditSite[] = [];
    const markedRanges: Array<[number, number]> = [];
    const ownMethods: ts.Node[] = [];
    for (const node of this.#scopes.collected) {
      if (!ts.isCallExpression(node)) {
        ownMethods.push(node);
        continue;
      }
      const site = this.#callSite(node);
      if (!site) continue;
      if (site.category !== 'canonical' && !this.implemented && this.#marked(node)) {
        site.excluded = 'marker';
        markedRanges.push([node.getStart(this.sourceFile), node.getEnd()]);
      }
      sites.push(site);
    }
    for (const node of ownMethods) {
      const own = this.#duplicates.ownMethodOf(node);
      if (!own) continue;
      const start = node.getStart(this.sourceFile);
      // A method that wraps a site left for a human is reworked with it: the marker speaks for both.
      const marked = markersAbove(this.sourceFile, node).length > 0 || markedRanges.some(([from, to]) => start <= from && to <= node.getEnd());
      sites.push({
        ...this.#site(own.nameNode, 'duplicate', 'own-emitter-method', own.owner ? `${own.owner}.${own.name}` : own.name),
        ...this.#exclusion(marked),
      });
    }
    return {
      parsed: true,
      sites,
      imports: this.implemented ? [] : this.#imports(hasMarkers),
      markers: hasMarkers ? findMarkerComments(this.sourceFile) : [],
      moduleImports: this.implemented ? this.#moduleImports() : [],
    };
  }

  /**
   * A marker speaks for the statement below it and for the names that statement declares: a
   * call on a legacy object the marker says escapes (`receiver-escapes` above
   * `const manager = …`) waits for the same human.
   */
  #marked(call: ts.CallExpression): boolean {
    if (markersAbove(this.sourceFile, call).length > 0) return true;
    let marked = false;
    const visit = (node: ts.Node): void => {
      if (marked) return;
      if (ts.isIdentifier(node)) {
        const declaration = this.#scopes.resolve(node)?.declaration;
        marked = declaration !== undefined && markersAbove(this.sourceFile, declaration).length > 0;
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(call.expression);
    return marked;
  }

  #callSite(call: ts.CallExpression): AuditSite | undefined {
    const name = label(call.expression);
    const send = this.#duplicates.sendOf(call);
    if (!this.implemented) {
      const canonical = this.#canonical.callOf(call);
      // notifyUser refuses the five run events (it throws): naming one there is a critical
      // event sent outside forRun, a duplicate, as the ESLint rule reports it.
      if (canonical && !(canonical.kind === 'user-notice' && send)) {
        return { ...this.#site(call, 'canonical', canonical.kind, name), ...(canonical.event ? { event: canonical.event } : {}) };
      }
      const legacy = this.#legacy.callOf(call);
      if (legacy) {
        return {
          ...this.#site(call, 'legacy', 'legacy-call', name),
          via: legacy.via,
          ...(legacy.module ? { module: legacy.module.id } : {}),
          ...(legacy.rule ? { rule: legacy.rule } : {}),
          ...(legacy.byName ? { byName: true as const } : {}),
        };
      }
    }
    if (!send) return undefined;
    return { ...this.#site(call, 'duplicate', send.kind, name), event: send.event, ...(send.socketIo ? { socketIo: true as const } : {}), ...this.#exclusion(false) };
  }

  #site(node: ts.Node, category: AuditSite['category'], kind: AuditSite['kind'], name: string): AuditSite {
    return { file: this.file, line: this.#line(node), category, kind, name };
  }

  /** Code in a legacy module's own file is listed under that module, never counted. */
  #exclusion(marked: boolean): Pick<AuditSite, 'excluded' | 'module'> {
    if (this.implemented) return { excluded: 'legacy-implementation', module: this.implemented.id };
    return marked ? { excluded: 'marker' } : {};
  }

  #imports(hasMarkers: boolean): AuditImport[] {
    return this.#references.map((reference) => ({
      file: this.file,
      line: this.#line(reference.literal),
      kind: reference.kind,
      ...(reference.match.module ? { module: reference.match.module.id } : {}),
      via: reference.match.via === 'legacy' ? 'legacy' : 'compat',
      specifier: reference.specifier,
      keptForMarkers: hasMarkers,
    }));
  }

  #moduleImports(): string[] {
    const ids = this.#references.flatMap((reference) => (reference.match.via === 'legacy' ? [reference.match.module.id] : []));
    return [...new Set(ids)];
  }

  #importsSocketIo(): boolean {
    const packages = this.ctx.rules.socketIo.packages;
    const names = (node: ts.Expression | undefined) => node !== undefined && ts.isStringLiteralLike(node) && packages.has(node.text);
    return (
      this.sourceFile.statements.some((statement) => ts.isImportDeclaration(statement) && names(statement.moduleSpecifier)) ||
      this.#scopes.collected.some(
        (node) => ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require' && names(node.arguments[0]),
      )
    );
  }

  #line(node: ts.Node): number {
    return this.sourceFile.getLineAndCharacterOfPosition(node.getStart(this.sourceFile)).line + 1;
  }
}

/** A short, one-line name for what is called: `getDefaultEmitterServer().forRun(…).agentStarted`, `io.to(…).emit`. */
function label(node: ts.Expression): string {
  const bare = unwrapExpression(node);
  let text: string;
  if (ts.isIdentifier(bare) || ts.isPrivateIdentifier(bare)) text = bare.text;
  else if (bare.kind === ts.SyntaxKind.ThisKeyword) text = 'this';
  else if (ts.isPropertyAccessExpression(bare)) text = `${label(bare.expression)}.${bare.name.text}`;
  else if (ts.isCallExpression(bare)) text = `${label(bare.expression)}(…)`;
  else if (ts.isNewExpression(bare)) text = `new ${label(bare.expression)}(…)`;
  else if (ts.isElementAccessExpression(bare)) text = `${label(bare.expression)}[…]`;
  else if (ts.isAwaitExpression(bare)) text = `(await ${label(bare.expression)})`;
  else text = '…';
  return text.length > 72 ? `…${text.slice(-71)}` : text;
}
