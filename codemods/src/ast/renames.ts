import type { ts } from './parse.js';

export interface Substitution {
  start: number;
  end: number;
  text: string;
}

/**
 * Name substitutions decided before any splice (a legacy constant that becomes the canonical
 * one). Text copied from the original into a rewritten call goes through `textOf`, so a
 * substitution inside a moved argument is not lost when the call around it is replaced.
 */
export class Renames {
  readonly #substitutions = new Map<ts.Node, Substitution>();

  constructor(private readonly sourceFile: ts.SourceFile) {}

  add(node: ts.Node, text: string): void {
    this.#substitutions.set(node, { start: node.getStart(this.sourceFile), end: node.getEnd(), text });
  }

  entries(): IterableIterator<[ts.Node, Substitution]> {
    return this.#substitutions.entries();
  }

  /** Substitutions inside [start, end). */
  within(start: number, end: number): Substitution[] {
    return [...this.#substitutions.values()].filter((substitution) => start <= substitution.start && substitution.end <= end);
  }

  /** The node's original text with the substitutions inside it applied. */
  textOf(node: ts.Node): string {
    const start = node.getStart(this.sourceFile);
    let text = this.sourceFile.text.slice(start, node.getEnd());
    for (const { start: from, end: to, text: replacement } of this.within(start, node.getEnd()).sort((a, b) => b.start - a.start)) {
      text = `${text.slice(0, from - start)}${replacement}${text.slice(to - start)}`;
    }
    return text;
  }
}
