import type { ts } from './parse.js';

/**
 * Removes some elements of a comma-separated list (import specifiers, binding elements,
 * properties) so the rest stays well formed: each maximal run of removed elements goes up to
 * the next kept element, or, at the end of the list, from the end of the previous kept one.
 * Callers handle the case where nothing is kept. Positions are in the file's coordinates.
 */
export function removeListElements(
  elements: readonly ts.Node[],
  removed: (element: ts.Node) => boolean,
  sourceFile: ts.SourceFile,
  remove: (start: number, end: number) => void,
): void {
  for (let index = 0; index < elements.length; index += 1) {
    if (!removed(elements[index]!)) continue;
    let last = index;
    while (last + 1 < elements.length && removed(elements[last + 1]!)) last += 1;
    const next = elements[last + 1];
    if (next) remove(elements[index]!.getStart(sourceFile), next.getStart(sourceFile));
    else if (index > 0) remove(elements[index - 1]!.getEnd(), elements[last]!.getEnd());
    index = last;
  }
}
