import type { LogEntry } from './LogEntry.js';
import type { PersistentChange } from './RaftStorage.js';

/**
 * One server's Raft log (Figure 2), indexed from 1, with the rules that keep the logs of a cluster prefix-consistent
 * and a note of what changed since it was last handed to storage. The rules, each enforced below:
 *
 * - Election restriction (§5.4.1): a log is at least as up to date as another if its last term is later, or equal
 *   with at least as many entries ({@link isBehind}).
 * - AppendEntries consistency check: new entries are taken only after an entry that matches the leader's at
 *   `prevLogIndex` ({@link matches}).
 * - Merging the leader's entries ({@link merge}): an entry already held is left alone, so a late or duplicated
 *   request never cuts off newer entries; a conflicting entry is cut off with all after it, unless it is committed.
 */
export class RaftLog<C> {
  readonly #entries: LogEntry<C>[];
  /** The lowest index written since {@link takeChanges}; infinity when nothing was. */
  #changedFrom = Number.POSITIVE_INFINITY;

  constructor(entries: readonly LogEntry<C>[]) {
    this.#entries = [...entries];
  }

  /** The entries; entry `i` is `entries[i - 1]`. Read-only: a view, not a copy. */
  get entries(): readonly LogEntry<C>[] {
    return this.#entries;
  }

  get lastIndex(): number {
    return this.#entries.length;
  }

  /** The term of the last entry; 0 for an empty log. */
  get lastTerm(): number {
    return this.termAt(this.#entries.length) ?? 0;
  }

  /** The term of the entry at `index`; 0 for the empty prefix at index 0; `undefined` past the end of the log. */
  termAt(index: number): number | undefined {
    return index === 0 ? 0 : this.#entries[index - 1]?.term;
  }

  /** The entries at indexes `index + 1` to `upTo` (at most to the end of the log). */
  entriesAfter(index: number, upTo = this.#entries.length): LogEntry<C>[] {
    return this.#entries.slice(index, upTo);
  }

  /** Whether a log that ends with an entry of `lastTerm` at `lastIndex` is less up to date than this one. */
  isBehind(lastIndex: number, lastTerm: number): boolean {
    return lastTerm < this.lastTerm || (lastTerm === this.lastTerm && lastIndex < this.#entries.length);
  }

  /** Whether this log holds an entry of `prevLogTerm` at `prevLogIndex` (index 0, the empty prefix, always matches). */
  matches(prevLogIndex: number, prevLogTerm: number): boolean {
    return prevLogIndex <= this.#entries.length && this.termAt(prevLogIndex) === prevLogTerm;
  }

  /** Appends one entry of this node's own (a leader's). */
  append(entry: LogEntry<C>): void {
    this.#entries.push(entry);
    this.#changedFrom = Math.min(this.#changedFrom, this.#entries.length);
  }

  /**
   * Merges a leader's `entries`, which follow a matching entry at `prevLogIndex`. Returns false, changing nothing, if
   * they contradict an entry at or before `commitIndex`: a correct leader never does, so the request is faulty.
   */
  merge(prevLogIndex: number, entries: readonly LogEntry<C>[], commitIndex: number): boolean {
    for (const [offset, entry] of entries.entries()) {
      const index = prevLogIndex + 1 + offset;
      const existingTerm = this.termAt(index);
      if (existingTerm === entry.term) continue;
      if (existingTerm !== undefined) {
        // Nothing has changed yet when this returns: every earlier entry matched.
        if (index <= commitIndex) return false;
        // That entry and all after it were never committed; the leader's version replaces them.
        this.#entries.length = index - 1;
      }
      this.#entries.push(entry);
      this.#changedFrom = Math.min(this.#changedFrom, index);
    }
    return true;
  }

  /** What changed since the last call, in the form {@link PersistentChange} wants, or undefined if nothing did. */
  takeChanges(): PersistentChange<C>['log'] {
    const fromIndex = this.#changedFrom;
    if (fromIndex === Number.POSITIVE_INFINITY) return undefined;
    this.#changedFrom = Number.POSITIVE_INFINITY;
    return { fromIndex, entries: this.#entries.slice(fromIndex - 1) };
  }
}
