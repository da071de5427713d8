import type { LogEntry } from './LogEntry.js';
import type { NodeId } from './RaftMessage.js';

/** The two persistent scalars of Figure 2. */
export interface HardState {
  readonly currentTerm: number;
  /** The candidate this node voted for in `currentTerm`, or `null` if none yet. */
  readonly votedFor: NodeId | null;
}

/** Everything a node must find again after a crash: Figure 2's persistent state. */
export interface PersistentState<C> extends HardState {
  /** Entry `i` of the Raft log is `log[i - 1]`. */
  readonly log: readonly LogEntry<C>[];
}

/** What changed during one event; {@link RaftStorage.persist} must make it durable as one unit. */
export interface PersistentChange<C> {
  /** Always the current hard state, changed or not, so a storage can simply overwrite it. */
  readonly hardState: HardState;
  /** When present: delete every entry at index `>= fromIndex`, then append `entries` starting at `fromIndex`. */
  readonly log?: { readonly fromIndex: number; readonly entries: readonly LogEntry<C>[] };
}

/**
 * Durable storage for one node. The core calls `persist` at most once per event and always before it sends the
 * messages of that event, because a vote granted or an entry acknowledged and then forgotten in a crash is exactly
 * how two leaders, or a lost committed entry, come about.
 */
export interface RaftStorage<C> {
  /** Returns the state saved so far (`{ currentTerm: 0, votedFor: null, log: [] }` for a fresh node). */
  load(): PersistentState<C>;
  /**
   * Makes `change` durable before returning (a disk implementation writes and fsyncs). If it cannot, it must throw:
   * the core then sends nothing for that event, and the node should be restarted from what is on disk.
   */
  persist(change: PersistentChange<C>): void;
}
