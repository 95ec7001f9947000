/**
 * Line and column of a UTF-16 offset. Why a table: a file can hold many findings and a minified file one
 * very long line; one pass over the text makes each lookup a binary search. Lines end at `\n`, `\r\n` or
 * a lone `\r` (as SARIF counts them); columns are 1-based UTF-16 code units (SARIF's `utf16CodeUnits`,
 * what editors such as VS Code count).
 */
export class LineIndex {
  readonly #text: string;
  /** Offset where each line starts. */
  readonly #starts: number[];

  constructor(text: string) {
    this.#text = text;
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.#starts = starts;
  }

  /** 1-based line and column of `offset` (an offset at the very end is on the last line). */
  position(offset: number): { line: number; column: number } {
    const line = this.lineOf(offset);
    return { line: line + 1, column: offset - this.#starts[line]! + 1 };
  }

  /** 0-based index of the line containing `offset`. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** [start, end) of a 0-based line, without its terminator. */
  lineBounds(line: number): { start: number; end: number } {
    const start = this.#starts[line]!;
    let end = line + 1 < this.#starts.length ? this.#starts[line + 1]! : this.#text.length;
    if (end > start && this.#text.charCodeAt(end - 1) === 10) end--;
    if (end > start && this.#text.charCodeAt(end - 1) === 13) end--;
    return { start, end };
  }
}
