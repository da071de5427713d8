/**
 * Lines of text joined in chunks as they come, so that a drawing of a large graph is not held as hundreds of
 * thousands of small strings until the end: every line dies young, and only the joined chunks are kept (which spares
 * the garbage collector copying each line from one space to the next).
 */
export class TextBuilder {
  static readonly #chunkLines = 1024;
  readonly #chunks: string[] = [];
  #lines: string[] = [];

  public line(text: string): void {
    this.#lines.push(text);
    if (this.#lines.length === TextBuilder.#chunkLines) this.#flush();
  }

  /** The lines, each ended by a newline. */
  public toString(): string {
    this.#flush();
    return this.#chunks.join('');
  }

  #flush(): void {
    if (this.#lines.length === 0) return;
    this.#chunks.push(`${this.#lines.join('\n')}\n`);
    this.#lines = [];
  }
}
