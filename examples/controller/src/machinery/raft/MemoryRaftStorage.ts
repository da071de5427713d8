import type { LogEntry } from './LogEntry.js';
import type { PersistentChange, PersistentState, RaftStorage } from './RaftStorage.js';

/**
 * {@link RaftStorage} in memory, for simulations and tests: it outlives the `RaftCore` that uses it, the way a disk
 * outlives a crashed process. It copies on the way in and out so that a core can never share (and so silently
 * "persist") its in-memory log.
 */
export class MemoryRaftStorage<C> implements RaftStorage<C> {
  #state: PersistentState<C>;

  constructor(initial: PersistentState<C> = { currentTerm: 0, votedFor: null, log: [] }) {
    this.#state = { currentTerm: initial.currentTerm, votedFor: initial.votedFor, log: [...initial.log] };
  }

  /** What a restarted node would find; read it to check what was durable at a given moment. */
  get state(): PersistentState<C> {
    return this.#state;
  }

  load(): PersistentState<C> {
    return { ...this.#state, log: [...this.#state.log] };
  }

  persist(change: PersistentChange<C>): void {
    let log: readonly LogEntry<C>[] = this.#state.log;
    if (change.log !== undefined) {
      log = [...log.slice(0, change.log.fromIndex - 1), ...change.log.entries];
    }
    this.#state = { currentTerm: change.hardState.currentTerm, votedFor: change.hardState.votedFor, log };
  }
}
