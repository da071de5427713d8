import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { writeFileAtomic } from './writeFileAtomic.js';

/**
 * One JSON document on disk, validated on load, replaced atomically on every write. Writes are serialised: each
 * `update` sees the result of the previous one, and `flushed()` resolves once everything written so far is on disk.
 */
export class JsonStore<T> {
  private document: T;
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    initial: T,
  ) {
    this.document = initial;
  }

  /**
   * Opens `file`, or starts from `empty` if it does not exist.
   *
   * @throws Error when the file exists but is not valid JSON or does not match `schema` (a corrupt store is not
   *   silently replaced).
   */
  public static async open<S extends z.ZodType>(file: string, schema: S, empty: z.infer<S>): Promise<JsonStore<z.infer<S>>> {
    let text: string | undefined;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text === undefined) return new JsonStore(file, empty);
    const parsed = schema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`store ${file} is corrupt: ${parsed.error.message}`);
    return new JsonStore(file, parsed.data);
  }

  /** The current document (the in-memory copy; it is what the next write will persist). */
  public get value(): T {
    return this.document;
  }

  /** Replaces the document with `change(current)` and persists it; resolves once it is on disk. */
  public async update(change: (current: T) => T): Promise<void> {
    this.document = change(this.document);
    const snapshot = `${JSON.stringify(this.document, null, 2)}\n`;
    const write = this.writing.then(() => writeFileAtomic(this.file, snapshot));
    // The chain must survive a failed write, so that later writes still run; the caller of this update sees the error.
    this.writing = write.catch(() => undefined);
    await write;
  }

  /** Resolves once every write started so far has finished. */
  public async flushed(): Promise<void> {
    await this.writing;
  }
}
