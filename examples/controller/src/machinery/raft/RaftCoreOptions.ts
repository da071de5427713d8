import type { AppliedEntry } from './LogEntry.js';
import type { NodeId, RaftMessage } from './RaftMessage.js';
import type { RaftStorage } from './RaftStorage.js';
import type { Random } from './seededRandom.js';

/** Delivers messages to peers. Best effort: Raft tolerates loss, delay, duplication and reordering. */
export interface RaftTransport<C> {
  /** Must not call back into the core synchronously; queue the message and return. */
  send(message: RaftMessage<C>): void;
}

/** Receives committed entries, once each per core instance, in index order starting at 1. */
export interface RaftStateMachine<C> {
  /**
   * Applies one committed entry (no-ops included, so a waiter on that index learns it was superseded). A restarted
   * core applies the whole log again from index 1 (there are no snapshots), so the machine starts empty too.
   * Must not throw and must not call back into the core synchronously.
   */
  apply(entry: AppliedEntry<C>): void;
}

/** Milliseconds on any monotonic scale (`performance.now()` in a real node, a variable in a simulation). */
export interface RaftClock {
  now(): number;
}

/** How to construct a {@link RaftCore}. */
export interface RaftCoreOptions<C> {
  /** This node's id. */
  readonly id: NodeId;
  /** The other members of the cluster, without `id`. The membership is fixed. */
  readonly peers: readonly NodeId[];
  /** Where Figure 2's persistent state lives; loaded once by the constructor. */
  readonly storage: RaftStorage<C>;
  readonly transport: RaftTransport<C>;
  readonly stateMachine: RaftStateMachine<C>;
  readonly clock: RaftClock;
  /** Spreads election timeouts; inject a seeded one to make elections reproducible. Default: `Math.random`. */
  readonly random?: Random;
  /**
   * A follower or candidate that hears from no leader for a random time in `[min, max)` starts an election.
   * Randomness is what makes split votes rare. Default: `{ min: 150, max: 300 }` (the paper's suggestion).
   */
  readonly electionTimeout?: { readonly min: number; readonly max: number };
  /** How often a leader sends AppendEntries to every peer, entries or not. Must be below `electionTimeout.min`. Default: 50. */
  readonly heartbeatInterval?: number;
  /** The most entries one AppendEntries carries; a lagging follower catches up in batches. Default: 64. */
  readonly maxEntriesPerMessage?: number;
  /**
   * How far ahead of this node's term a message's term may take it at once. A message further ahead moves the node
   * to `currentTerm + maxTermLead` (a follower: taking a higher term is always safe) and is otherwise dropped; the
   * sender's next message moves it on. So one message, even from a peer's key, uses up at most this many terms of
   * the range, while a node that really ran that many elections still rejoins. Default: no limit.
   */
  readonly maxTermLead?: number;
}
