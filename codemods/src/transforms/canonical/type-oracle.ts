import { ts } from '../../ast/parse.js';

/**
 * The second pass's only question to the type checker: is this expression's type one of the
 * legacy receiver types, declared by a legacy module (or by the compat package)? Asked only
 * for receivers that syntax could not place, and before any edit.
 */
export interface TypeOracle {
  /** the legacy type name, or undefined when the type is not a legacy receiver */
  legacyTypeOf(node: ts.Expression): string | undefined;
}

export function checkerOracle(
  checker: ts.TypeChecker,
  typeNames: ReadonlySet<string>,
  isLegacyFile: (fileName: string) => boolean,
): TypeOracle {
  return {
    legacyTypeOf(node) {
      const type = checker.getNonNullableType(checker.getTypeAtLocation(node));
      for (const member of type.isUnion() ? type.types : [type]) {
        for (const symbol of [member.aliasSymbol, member.getSymbol()]) {
          if (!symbol || !typeNames.has(symbol.getName())) continue;
          const declaration = symbol.declarations?.[0];
          if (declaration && isLegacyFile(declaration.getSourceFile().fileName)) return symbol.getName();
        }
      }
      return undefined;
    },
  };
}
