import type { Quorum } from './Quorum.js';
import type { NodeId } from './RaftMessage.js';

/**
 * Figure 2's volatile state on leaders: for each peer, the next entry to send it (`nextIndex`) and how far its log is
 * known to match the leader's (`matchIndex`), reinitialized after each election. Replies can come late, twice or out
 * of order, so the rules are:
 *
 * - `matchIndex` only grows, and never past the leader's log: a late or duplicated success carries nothing new, and a
 *   claim beyond the log can only come from a faulty peer ({@link matched}).
 * - `nextIndex` steps back on a refusal, to the peer's hint if that is further back, but never to or below what the
 *   peer already acknowledged: a late refusal may predate that acknowledgement ({@link refused}).
 */
export class ReplicationProgress {
  readonly #peers: readonly NodeId[];
  readonly #quorum: Quorum;
  readonly #nextIndex = new Map<NodeId, number>();
  readonly #matchIndex = new Map<NodeId, number>();

  constructor(peers: readonly NodeId[], quorum: Quorum) {
    this.#peers = peers;
    this.#quorum = quorum;
  }

  /** A new leader with `lastLogIndex` entries knows nothing of its peers' logs yet, and first offers its next entry. */
  reset(lastLogIndex: number): void {
    for (const peer of this.#peers) {
      this.#nextIndex.set(peer, lastLogIndex + 1);
      this.#matchIndex.set(peer, 0);
    }
  }

  /** The index of the next entry to send `peer`; before any election, the one after `lastLogIndex`. */
  nextIndex(peer: NodeId, lastLogIndex: number): number {
    return this.#nextIndex.get(peer) ?? lastLogIndex + 1;
  }

  /** Records that `peer`'s log matches up to `matchIndex`; false if the reply carries nothing new or cannot be true. */
  matched(peer: NodeId, matchIndex: number, lastLogIndex: number): boolean {
    if (matchIndex <= (this.#matchIndex.get(peer) ?? 0) || matchIndex > lastLogIndex) return false;
    this.#matchIndex.set(peer, matchIndex);
    this.#nextIndex.set(peer, Math.max(this.nextIndex(peer, lastLogIndex), matchIndex + 1));
    return true;
  }

  /**
   * Records that `peer` refused an AppendEntries, its log matching no further than `hint`; true if `nextIndex` moved
   * back, and the peer is to be sent entries from there.
   */
  refused(peer: NodeId, hint: number, lastLogIndex: number): boolean {
    const nextIndex = this.nextIndex(peer, lastLogIndex);
    const retryFrom = Math.max((this.#matchIndex.get(peer) ?? 0) + 1, Math.min(nextIndex - 1, hint + 1));
    if (retryFrom >= nextIndex) return false;
    this.#nextIndex.set(peer, retryFrom);
    return true;
  }

  /** Whether the entry at `index` is stored on a majority, this leader included. */
  storedOnMajority(index: number): boolean {
    return this.#quorum.reachedBy((peer) => (this.#matchIndex.get(peer) ?? 0) >= index);
  }

  /** `matchIndex` by peer, for the status of a leader. */
  matchIndexes(): Record<NodeId, number> {
    return Object.fromEntries(this.#matchIndex);
  }
}
