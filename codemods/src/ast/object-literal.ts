import MagicString from 'magic-string';
import { ts } from './parse.js';
import { removeListElements } from './list-elements.js';
import type { Substitution } from './renames.js';
import { indentationAt } from './text.js';

/** The key of a property as written, when it is a plain name or a string. */
export function propertyKey(property: ts.ObjectLiteralElementLike): string | undefined {
  const name = property.name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

/** The value of a property: the initializer, or the name itself for `{ name }`. */
export function propertyValue(property: ts.ObjectLiteralElementLike): ts.Expression | undefined {
  if (ts.isPropertyAssignment(property)) return property.initializer;
  if (ts.isShorthandPropertyAssignment(property)) return property.name;
  return undefined;
}

export interface ObjectEdit {
  /** property -> new key (`{ thought }` becomes `{ reasoning: thought }`) */
  rename?: ReadonlyMap<ts.ObjectLiteralElementLike, string>;
  /** property -> new value text */
  revalue?: ReadonlyMap<ts.ObjectLiteralElementLike, string>;
  remove?: ReadonlySet<ts.ObjectLiteralElementLike>;
  /** `key: value` texts added after the last kept property */
  append?: ReadonlyArray<readonly [string, string]>;
  /** name substitutions decided earlier, applied inside the object first */
  substitutions?: readonly Substitution[];
}

/**
 * Rewrites an object literal's own text: renames, removals and additions are splices, so the
 * properties left alone keep their formatting and comments. Returns undefined when no property
 * is left (callers may then drop the argument).
 */
export function rewriteObjectLiteral(
  object: ts.ObjectLiteralExpression,
  sourceFile: ts.SourceFile,
  edit: ObjectEdit,
): string | undefined {
  const offset = object.getStart(sourceFile);
  const text = sourceFile.text.slice(offset, object.getEnd());
  const out = new MagicString(text);
  const at = (position: number) => position - offset;
  for (const substitution of edit.substitutions ?? []) out.overwrite(at(substitution.start), at(substitution.end), substitution.text);
  const properties = object.properties;
  const kept = properties.filter((property) => !edit.remove?.has(property));
  const append = edit.append ?? [];
  if (kept.length === 0 && append.length === 0) return undefined;
  if (kept.length === 0) return `{ ${append.map(([key, value]) => property(key, value)).join(', ')} }`;

  for (const property of kept) {
    const key = edit.rename?.get(property);
    const value = edit.revalue?.get(property);
    if (key === undefined && value === undefined) continue;
    if (ts.isShorthandPropertyAssignment(property)) {
      const name = out.slice(at(property.name.getStart(sourceFile)), at(property.name.getEnd()));
      out.overwrite(at(property.getStart(sourceFile)), at(property.getEnd()), `${key ?? name}: ${value ?? name}`);
      continue;
    }
    if (key !== undefined && property.name) out.overwrite(at(property.name.getStart(sourceFile)), at(property.name.getEnd()), key);
    const initializer = propertyValue(property);
    if (value !== undefined && initializer) out.overwrite(at(initializer.getStart(sourceFile)), at(initializer.getEnd()), value);
  }

  removeListElements(properties, (property) => edit.remove?.has(property as ts.ObjectLiteralElementLike) ?? false, sourceFile, (start, end) =>
    out.remove(at(start), at(end)),
  );

  const [first, last] = [kept[0], kept.at(-1)];
  if (append.length > 0 && first && last) {
    const anchor = at(last.getEnd());
    const multiline = text.includes('\n');
    const indent = multiline ? indentationAt(sourceFile.text, first.getStart(sourceFile)) : '';
    const eol = sourceFile.text.includes('\r\n') ? '\r\n' : '\n';
    const separator = multiline ? `,${eol}${indent}` : ', ';
    out.appendLeft(anchor, append.map(([key, value]) => `${separator}${property(key, value)}`).join(''));
  }
  return out.toString();
}

/** `key: value`, or `key` when the value is that very name. */
export function property(key: string, value: string): string {
  return key === value ? key : `${key}: ${value}`;
}
