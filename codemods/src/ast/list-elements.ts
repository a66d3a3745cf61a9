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
  const gone = elements.map(removed);
  for (let first = 0; first < elements.length; first += 1) {
    if (!gone[first]) continue;
    let last = first;
    while (gone[last + 1]) last += 1;
    const [start, end, next, previous] = [elements[first], elements[last], elements[last + 1], elements[first - 1]];
    if (start && next) remove(start.getStart(sourceFile), next.getStart(sourceFile));
    else if (previous && end) remove(previous.getEnd(), end.getEnd());
    first = last;
  }
}
